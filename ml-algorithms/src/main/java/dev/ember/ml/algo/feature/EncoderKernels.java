package dev.ember.ml.algo.feature;

import dev.ember.ml.core.InvalidArgumentException;
import dev.ember.ml.core.data.Column;
import dev.ember.ml.core.data.ColumnBuilder;
import dev.ember.ml.core.data.Partition;
import dev.ember.ml.core.data.Schema;
import dev.ember.ml.core.runtime.AggregateKernel;
import dev.ember.ml.core.runtime.KernelParams;
import dev.ember.ml.core.runtime.MapKernel;
import dev.ember.ml.core.runtime.ValueCodec;
import dev.ember.ml.core.runtime.ValueCodecs;

import java.nio.DoubleBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** The kernels of {@link IndexToString} and {@link OneHotEncoder}: one pass over a partition each. */
final class EncoderKernels {
    /** The largest category index {@link OneHotEncoder} accepts (its output is a dense block). */
    static final double MAX_CATEGORY = Integer.MAX_VALUE - 2;

    private EncoderKernels() {
    }

    /**
     * @param v a value
     * @param bound exclusive upper bound
     * @return whether {@code v} is an integer in {@code [0, bound)}
     */
    static boolean isIndex(double v, double bound) {
        return v >= 0 && v < bound && v == Math.rint(v);
    }

    /** Maps indices to labels; null, NaN, fractional and out-of-range indices are refused. */
    static final class IndexToLabel implements MapKernel {
        @Override
        public Partition apply(Partition input, KernelParams params, Schema outputSchema) {
            String[] labels = params.getStringArray("labels");
            Column c = input.column(params.getString("inputCol"));
            int n = c.length();
            ColumnBuilder b = new ColumnBuilder(outputSchema.field(params.getString("outputCol")), n);
            for (int r = 0; r < n; r++) {
                double v = c.getDouble(r);
                if (c.isNull(r) || !isIndex(v, labels.length)) {
                    throw FeatureChecks.rowError("IndexToString", c, input, r, FeatureChecks.describe(c, r),
                        "an index 0.." + (labels.length - 1) + " into the " + labels.length + " labels"
                            + (v == labels.length ? " (index " + labels.length + " is StringIndexer's"
                            + " handleInvalid=keep bucket, which has no label)" : ""));
                }
                b.appendString(labels[(int) v]);
            }
            return input.withColumn(b.build());
        }
    }

    /**
     * The largest value of each of {@code inputCols}, as a {@code double[]} (-1 where a partition has no rows).
     * Every value must be a category index 0, 1, 2, ...: null, NaN, negative and fractional values are refused.
     */
    static final class CategorySizes implements AggregateKernel<double[]> {
        @Override
        public double[] zero(KernelParams params) {
            double[] m = new double[params.getStringArray("inputCols").length];
            Arrays.fill(m, -1);
            return m;
        }

        @Override
        public double[] seqOp(double[] acc, Partition partition, KernelParams params) {
            String[] cols = params.getStringArray("inputCols");
            for (int i = 0; i < cols.length; i++) {
                Column c = partition.column(cols[i]);
                double max = acc[i];
                for (int r = 0; r < c.length(); r++) {
                    double v = c.getDouble(r);
                    if (c.isNull(r) || !isIndex(v, MAX_CATEGORY + 1)) {
                        throw FeatureChecks.rowError("OneHotEncoder", c, partition, r,
                            FeatureChecks.describe(c, r), "a category index 0, 1, 2, ... (fitting refuses invalid"
                                + " values; handleInvalid applies when transforming)");
                    }
                    max = Math.max(max, v);
                }
                acc[i] = max;
            }
            return acc;
        }

        @Override
        public double[] combOp(double[] left, double[] right) {
            if (left.length != right.length) {
                throw new InvalidArgumentException("category sizes: found " + right.length + " columns, expected "
                    + left.length);
            }
            for (int i = 0; i < left.length; i++) {
                left[i] = Math.max(left[i], right[i]);
            }
            return left;
        }

        @Override
        public ValueCodec<double[]> codec() {
            return ValueCodecs.DOUBLE_ARRAY;
        }
    }

    /**
     * Writes one dense {@code vector<double>} block per input column: a 1 at the category's slot, zeros elsewhere.
     * Each column {@code i} has {@code sizes[i]} categories and an output of {@code widths[i]} slots. Invalid
     * values (null, NaN, negative, fractional or {@code >= sizes[i]}) go to slot {@code sizes[i]} when
     * {@code keepInvalid} (an all-zero row if that slot was dropped), else fail with column, partition and row;
     * a valid index beyond the width (the dropped last category) is an all-zero row.
     */
    static final class OneHot implements MapKernel {
        @Override
        public Partition apply(Partition input, KernelParams params, Schema outputSchema) {
            String[] in = params.getStringArray("inputCols");
            String[] outCols = params.getStringArray("outputCols");
            long[] sizes = params.getLongArray("sizes");
            long[] widths = params.getLongArray("widths");
            boolean keepInvalid = params.getBoolean("keepInvalid");
            int n = input.numRows();
            List<Column> out = new ArrayList<>(in.length);
            try {
                for (int i = 0; i < in.length; i++) {
                    Column c = input.column(in[i]);
                    Column o = Column.allocate(outputSchema.field(outCols[i]), n);
                    out.add(o);
                    int width = (int) widths[i];
                    DoubleBuffer dst = o.doubles();
                    for (int k = 0; k < n * width; k++) {
                        dst.put(k, 0.0);
                    }
                    for (int r = 0; r < n; r++) {
                        double v = c.getDouble(r);
                        long slot;
                        if (!c.isNull(r) && isIndex(v, sizes[i])) {
                            slot = (long) v;
                        } else if (keepInvalid) {
                            slot = sizes[i];
                        } else {
                            throw FeatureChecks.rowError("OneHotEncoderModel", c, input, r,
                                FeatureChecks.describe(c, r), "a category index 0.." + (sizes[i] - 1)
                                    + " as seen in fitting (set handleInvalid=keep to map invalid values to an"
                                    + " extra category)");
                        }
                        if (slot < width) {
                            dst.put(r * width + (int) slot, 1.0);
                        }
                    }
                }
            } catch (RuntimeException e) {
                out.forEach(Column::release);
                throw e;
            }
            return input.withColumns(out);
        }
    }
}
