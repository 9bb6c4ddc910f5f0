package dev.ember.ml.algo.clustering;

/**
 * What a {@link GaussianMixture} fit reports.
 *
 * @param k the number of components
 * @param logLikelihood the weighted total log-likelihood of the training rows at the final parameters
 * @param numIter the EM iterations run
 */
public record GaussianMixtureSummary(int k, double logLikelihood, int numIter) {
}
