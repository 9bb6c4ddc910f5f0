package dev.ember.ml.algo.stat;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The two passes of the column moments over an n x d block with SIMD, row by row in memory order, each row's
 * columns a vector at a time into per-column accumulators (each lane is one column, so no reductions across
 * lanes): pass one gathers the weighted sums, minima and maxima, pass two the weighted squared deviations from the
 * mean. Float elements are widened to double as they are loaded (exact), and every difference, product and sum is
 * formed in double, so a float block gives the moments of the same values held as doubles, to double rounding (as
 * the loss kernels do). Loaded only when the Vector API is present.
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
            sums(x, isFloat, r0, r1, d, w, chunkMean, min, max, labels, classSums);
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

    /** Loads {@code DS.length()} elements of row-major position {@code index} as doubles. */
    private static DoubleVector load(ByteBuffer x, boolean isFloat, int index) {
        return isFloat ? widen(x, index << 2) : DoubleVector.fromByteBuffer(DS, x, index << 3, ORDER);
    }

    /**
     * Adds {@code sum_r w_r x[r, j]} into {@code sum[j]}, folds {@code x[r, j]} into min and max, and adds each row
     * of a class {@code c >= 1} into {@code classSums[c - 1]} from the same loads (labels null: no class sums).
     * Row-major: each row is read once, in memory order, its columns a vector at a time into accumulators that stay
     * in L1 (a column-block-major walk re-reads every cache line once per block and splits loads across lines).
     */
    static void sums(ByteBuffer x, boolean isFloat, int r0, int n, int d, double[] w, double[] sum, double[] min,
                     double[] max, int[] labels, double[][] classSums) {
        int lanes = DS.length();
        int upper = DS.loopBound(d);
        int shift = isFloat ? 2 : 3;
        for (int r = r0; r < n; r++) {
            double wr = w == null ? 1 : w[r];
            if (wr == 0) {
                continue;   // a zero weight drops the row, as in Spark's Summarizer
            }
            int base = r * d;
            double[] own = labels != null && labels[r] > 0 ? classSums[labels[r] - 1] : null;
            for (int j = 0; j < upper; j += lanes) {
                DoubleVector v = load(x, isFloat, base + j);
                DoubleVector weighted = w == null ? v : v.mul(wr);
                DoubleVector.fromArray(DS, sum, j).add(weighted).intoArray(sum, j);
                DoubleVector.fromArray(DS, min, j).min(v).intoArray(min, j);
                DoubleVector.fromArray(DS, max, j).max(v).intoArray(max, j);
                if (own != null) {
                    DoubleVector.fromArray(DS, own, j).add(weighted).intoArray(own, j);
                }
            }
            for (int j = upper; j < d; j++) {
                double v = isFloat ? x.getFloat((base + j) << shift) : x.getDouble((base + j) << shift);
                double weighted = w == null ? v : wr * v;
                sum[j] += weighted;
                min[j] = Math.min(min[j], v);
                max[j] = Math.max(max[j], v);
                if (own != null) {
                    own[j] += weighted;
                }
            }
        }
    }

    /** Adds {@code sum_r w_r (x[r, j] - mean[j])^2} into {@code m2[j]}, row-major as {@link #sums}. */
    static void squaredDeviations(ByteBuffer x, boolean isFloat, int r0, int n, int d, double[] w, double[] mean,
                                  double[] m2) {
        int lanes = DS.length();
        int upper = DS.loopBound(d);
        int shift = isFloat ? 2 : 3;
        for (int r = r0; r < n; r++) {
            double wr = w == null ? 1 : w[r];
            if (wr == 0) {
                continue;   // a zero weight drops the row, as in Spark's Summarizer
            }
            int base = r * d;
            for (int j = 0; j < upper; j += lanes) {
                DoubleVector dev = load(x, isFloat, base + j).sub(DoubleVector.fromArray(DS, mean, j));
                DoubleVector acc = DoubleVector.fromArray(DS, m2, j);
                (w == null ? dev.fma(dev, acc) : dev.mul(wr).fma(dev, acc)).intoArray(m2, j);
            }
            for (int j = upper; j < d; j++) {
                double dev = (isFloat ? x.getFloat((base + j) << shift) : x.getDouble((base + j) << shift))
                    - mean[j];
                m2[j] += w == null ? dev * dev : wr * dev * dev;
            }
        }
    }
}
