package dev.ember.ml.algo.stat;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The two passes of the column moments over an n x d block with SIMD, a block of columns at a time down the rows
 * (each lane is one column, so no reductions across lanes): pass one gathers the weighted sums, minima and
 * maxima, pass two the weighted squared deviations from the mean. Float elements are widened to double as they
 * are loaded (exact), and every difference, product and sum is formed in double, so a float block gives the
 * moments of the same values held as doubles, to double rounding (as the loss kernels do). Loaded only when the
 * Vector API is present.
 */
final class SimdMoments {
    private static final VectorSpecies<Double> DS = DoubleVector.SPECIES_PREFERRED;
    /** Floats as many as {@link #DS} has lanes, widened to one double vector per load. */
    private static final VectorSpecies<Float> FH = VectorSpecies.of(float.class,
        VectorShape.forBitSize(DS.vectorBitSize() / 2));
    private static final ByteOrder ORDER = ByteOrder.nativeOrder();

    private SimdMoments() {
    }

    /** Loads {@code DS.length()} floats at a byte offset and widens them to doubles. */
    private static DoubleVector widen(ByteBuffer x, int byteOffset) {
        return (DoubleVector) FloatVector.fromByteBuffer(FH, x, byteOffset, ORDER)
            .convertShape(VectorOperators.F2D, DS, 0);
    }

    /** Rows per chunk: a chunk of a 50-wide float block is 50 KiB, read twice while it is in cache. */
    private static final int CHUNK_ROWS = 256;

    /**
     * The weighted mean, the sum of weighted squared deviations from it, min and max of every column of a
     * row-major block, in one sweep over memory: each chunk of rows is summed and then its squared deviations
     * from its own mean are added while it is in cache (two-pass accuracy), and the chunks are merged by Chan's
     * formulas.
     *
     * @param x the block
     * @param isFloat whether its elements are floats (widened to double before any arithmetic)
     * @param n rows
     * @param d columns
     * @param w row weights, or null for ones
     * @param mean out: the weighted means (0 when every weight is 0)
     * @param m2 out: {@code sum_r w_r (x[r, j] - mean[j])^2}
     * @param min in/out: folded with every row's values
     * @param max in/out: folded with every row's values
     * @param labels each row's class, or -1 for a row of weight 0; null to gather no per-class sums
     * @param classSums in/out when {@code labels} is given: row {@code c - 1} adds {@code sum_{y=c} w x} for
     *     every class {@code c >= 1} present (sized by the caller)
     */
    static void moments(ByteBuffer x, boolean isFloat, int n, int d, double[] w, double[] mean, double[] m2,
                        double[] min, double[] max, int[] labels, double[][] classSums) {
        double[] chunkMean = new double[d];
        double[] chunkM2 = new double[d];
        double total = 0;
        for (int r0 = 0; r0 < n; r0 += CHUNK_ROWS) {
            int r1 = Math.min(n, r0 + CHUNK_ROWS);
            double wc = r1 - r0;
            if (w != null) {
                wc = 0;
                for (int r = r0; r < r1; r++) {
                    wc += w[r];
                }
            }
            java.util.Arrays.fill(chunkMean, 0);
            sums(x, isFloat, r0, r1, d, w, chunkMean, min, max);
            if (labels != null) {
                classSums(x, isFloat, r0, r1, d, w, labels, classSums);   // while the chunk is in cache
            }
            if (!(wc > 0)) {
                continue;
            }
            for (int j = 0; j < d; j++) {
                chunkMean[j] /= wc;
            }
            java.util.Arrays.fill(chunkM2, 0);
            squaredDeviations(x, isFloat, r0, r1, d, w, chunkMean, chunkM2);
            double merged = total + wc;
            for (int j = 0; j < d; j++) {
                double delta = chunkMean[j] - mean[j];
                mean[j] += delta * (wc / merged);
                m2[j] += chunkM2[j] + delta * delta * (total * wc / merged);
            }
            total = merged;
        }
    }

