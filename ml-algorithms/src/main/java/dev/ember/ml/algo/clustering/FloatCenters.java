package dev.ember.ml.algo.clustering;

/**
 * The nearest center of a block of rows ({@link BlockedRows}) computed in float32, twice the SIMD lanes of double,
 * with a proven error bound, so that every assignment is exactly the one the double kernel makes.
 *
 * <p>The expanded form {@code |x|^2 + |c|^2 - 2 x.c} costs one fused multiply-add per element and center (the
 * direct form two) and puts one row in each lane. With {@code u = 2^-24} and {@code S = |x|^2 + max |c|^2}, every
 * computed {@code D'} is within {@code eps = 4 (d + 4) u S} of the true squared distance {@code D} between the
 * row (as read in double) and the center: the rounding of the row and the center to float costs {@code 2u} of
 * each product, each float dot product and norm is within {@code (d + 1) u} of its magnitude, with
 * {@code |x.c| <= S / 2}, and the three roundings that combine them {@code 4 u S}, in all about
 * {@code (2d + 9) u S}. When the second-smallest {@code D'} exceeds the smallest by more than {@code 2 eps}, the
 * smallest is strictly the true nearest center, the one the double kernel finds. Otherwise (near-ties, ties,
 * values that could overflow float) the row is read again in double and assigned by the double kernel
 * ({@link RowMath#nearest(RowMath.Batch, int, double[], int, int)}). The distances reported are bounds, not
 * values: {@code D'_1 + eps} is above the distance to the assigned center and {@code max(0, D'_2 - eps)} below the
 * distance to any other, which is all Hamerly's bounds need.
 *
 * <p>This is the cancellation Spark guards against with the precision test in its {@code fastSquaredDistance};
 * here the test is a proof, so centers, cost and iterations equal the double kernel's to the bit.
 */
final class FloatCenters {
    private static final double U = 0x1.0p-24;
    /** Beyond this, float dot products and norms could overflow: such rows take the double kernel. */
    private static final double FLOAT_SAFE = 1e36;

    private final RowMath math;
    private final double[] centers;
    private final int k;
    private final int d;
    private final float[] cf;
    private final float[] cn;
    private final double maxNorm;
    private final double relative;
    private final double absolute;
    private final float[] xn = new float[BlockedRows.BLOCK];
    private final float[] d1 = new float[BlockedRows.BLOCK];
    private final float[] d2 = new float[BlockedRows.BLOCK];
    private final float[] best = new float[BlockedRows.BLOCK];
    private final double[] one;
    private final RowMath.Batch exact;
    /** The block's nearest centers. */
    final int[] assign = new int[BlockedRows.BLOCK];
    /** Upper bounds on the block's squared distances to their nearest centers. */
    final double[] upper = new double[BlockedRows.BLOCK];
    /** Lower bounds on the block's squared distances to every other center. */
    final double[] lower = new double[BlockedRows.BLOCK];
    private long uncertain;

    /**
     * @param centers the centers, flat {@code k x d}
     * @param k the number of centers
     * @param d the width
     */
    FloatCenters(double[] centers, int k, int d) {
        this(RowMath.INSTANCE, centers, k, d);
    }

    /**
     * @param math the kernels (SIMD or scalar)
     * @param centers the centers, flat {@code k x d}
     * @param k the number of centers
     * @param d the width
     */
    FloatCenters(RowMath math, double[] centers, int k, int d) {
        this.math = math;
        this.centers = centers;
        this.k = k;
        this.d = d;
        this.cf = new float[k * d];
        this.cn = new float[k];
        double max = 0;
        for (int i = 0; i < k; i++) {
            double s = 0;
            for (int j = 0; j < d; j++) {
                double v = centers[i * d + j];
                cf[i * d + j] = (float) v;
                s += v * v; // not Math.fma: this runs a few times per step, interpreted, where fma is a BigDecimal
            }
            cn[i] = (float) s;
            max = Math.max(max, s);
        }
        this.maxNorm = max;
        this.relative = 4.0 * (d + 4) * U;
        // float underflow: each rounding of a sum may lose up to 2^-149 absolutely
        this.absolute = 4.0 * (d + 4) * 0x1.0p-149;
        this.one = new double[d];
        this.exact = math.newBatch(d);
    }

    /**
     * Whether float arithmetic can bound the distances at this width: {@code (d + 4) u} must stay far below 1.
     *
     * @param d the width
     * @return whether {@link FloatCenters} applies
     */
    static boolean applies(int d) {
        return (d + 4) * U < 1e-3;
    }

    /** @return how many rows so far needed the double kernel */
    long uncertain() {
        return uncertain;
    }

    /**
     * Assigns the rows of a block, filling {@link #assign}, {@link #upper} and {@link #lower} for its first
     * {@code m} slots.
     *
     * @param t the block, {@code d x 8} ({@link BlockedRows#load})
     * @param m the rows in the block
     * @param rows the partition's rows, read again in double for the rows float cannot decide
     * @param start the block's first row
     */
    void assign(float[] t, int m, ClusterRows rows, int start) {
        math.nearestF(t, d, cf, cn, k, xn, d1, d2, best);
        for (int i = 0; i < m; i++) {
            double scale = xn[i] + maxNorm;
            double eps = relative * scale + absolute;
            double a = d1[i];
            double b = d2[i];
            if (scale < FLOAT_SAFE && b - a > 2 * eps) {
                assign[i] = (int) best[i];
                upper[i] = a + eps;
                lower[i] = Math.max(0, b - eps);
            } else {
                uncertain++;
                rows.read(start + i, one, false);
                math.put(exact, 0, one, d);
                math.nearest(exact, 1, centers, k, d);
                assign[i] = exact.assign[0];
                upper[i] = exact.d1[0];
                lower[i] = exact.d2[0];
            }
        }
    }
}
