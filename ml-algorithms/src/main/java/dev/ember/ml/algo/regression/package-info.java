/**
 * Regressors. {@link dev.ember.ml.algo.regression.LinearRegression}: elastic-net least squares by L-BFGS/OWL-QN
 * over one tree-aggregate pass per evaluation, or in closed form from the normal equations gathered in a
 * single pass (Cholesky, least-norm SVD when singular).
 */
package dev.ember.ml.algo.regression;
