package dev.ember.ml.algo.feature;

import dev.ember.ml.core.InvalidArgumentException;
import dev.ember.ml.core.data.Column;
import dev.ember.ml.core.data.Partition;
import dev.ember.ml.core.runtime.AggregateKernel;
import dev.ember.ml.core.runtime.KernelParams;
import dev.ember.ml.core.runtime.ValueCodec;
import dev.ember.ml.core.runtime.ValueCodecs;

/** Aggregate kernels of per-column moments over observed values, for statistics derived through imputation. */
final class MomentKernels {
    /** Values per column in the accumulator: observed count, mean, sum of squared deviations, min, max. */
    static final int STRIDE = 5;

    private MomentKernels() {
    }

    /**
     * Per column of {@code inputCols}: the count, mean, sum of squared deviations (M2), min and max of the values
     * that are neither null nor missing ({@code missingValue}, NaN matching NaN), the Imputer's notion of observed.
     * Layout {@code [rows, (n, mean, m2, min, max) per column]}; partitions merge by Chan's formulas.
     */
    static final class ObservedMoments implements AggregateKernel<double[]> {
        @Override
        public double[] zero(KernelParams params) {
            int m = params.getStringArray("inputCols").length;
            double[] acc = new double[1 + STRIDE * m];
            for (int i = 0; i < m; i++) {
                acc[1 + STRIDE * i + 3] = Double.POSITIVE_INFINITY;
                acc[1 + STRIDE * i + 4] = Double.NEGATIVE_INFINITY;
            }
            return acc;
        }

        @Override
        public double[] seqOp(double[] acc, Partition partition, KernelParams params) {
            String[] cols = params.getStringArray("inputCols");
            double missing = params.getDouble("missingValue");
            double[] part = zero(params);
            part[0] = partition.numRows();
            for (int i = 0; i < cols.length; i++) {
                Column c = partition.column(cols[i]);
                long n = 0;
                double sum = 0;
                double min = Double.POSITIVE_INFINITY;
                double max = Double.NEGATIVE_INFINITY;
                for (int r = 0; r < c.length(); r++) {
                    double x = c.getDouble(r);
                    if (!c.isNull(r) && !QuantileKernels.isMissing(x, missing)) {
                        n++;
                        sum += x;
                        min = Math.min(min, x);
                        max = Math.max(max, x);
                    }
                }
                double mean = n == 0 ? 0 : sum / n;
                double m2 = 0;
                for (int r = 0; r < c.length(); r++) {
                    double x = c.getDouble(r);
                    if (!c.isNull(r) && !QuantileKernels.isMissing(x, missing)) {
                        m2 += (x - mean) * (x - mean);
                    }
                }
                int at = 1 + STRIDE * i;
                part[at] = n;
                part[at + 1] = mean;
                part[at + 2] = m2;
                part[at + 3] = min;
                part[at + 4] = max;
            }
            return combOp(acc, part);
        }

        @Override
        public double[] combOp(double[] left, double[] right) {
            if (left.length != right.length) {
                throw new InvalidArgumentException("observed moments: found " + (right.length - 1) / STRIDE
                    + " columns, expected " + (left.length - 1) / STRIDE);
            }
            left[0] += right[0];
            for (int at = 1; at < left.length; at += STRIDE) {
                merge(left, at, right[at], right[at + 1], right[at + 2]);
                left[at + 3] = Math.min(left[at + 3], right[at + 3]);
                left[at + 4] = Math.max(left[at + 4], right[at + 4]);
            }
            return left;
        }

        @Override
        public ValueCodec<double[]> codec() {
            return ValueCodecs.DOUBLE_ARRAY;
        }
    }

    /**
     * Chan's merge of a group (n, mean, m2) into the group at {@code acc[at..at+2]}.
     *
     * @param acc the accumulator
     * @param at the group's offset
     * @param n the other group's count
     * @param mean its mean
     * @param m2 its sum of squared deviations
     */
    static void merge(double[] acc, int at, double n, double mean, double m2) {
        if (n == 0) {
            return;
        }
        double na = acc[at];
        double total = na + n;
        double delta = mean - acc[at + 1];
        acc[at + 1] += delta * (n / total);
        acc[at + 2] += m2 + delta * delta * (na * n / total);
        acc[at] = total;
    }
}
