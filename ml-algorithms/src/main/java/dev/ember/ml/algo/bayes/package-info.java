/**
 * Naive Bayes classification: {@link dev.ember.ml.algo.bayes.NaiveBayes} (multinomial, Bernoulli, Gaussian and
 * complement, trained in one pass) and its {@link dev.ember.ml.algo.bayes.NaiveBayesModel}. Kernels and stages are
 * registered by {@link dev.ember.ml.algo.bayes.NaiveBayesKernels}.
 */
package dev.ember.ml.algo.bayes;