    /** Adds each row of a class {@code c >= 1}, weighted, into {@code classSums[c - 1]}. */
    static void classSums(ByteBuffer x, boolean isFloat, int r0, int n, int d, double[] w, int[] labels,
                          double[][] classSums) {
        int lanes = DS.length();
        int upper = DS.loopBound(d);
        int shift = isFloat ? 2 : 3;
        for (int r = r0; r < n; r++) {
            int c = labels[r];
            if (c <= 0) {
                continue;
            }
            double[] s = classSums[c - 1];
            double wr = w == null ? 1 : w[r];
            for (int j = 0; j < upper; j += lanes) {
                DoubleVector v = isFloat ? widen(x, (r * d + j) << 2)
                    : DoubleVector.fromByteBuffer(DS, x, (r * d + j) << 3, ORDER);
                DoubleVector acc = DoubleVector.fromArray(DS, s, j);
                (w == null ? acc.add(v) : v.fma(DoubleVector.broadcast(DS, wr), acc)).intoArray(s, j);
            }
            for (int j = upper; j < d; j++) {
                double v = isFloat ? x.getFloat((r * d + j) << shift) : x.getDouble((r * d + j) << shift);
                s[j] += wr * v;
            }
        }
    }

    /** Adds {@code sum_r w_r x[r, j]} into {@code sum[j]} and folds {@code x[r, j]} into min and max. */
    static void sums(ByteBuffer x, boolean isFloat, int r0, int n, int d, double[] w, double[] sum, double[] min,
                     double[] max) {
        if (isFloat) {
            int lanes = DS.length();
            int upper = DS.loopBound(d);
            for (int j = 0; j < upper; j += lanes) {
                DoubleVector acc = DoubleVector.zero(DS);
                DoubleVector lo = DoubleVector.broadcast(DS, Double.POSITIVE_INFINITY);
                DoubleVector hi = DoubleVector.broadcast(DS, Double.NEGATIVE_INFINITY);
                int r = r0;
                if (w == null) {
                    // unit weights: two rows per step in independent accumulators, so the adds do not wait on
                    // one another (the pairs are added in a fixed order: the same result on every run)
                    DoubleVector acc2 = DoubleVector.zero(DS);
                    DoubleVector lo2 = lo;
                    DoubleVector hi2 = hi;
                    for (; r + 1 < n; r += 2) {
                        DoubleVector v = widen(x, (r * d + j) << 2);
                        DoubleVector v2 = widen(x, ((r + 1) * d + j) << 2);
                        acc = acc.add(v);
                        acc2 = acc2.add(v2);
                        lo = lo.min(v);
                        lo2 = lo2.min(v2);
                        hi = hi.max(v);
                        hi2 = hi2.max(v2);
                    }
                    acc = acc.add(acc2);
                    lo = lo.min(lo2);
                    hi = hi.max(hi2);
                }
                for (; r < n; r++) {
                    if (w != null && w[r] == 0) {
                        continue;   // a zero weight drops the row, as in Spark's Summarizer
                    }
                    DoubleVector v = widen(x, (r * d + j) << 2);
                    acc = w == null ? acc.add(v) : v.fma(DoubleVector.broadcast(DS, w[r]), acc);
                    lo = lo.min(v);
                    hi = hi.max(v);
                }
                double[] s = acc.toArray();
                double[] a = lo.toArray();
                double[] b = hi.toArray();
                for (int l = 0; l < lanes; l++) {
                    sum[j + l] += s[l];
                    min[j + l] = Math.min(min[j + l], a[l]);
                    max[j + l] = Math.max(max[j + l], b[l]);
                }
            }
            scalarSums(x, true, r0, n, d, upper, w, sum, min, max);
        } else {
            int lanes = DS.length();
            int upper = DS.loopBound(d);
            for (int j = 0; j < upper; j += lanes) {
                DoubleVector acc = DoubleVector.zero(DS);
                DoubleVector lo = DoubleVector.broadcast(DS, Double.POSITIVE_INFINITY);
                DoubleVector hi = DoubleVector.broadcast(DS, Double.NEGATIVE_INFINITY);
                for (int r = r0; r < n; r++) {
                    if (w != null && w[r] == 0) {
                        continue;   // a zero weight drops the row, as in Spark's Summarizer
                    }
                    DoubleVector v = DoubleVector.fromByteBuffer(DS, x, (r * d + j) << 3, ORDER);
                    acc = w == null ? acc.add(v) : v.fma(DoubleVector.broadcast(DS, w[r]), acc);
                    lo = lo.min(v);
                    hi = hi.max(v);
                }
                double[] s = acc.toArray();
                double[] a = lo.toArray();
                double[] b = hi.toArray();
                for (int l = 0; l < lanes; l++) {
                    sum[j + l] += s[l];
                    min[j + l] = Math.min(min[j + l], a[l]);
                    max[j + l] = Math.max(max[j + l], b[l]);
                }
            }
            scalarSums(x, false, r0, n, d, upper, w, sum, min, max);
        }
    }

