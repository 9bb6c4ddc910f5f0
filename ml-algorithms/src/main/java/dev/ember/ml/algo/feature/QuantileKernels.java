package dev.ember.ml.algo.feature;

import dev.ember.ml.core.InvalidArgumentException;
import dev.ember.ml.core.data.Column;
import dev.ember.ml.core.data.Partition;
import dev.ember.ml.core.runtime.AggregateKernel;
import dev.ember.ml.core.runtime.KernelParams;
import dev.ember.ml.core.runtime.ValueCodec;
import dev.ember.ml.core.runtime.ValueCodecs;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Exact order statistics and means of numeric columns, ignoring missing values, for {@link Imputer} and
 * {@link QuantileDiscretizer}. A value is missing when it is null, NaN, or equal to {@code missingValue}.
 *
 * <p>{@link SortedValues} keeps every non-missing value (8 bytes each): each partition sorts its own, and the tree
 * combines them by merging sorted runs, so the result is exact and independent of the partitioning. This is
 * meant for data of up to some tens of millions of values per column; it is the price of exactness that a
 * quantile sketch (Greenwald-Khanna, as Spark's {@code approxQuantile}) would trade for a rank error.
 */
final class QuantileKernels {
    private QuantileKernels() {
    }

    /**
     * @param v a value
     * @param missingValue the placeholder (NaN for none beyond NaN itself)
     * @return whether {@code v} counts as missing (NaN always does)
     */
    static boolean isMissing(double v, double missingValue) {
        return Double.isNaN(v) || v == missingValue;
    }

    /**
     * The spark quantile: the value of rank {@code ceil(p * n)} (1-based) of the sorted values, the smallest at
     * {@code p = 0}. This is the exact answer Spark's {@code approxQuantile} gives with {@code relativeError = 0},
     * and numpy's {@code quantile(method="inverted_cdf")}.
     *
     * @param sorted sorted values, at least one
     * @param p the probability in [0, 1]
     * @return the quantile
     */
    static double quantile(double[] sorted, double p) {
        long rank = (long) Math.ceil(p * sorted.length);
        return sorted[(int) Math.max(0, Math.min(sorted.length, rank) - 1)];
    }

    /**
     * @param sorted sorted values, at least one
     * @return the most frequent value, the smallest among ties
     */
    static double mode(double[] sorted) {
        double best = sorted[0];
        int bestRun = 0;
        int i = 0;
        while (i < sorted.length) {
            int j = i;
            while (j < sorted.length && sorted[j] == sorted[i]) {
                j++;
            }
            if (j - i > bestRun) {
                bestRun = j - i;
                best = sorted[i];
            }
            i = j;
        }
        return best;
    }

    /**
     * The sorted non-missing values of each of {@code inputCols} ({@code -0.0} read as {@code 0.0}), as a
     * {@code double[column][]}.
     */
    static final class SortedValues implements AggregateKernel<double[][]> {
        @Override
        public double[][] zero(KernelParams params) {
            double[][] z = new double[params.getStringArray("inputCols").length][];
            Arrays.fill(z, new double[0]);
            return z;
        }

        @Override
        public double[][] seqOp(double[][] acc, Partition partition, KernelParams params) {
            String[] cols = params.getStringArray("inputCols");
            double missing = params.getDouble("missingValue");
            double[][] part = new double[cols.length][];
            for (int i = 0; i < cols.length; i++) {
                Column c = partition.column(cols[i]);
                double[] v = new double[c.length()];
                int k = 0;
                for (int r = 0; r < v.length; r++) {
                    double x = c.getDouble(r);
                    if (!c.isNull(r) && !isMissing(x, missing)) {
                        v[k++] = x + 0.0;
                    }
                }
                part[i] = Arrays.copyOf(v, k);
                Arrays.sort(part[i]);
            }
            return combOp(acc, part);
        }

        @Override
        public double[][] combOp(double[][] left, double[][] right) {
            if (left.length != right.length) {
                throw new InvalidArgumentException("sorted values: found " + right.length + " columns, expected "
                    + left.length);
            }
            for (int i = 0; i < left.length; i++) {
                left[i] = merge(left[i], right[i]);
            }
            return left;
        }

        private static double[] merge(double[] a, double[] b) {
            if (a.length == 0) {
                return b;
            }
            if (b.length == 0) {
                return a;
            }
            double[] out = new double[a.length + b.length];
            int i = 0;
            int j = 0;
            int k = 0;
            while (i < a.length && j < b.length) {
                out[k++] = a[i] <= b[j] ? a[i++] : b[j++];
            }
            System.arraycopy(a, i, out, k, a.length - i);
            System.arraycopy(b, j, out, k + a.length - i, b.length - j);
            return out;
        }

        @Override
        public ValueCodec<double[][]> codec() {
            return ARRAYS;
        }
    }

    /**
     * The count and mean of the non-missing values of each of {@code inputCols}:
     * {@code [count_0..count_{c-1}, mean_0..mean_{c-1}]}. Partitions merge with the pairwise mean update.
     */
    static final class Means implements AggregateKernel<double[]> {
        @Override
        public double[] zero(KernelParams params) {
            return new double[2 * params.getStringArray("inputCols").length];
        }

        @Override
        public double[] seqOp(double[] acc, Partition partition, KernelParams params) {
            String[] cols = params.getStringArray("inputCols");
            double missing = params.getDouble("missingValue");
            int m = cols.length;
            double[] part = new double[2 * m];
            for (int i = 0; i < m; i++) {
                Column c = partition.column(cols[i]);
                long n = 0;
                double sum = 0;
                for (int r = 0; r < c.length(); r++) {
                    double x = c.getDouble(r);
                    if (!c.isNull(r) && !isMissing(x, missing)) {
                        n++;
                        sum += x;
                    }
                }
                part[i] = n;
                part[m + i] = n == 0 ? 0 : sum / n;
            }
            return combOp(acc, part);
        }

        @Override
        public double[] combOp(double[] left, double[] right) {
            if (left.length != right.length) {
                throw new InvalidArgumentException("means: found " + right.length / 2 + " columns, expected "
                    + left.length / 2);
            }
            int m = left.length / 2;
            for (int i = 0; i < m; i++) {
                double n = left[i] + right[i];
                if (right[i] > 0) {
                    left[m + i] += (right[m + i] - left[m + i]) * (right[i] / n);
                }
                left[i] = n;
            }
            return left;
        }

        @Override
        public ValueCodec<double[]> codec() {
            return ValueCodecs.DOUBLE_ARRAY;
        }
    }

    /** A count-prefixed list of length-prefixed double arrays. */
    static final ValueCodec<double[][]> ARRAYS = new ValueCodec<>() {
        @Override
        public int encodedLength(double[][] value) {
            int n = 4;
            for (double[] a : value) {
                n += ValueCodecs.DOUBLE_ARRAY.encodedLength(a);
            }
            return n;
        }

        @Override
        public void encode(double[][] value, ByteBuffer out) {
            out.putInt(value.length);
            for (double[] a : value) {
                ValueCodecs.DOUBLE_ARRAY.encode(a, out);
            }
        }

        @Override
        public double[][] decode(ByteBuffer in) {
            int n = ValueCodecs.checkedLength(in, 4);
            double[][] out = new double[n][];
            for (int i = 0; i < n; i++) {
                out[i] = ValueCodecs.DOUBLE_ARRAY.decode(in);
            }
            return out;
        }
    };
}
