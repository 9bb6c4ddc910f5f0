package dev.ember.ml.algo.clustering;

import dev.ember.ml.algo.optim.VectorSupport;


/**
 * The inner loops of the clustering kernels: the squared Euclidean distance of a row to a center, the nearest
 * centers of a batch of rows, and adding a scaled row into sums. With the Java Vector API
 * ({@link VectorSupport}) they run on SIMD lanes ({@link VectorRowMath}); otherwise on scalar loops with four
 * partial sums. Either way every float is widened to double and every sum is in double, and the lanes are added
 * in a fixed order, so a result does not depend on when the JIT compiles the loop.
 */
abstract class RowMath {
    /** The implementation for this JVM. */
    static final RowMath INSTANCE = VectorSupport.AVAILABLE ? new VectorRowMath() : new RowMath() {
    };

    /**
     * @param x a row
     * @param c centers, flat
     * @param off where the center starts
     * @param d the width
     * @return {@code sum_j (x_j - c_j)^2}
     */
    double sqDist(double[] x, double[] c, int off, int d) {
        double s0 = 0;
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        int j = 0;
        for (; j + 3 < d; j += 4) {
            double a = x[j] - c[off + j];
            double b = x[j + 1] - c[off + j + 1];
            double e = x[j + 2] - c[off + j + 2];
            double f = x[j + 3] - c[off + j + 3];
            s0 += a * a;
            s1 += b * b;
            s2 += e * e;
            s3 += f * f;
        }
        for (; j < d; j++) {
            double a = x[j] - c[off + j];
            s0 += a * a;
        }
        return (s0 + s1) + (s2 + s3);
    }

    /**
     * {@link #sqDist} of a float row held in a transposed block ({@link BlockedRows}): the same value to the bit as
     * {@code sqDist} of the row widened to double.
     *
     * @param t the block, element {@code j} of the row at {@code j * stride + lane}
     * @param lane the row's lane
     * @param stride the block's lanes
     * @param c centers, flat
     * @param off where the center starts
     * @param d the width
     * @return {@code sum_j (x_j - c_j)^2}
     */
    double sqDistColumn(float[] t, int lane, int stride, double[] c, int off, int d) {
        double s0 = 0;
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        int j = 0;
        for (; j + 3 < d; j += 4) {
            double a = t[j * stride + lane] - c[off + j];
            double b = t[(j + 1) * stride + lane] - c[off + j + 1];
            double e = t[(j + 2) * stride + lane] - c[off + j + 2];
            double f = t[(j + 3) * stride + lane] - c[off + j + 3];
            s0 += a * a;
            s1 += b * b;
            s2 += e * e;
            s3 += f * f;
        }
        for (; j < d; j++) {
            double a = t[j * stride + lane] - c[off + j];
            s0 += a * a;
        }
        return (s0 + s1) + (s2 + s3);
    }

    /**
     * The squared distances of four rows to one center each, each exactly as {@link #sqDist} sums it (the SIMD
     * version interleaves the four sums so that they overlap in the pipeline).
     *
     * @param xs four rows, flat, row {@code i} at {@code i * d}
     * @param c centers, flat
     * @param o0 where row 0's center starts
     * @param o1 where row 1's center starts
     * @param o2 where row 2's center starts
     * @param o3 where row 3's center starts
     * @param d the width
     * @param out receives the four squared distances
     */
    void sqDist4(double[] xs, double[] c, int o0, int o1, int o2, int o3, int d, double[] out) {
        double[] x = new double[d];
        int[] offs = {o0, o1, o2, o3};
        for (int i = 0; i < 4; i++) {
            System.arraycopy(xs, i * d, x, 0, d);
            out[i] = sqDist(x, c, offs[i], d);
        }
    }

    /**
     * {@code out[off + j] += w * x[j]}.
     *
     * @param w the scale
     * @param x a row
     * @param out the sums
     * @param off where the row's sums start
     * @param d the width
     */
    void axpy(double w, double[] x, double[] out, int off, int d) {
        for (int j = 0; j < d; j++) {
            out[off + j] += w * x[j];
        }
    }

