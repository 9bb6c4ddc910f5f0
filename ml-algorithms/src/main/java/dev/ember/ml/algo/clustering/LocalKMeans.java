package dev.ember.ml.algo.clustering;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Weighted k-means on the driver, for the k-means|| candidates (as Spark's {@code LocalKMeans}): k-means++
 * seeding (Arthur and Vassilvitskii, "k-means++: the advantages of careful seeding", SODA 2007) where a point is
 * drawn with probability proportional to its weight times its cost to the centers so far, then weighted Lloyd
 * iterations until no assignment changes or {@code maxIter}; an empty cluster is given a random candidate. The
 * random stream is a {@link SplittableRandom} of the fit's seed.
 */
final class LocalKMeans {
    private LocalKMeans() {
    }

    /**
     * @param points candidate points, flat row-major {@code m x d}
     * @param weights one per point, summing to more than 0
     * @param k the number of centers, at most {@code m}
     * @param d the width
     * @param maxIter Lloyd iterations at most
     * @param seed the seed
     * @param unit whether points and centers have unit length (cosine)
     * @return the centers, flat row-major {@code k x d}
     */
    static double[] cluster(double[] points, double[] weights, int k, int d, int maxIter, long seed, boolean unit) {
        int m = weights.length;
        SplittableRandom rnd = new SplittableRandom(seed);
        double[] centers = new double[k * d];
        System.arraycopy(points, pickWeighted(rnd, weights, null) * d, centers, 0, d);
        double[] costs = new double[m];
        double[] x = new double[d];
        for (int j = 0; j < m; j++) {
            System.arraycopy(points, j * d, x, 0, d);
            costs[j] = CenterMath.cost(CenterMath.sqDist(x, centers, 0, d), unit);
        }
        for (int i = 1; i < k; i++) {
            int j = pickWeighted(rnd, weights, costs);
            if (j < 0) {
                j = rnd.nextInt(m);
            }
            System.arraycopy(points, j * d, centers, i * d, d);
            for (int p = 0; p < m; p++) {
                System.arraycopy(points, p * d, x, 0, d);
                costs[p] = Math.min(costs[p], CenterMath.cost(CenterMath.sqDist(x, centers, i * d, d), unit));
            }
        }
        int[] assign = new int[m];
        Arrays.fill(assign, -1);
        double[] nd = new double[2];
        boolean moved = true;
        for (int it = 0; it < maxIter && moved; it++) {
            moved = false;
            double[] sums = new double[k * d];
            double[] w = new double[k];
            for (int p = 0; p < m; p++) {
                System.arraycopy(points, p * d, x, 0, d);
                int c = CenterMath.nearest(x, centers, k, d, nd);
                if (c != assign[p]) {
                    moved = true;
                    assign[p] = c;
                }
                w[c] += weights[p];
                for (int j = 0; j < d; j++) {
                    sums[c * d + j] += weights[p] * x[j];
                }
            }
            for (int c = 0; c < k; c++) {
                if (w[c] == 0) {
                    System.arraycopy(points, rnd.nextInt(m) * d, centers, c * d, d);
                    continue;
                }
                for (int j = 0; j < d; j++) {
                    centers[c * d + j] = sums[c * d + j] / w[c];
                }
                if (unit) {
                    normalize(centers, c * d, d);
                }
            }
        }
        return centers;
    }

    /** Draws index j with probability {@code weights[j] * scale[j] / sum}; -1 when the sum is 0. */
    private static int pickWeighted(SplittableRandom rnd, double[] weights, double[] scale) {
        double sum = 0;
        for (int j = 0; j < weights.length; j++) {
            sum += weights[j] * (scale == null ? 1 : scale[j]);
        }
        if (!(sum > 0)) {
            return -1;
        }
        double r = rnd.nextDouble() * sum;
        double cum = 0;
        for (int j = 0; j < weights.length; j++) {
            cum += weights[j] * (scale == null ? 1 : scale[j]);
            if (cum >= r && weights[j] > 0) {
                return j;
            }
        }
        return -1;
    }

    /**
     * Scales {@code v[off .. off + d)} to unit length (left as is when it is 0).
     *
     * @param v the array
     * @param off the start
     * @param d the length
     */
    static void normalize(double[] v, int off, int d) {
        double ss = 0;
        for (int j = 0; j < d; j++) {
            ss += v[off + j] * v[off + j];
        }
        if (ss > 0) {
            double inv = 1 / Math.sqrt(ss);
            for (int j = 0; j < d; j++) {
                v[off + j] *= inv;
            }
        }
    }
}
