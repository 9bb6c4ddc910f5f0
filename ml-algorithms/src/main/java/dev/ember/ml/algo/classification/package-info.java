/**
 * Classifiers. {@link dev.ember.ml.algo.classification.LogisticRegression} (binomial and multinomial, elastic
 * net, L-BFGS or OWL-QN over one tree-aggregate pass per evaluation) and
 * {@link dev.ember.ml.algo.classification.LinearSVC} (the hinge QP or LP solved exactly: smoothed Newton with an
 * active-set polish, band LPs on the driver, each certified over all rows).
 */
package dev.ember.ml.algo.classification;
