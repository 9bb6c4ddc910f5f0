package dev.ember.ml.algo.clustering;

/**
 * Distances between rows and a flat row-major {@code k x d} array of centers, in double. Squared Euclidean
 * distances are summed over {@code (x - c)^2} directly (no {@code |x|^2 - 2 x.c + |c|^2} cancellation), by
 * {@link RowMath}.
 */
final class CenterMath {
    private CenterMath() {
    }

    /**
     * @param x a row
     * @param c the centers
     * @param off where the center starts in {@code c}
     * @param d the width
     * @return the squared Euclidean distance
     */
    static double sqDist(double[] x, double[] c, int off, int d) {
        return RowMath.INSTANCE.sqDist(x, c, off, d);
    }

    /**
     * @param x a row
     * @param c the centers, {@code k x d}
     * @param k the number of centers
     * @param d the width
     * @param out {@code out[0]} receives the nearest squared distance, {@code out[1]} the second nearest
     * @return the index of the nearest center (the lowest on a tie)
     */
    static int nearest(double[] x, double[] c, int k, int d, double[] out) {
        int best = 0;
        double d1 = Double.POSITIVE_INFINITY;
        double d2 = Double.POSITIVE_INFINITY;
        for (int i = 0; i < k; i++) {
            double v = sqDist(x, c, i * d, d);
            if (v < d1) {
                d2 = d1;
                d1 = v;
                best = i;
            } else if (v < d2) {
                d2 = v;
            }
        }
        out[0] = d1;
        out[1] = d2;
        return best;
    }

    /**
     * @param c the centers, {@code k x d}
     * @param k the number of centers
     * @param d the width
     * @return for each center half the Euclidean distance to its nearest other center (+infinity when k = 1)
     */
    static double[] halfSeparation(double[] c, int k, int d) {
        double[] s = new double[k];
        java.util.Arrays.fill(s, Double.POSITIVE_INFINITY);
        double[] ci = new double[d];
        for (int i = 0; i < k; i++) {
            System.arraycopy(c, i * d, ci, 0, d);
            for (int j = i + 1; j < k; j++) {
                double v = Math.sqrt(sqDist(ci, c, j * d, d)) / 2;
                s[i] = Math.min(s[i], v);
                s[j] = Math.min(s[j], v);
            }
        }
        return s;
    }

    /**
     * The cost of a squared Euclidean distance on the measure's scale: itself for {@code euclidean}; for
     * {@code cosine}, where rows and centers have unit length, the cosine distance {@code 1 - cos = dist^2 / 2}.
     *
     * @param sq a squared distance
     * @param unit whether the measure is cosine
     * @return the cost
     */
    static double cost(double sq, boolean unit) {
        return unit ? sq / 2 : sq;
    }
}
