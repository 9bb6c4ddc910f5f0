package dev.ember.ml.algo.tree.hist;

/**
 * Per-row random draws that depend only on the seed, the tree and the row's global index (never on the
 * partitioning or on thread timing), so that the same trees grow on 1, 4 or 16 partitions and on a cluster.
 */
final class RowSampler {
    private RowSampler() {
    }

    /** SplitMix64's finalizer. */
    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }

    /**
     * @param seed the fit's seed
     * @param tree the tree
     * @param row the global row index
     * @return a uniform draw in [0, 1)
     */
    static double uniform(long seed, int tree, long row) {
        long h = mix(mix(seed ^ 0x9e3779b97f4a7c15L * (tree + 1L)) + row * 0xd1b54a32d192ed03L);
        return (h >>> 11) * 0x1.0p-53;
    }

    /**
     * The row's multiplicity in the tree's sample: Poisson({@code rate}) when bootstrapping (as Spark's bagging),
     * else 1 with probability {@code rate} (sampling without replacement), and always 1 at rate 1 without
     * bootstrap.
     *
     * @param seed the fit's seed
     * @param tree the tree
     * @param row the global row index
     * @param rate the subsampling rate
     * @param bootstrap whether to draw with replacement
     * @return how many times the row is in the sample
     */
    static int multiplicity(long seed, int tree, long row, double rate, boolean bootstrap) {
        if (!bootstrap) {
            return rate >= 1 || uniform(seed, tree, row) < rate ? 1 : 0;
        }
        double u = uniform(seed, tree, row);
        double p = Math.exp(-rate);
        double cdf = p;
        int k = 0;
        while (u > cdf && k < 64) {
            k++;
            p *= rate / k;
            cdf += p;
        }
        return k;
    }
}
