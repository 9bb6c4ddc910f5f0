package dev.ember.ml.algo.clustering;

/**
 * What a {@link KMeans} fit reports, as Spark's {@code KMeansSummary}.
 *
 * @param k the number of centers (fewer than asked when the data has fewer distinct points)
 * @param trainingCost the weighted sum of squared Euclidean distances (cosine: of cosine distances) from each
 *     training row to its nearest final center
 * @param clusterSizes the number of training rows in each cluster
 * @param numIter the Lloyd iterations run
 */
public record KMeansSummary(int k, double trainingCost, long[] clusterSizes, int numIter) {
    /** Copies the sizes. */
    public KMeansSummary {
        clusterSizes = clusterSizes.clone();
    }

    /** @return the sizes (a copy) */
    @Override
    public long[] clusterSizes() {
        return clusterSizes.clone();
    }
}
