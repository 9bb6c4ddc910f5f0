/**
 * Classifiers. {@link dev.ember.ml.algo.classification.LogisticRegression} (binomial and multinomial, elastic
 * net, L-BFGS or OWL-QN over one tree-aggregate pass per evaluation).
 */
package dev.ember.ml.algo.classification;