    private static void scalarSums(ByteBuffer x, boolean isFloat, int r0, int n, int d, int from, double[] w,
                                   double[] sum,
                                   double[] min, double[] max) {
        for (int j = from; j < d; j++) {
            double s = 0;
            for (int r = r0; r < n; r++) {
                if (w != null && w[r] == 0) {
                    continue;   // a zero weight drops the row, as in Spark's Summarizer
                }
                double v = isFloat ? x.getFloat((r * d + j) << 2) : x.getDouble((r * d + j) << 3);
                s += w == null ? v : w[r] * v;
                min[j] = Math.min(min[j], v);
                max[j] = Math.max(max[j], v);
            }
            sum[j] += s;
        }
    }

    /** Adds {@code sum_r w_r (x[r, j] - mean[j])^2} into {@code m2[j]}. */
    static void squaredDeviations(ByteBuffer x, boolean isFloat, int r0, int n, int d, double[] w, double[] mean,
                                  double[] m2) {
        int upper;
        if (isFloat) {
            int lanes = DS.length();
            upper = DS.loopBound(d);
            for (int j = 0; j < upper; j += lanes) {
                DoubleVector mu = DoubleVector.fromArray(DS, mean, j);
                DoubleVector acc = DoubleVector.zero(DS);
                int r = r0;
                if (w == null) {
                    // unit weights: two rows per step in independent accumulators, added in a fixed order
                    DoubleVector acc2 = DoubleVector.zero(DS);
                    for (; r + 1 < n; r += 2) {
                        DoubleVector dev = widen(x, (r * d + j) << 2).sub(mu);
                        DoubleVector dev2 = widen(x, ((r + 1) * d + j) << 2).sub(mu);
                        acc = dev.fma(dev, acc);
                        acc2 = dev2.fma(dev2, acc2);
                    }
                    acc = acc.add(acc2);
                }
                for (; r < n; r++) {
                    if (w != null && w[r] == 0) {
                        continue;   // a zero weight drops the row, as in Spark's Summarizer
                    }
                    DoubleVector dev = widen(x, (r * d + j) << 2).sub(mu);
                    acc = w == null ? dev.fma(dev, acc) : dev.mul(w[r]).fma(dev, acc);
                }
                double[] s = acc.toArray();
                for (int l = 0; l < lanes; l++) {
                    m2[j + l] += s[l];
                }
            }
        } else {
            int lanes = DS.length();
            upper = DS.loopBound(d);
            for (int j = 0; j < upper; j += lanes) {
                DoubleVector mu = DoubleVector.fromArray(DS, mean, j);
                DoubleVector acc = DoubleVector.zero(DS);
                for (int r = r0; r < n; r++) {
                    if (w != null && w[r] == 0) {
                        continue;   // a zero weight drops the row, as in Spark's Summarizer
                    }
                    DoubleVector dev = DoubleVector.fromByteBuffer(DS, x, (r * d + j) << 3, ORDER).sub(mu);
                    acc = w == null ? dev.fma(dev, acc) : dev.mul(w[r]).fma(dev, acc);
                }
                double[] s = acc.toArray();
                for (int l = 0; l < lanes; l++) {
                    m2[j + l] += s[l];
                }
            }
        }
        for (int j = upper; j < d; j++) {
            double s = 0;
            for (int r = r0; r < n; r++) {
                if (w != null && w[r] == 0) {
                    continue;   // a zero weight drops the row, as in Spark's Summarizer
                }
                double dev = (isFloat ? x.getFloat((r * d + j) << 2) : x.getDouble((r * d + j) << 3)) - mean[j];
                s += w == null ? dev * dev : w[r] * dev * dev;
            }
            m2[j] += s;
        }
    }
}
