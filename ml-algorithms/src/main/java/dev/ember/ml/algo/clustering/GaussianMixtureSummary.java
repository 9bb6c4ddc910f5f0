package dev.ember.ml.algo.clustering;

/**
 * What a {@link GaussianMixture} fit reports.
 *
 * @param k the number of components
 * @param logLikelihood the weighted total log-likelihood of the training rows at the final parameters
 * @param numIter the EM iterations run
 * @param logLikelihoodHistory the total log-likelihood at the start and after each iteration ({@code numIter + 1}
 *     values, the last one {@link #logLikelihood})
 */
public record GaussianMixtureSummary(int k, double logLikelihood, int numIter, double[] logLikelihoodHistory) {
    /** Copies the history. */
    public GaussianMixtureSummary {
        logLikelihoodHistory = logLikelihoodHistory.clone();
    }

    /** @return the history (a copy) */
    @Override
    public double[] logLikelihoodHistory() {
        return logLikelihoodHistory.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof GaussianMixtureSummary s && s.k == k && Double.compare(s.logLikelihood, logLikelihood) == 0
            && s.numIter == numIter && java.util.Arrays.equals(s.logLikelihoodHistory, logLikelihoodHistory);
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(k, logLikelihood, numIter, java.util.Arrays.hashCode(logLikelihoodHistory));
    }
}