    /**
     * For the {@value BlockedRows#BLOCK} rows of a transposed block, in float32: each row's squared norm and the
     * smallest and second-smallest of {@code (|x|^2 + cn[c]) - 2 x.cf[c]} over the centers, with the index of the
     * smallest ({@link FloatCenters} bounds the rounding and certifies the result).
     *
     * @param t the block, {@code d x 8} (row {@code i} in column {@code i})
     * @param d the width
     * @param cf the centers in float, flat {@code k x d}
     * @param cn the centers' squared norms in float
     * @param k the number of centers
     * @param xn receives the rows' squared norms
     * @param d1 receives the smallest
     * @param d2 receives the second smallest
     * @param best receives the index of the smallest
     */
    void nearestF(float[] t, int d, float[] cf, float[] cn, int k, float[] xn, float[] d1, float[] d2, float[] best) {
        int n = BlockedRows.BLOCK;
        for (int i = 0; i < n; i++) {
            float s = 0;
            for (int j = 0; j < d; j++) {
                s = Math.fma(t[j * n + i], t[j * n + i], s);
            }
            xn[i] = s;
            float b1 = Float.POSITIVE_INFINITY;
            float b2 = Float.POSITIVE_INFINITY;
            int b = 0;
            for (int c = 0; c < k; c++) {
                float p = 0;
                for (int j = 0; j < d; j++) {
                    p = Math.fma(t[j * n + i], cf[c * d + j], p);
                }
                float v = Math.fma(-2f, p, s + cn[c]);
                if (v < b1) {
                    b2 = b1;
                    b1 = v;
                    b = c;
                } else if (v < b2) {
                    b2 = v;
                }
            }
            d1[i] = b1;
            d2[i] = b2;
            best[i] = b;
        }
    }

    /** @return how many rows {@link #nearest(ClusterRows, int[], int, double[], int, boolean, Batch)} takes at once */
    int batch() {
        return 1;
    }

    /** Scratch space and results of one batch of rows. */
    static final class Batch {
        final double[] x;
        final double[] transposed;
        final double[] dist;
        final int[] assign;
        final double[] d1;
        final double[] d2;

        Batch(int width, int size) {
            x = new double[width];
            transposed = new double[width * size];
            dist = new double[size];
            assign = new int[size];
            d1 = new double[size];
            d2 = new double[size];
        }
    }

    /** @param width the feature width @return scratch for this implementation's batches */
    Batch newBatch(int width) {
        return new Batch(width, batch());
    }

    /**
     * The nearest and second-nearest centers of up to {@link #batch()} rows: {@code b.assign[i]} (the lowest index
     * on a tie), {@code b.d1[i]} and {@code b.d2[i]} (squared distances) for row {@code rowIndex[i]}.
     *
     * @param rows the partition's rows
     * @param rowIndex the rows
     * @param count how many of them (at most {@link #batch()})
     * @param c the centers, flat {@code k x d}
     * @param k the number of centers
     * @param check whether to refuse non-finite elements
     * @param b scratch and results
     */
    void nearest(ClusterRows rows, int[] rowIndex, int count, double[] c, int k, boolean check, Batch b) {
        for (int i = 0; i < count; i++) {
            rows.read(rowIndex[i], b.x, check);
            put(b, i, b.x, rows.width);
        }
        nearest(b, count, c, k, rows.width);
    }

    /**
     * Places a row, already read, in slot {@code i} of a batch.
     *
     * @param b the batch
     * @param i the slot
     * @param x the row
     * @param d the width
     */
    void put(Batch b, int i, double[] x, int d) {
        System.arraycopy(x, 0, b.transposed, i * d, d);
    }

    /**
     * The nearest and second-nearest centers of the rows {@link #put} in slots {@code 0..count)}.
     *
     * @param b the batch
     * @param count the filled slots
     * @param c the centers, flat {@code k x d}
     * @param k the number of centers
     * @param d the width
     */
    void nearest(Batch b, int count, double[] c, int k, int d) {
        double[] nd = new double[2];
        for (int i = 0; i < count; i++) {
            System.arraycopy(b.transposed, i * d, b.x, 0, d);
            b.assign[i] = CenterMath.nearest(b.x, c, k, d, nd);
            b.d1[i] = nd[0];
            b.d2[i] = nd[1];
        }
    }
}
