package dev.ember.ml.algo.feature;

import dev.ember.ml.core.InvalidArgumentException;
import dev.ember.ml.core.data.Column;
import dev.ember.ml.core.data.Partition;
import dev.ember.ml.core.data.Schema;
import dev.ember.ml.core.runtime.AggregateKernel;
import dev.ember.ml.core.runtime.KernelArgs;
import dev.ember.ml.core.runtime.KernelParams;
import dev.ember.ml.core.runtime.MapKernel;
import dev.ember.ml.core.runtime.ValueCodec;
import dev.ember.ml.core.runtime.ValueCodecs;

import java.util.Arrays;

/**
 * The kernels of {@link MinMaxScaler}, {@link MaxAbsScaler} and {@link Normalizer}: one pass over a partition's
 * off-heap vector block each.
 */
final class ScalerKernels {
    private ScalerKernels() {
    }

    /**
     * What {@link Extrema} reads.
     *
     * @param stage the stage's simple name, for messages
     * @param inputCol the vector column
     */
    record ExtremaArgs(String stage, String inputCol) {
        static final KernelArgs<ExtremaArgs> CODEC = KernelArgs.of(
            a -> KernelParams.builder().put("stage", a.stage()).put("inputCol", a.inputCol()).build(),
            k -> new ExtremaArgs(k.getString("stage"), k.getString("inputCol")));

        KernelParams toParams() {
            return CODEC.encode(this);
        }
    }

    /**
     * What {@link Rescale} reads: {@code out = (in - shift) * factor + offset}, per element.
     *
     * @param stage the stage's simple name, for messages
     * @param inputCol the vector column
     * @param outputCol the output vector column
     * @param shift per element (not copied; read-only)
     * @param factor per element (not copied; read-only)
     * @param offset per element (not copied; read-only)
     */
    record RescaleArgs(String stage, String inputCol, String outputCol, double[] shift, double[] factor,
                       double[] offset) {
        static final KernelArgs<RescaleArgs> CODEC = KernelArgs.of(
            a -> KernelParams.builder().put("stage", a.stage()).put("inputCol", a.inputCol())
                .put("outputCol", a.outputCol()).put("shift", a.shift()).put("factor", a.factor())
                .put("offset", a.offset()).build(),
            k -> new RescaleArgs(k.getString("stage"), k.getString("inputCol"), k.getString("outputCol"),
                k.getDoubleArray("shift"), k.getDoubleArray("factor"), k.getDoubleArray("offset")));

        /** Checks that the three arrays have one width. */
        RescaleArgs {
            if (shift.length != factor.length || shift.length != offset.length) {
                throw new InvalidArgumentException(stage + ": found shift, factor and offset of widths "
                    + shift.length + ", " + factor.length + ", " + offset.length + ", expected one width");
            }
        }

        KernelParams toParams() {
            return CODEC.encode(this);
        }
    }

    /**
     * What {@link Normalize} reads.
     *
     * @param inputCol the vector column
     * @param outputCol the output vector column
     * @param p the norm's order ({@code >= 1}, {@code +Infinity} for the max norm)
     */
    record NormalizeArgs(String inputCol, String outputCol, double p) {
        static final KernelArgs<NormalizeArgs> CODEC = KernelArgs.of(
            a -> KernelParams.builder().put("inputCol", a.inputCol()).put("outputCol", a.outputCol())
                .put("p", a.p()).build(),
            k -> new NormalizeArgs(k.getString("inputCol"), k.getString("outputCol"), k.getDouble("p")));

        /** Checks the order. */
        NormalizeArgs {
            if (!(p >= 1)) {
                throw new InvalidArgumentException("Normalizer: found p " + p + ", expected p >= 1");
            }
        }

        KernelParams toParams() {
            return CODEC.encode(this);
        }
    }

    /**
     * Column minima and maxima of a vector column, as {@code [count, min_0..min_{d-1}, max_0..max_{d-1}]} (the
     * empty array is the neutral element). Null rows and non-finite values are refused with their partition, row
     * and element.
     */
    static final class Extrema implements AggregateKernel<double[]> {
        @Override
        public double[] zero(KernelParams params) {
            return new double[0];
        }

        @Override
        public double[] seqOp(double[] acc, Partition partition, KernelParams params) {
            ExtremaArgs args = ExtremaArgs.CODEC.decode(params);
            String stage = args.stage();
            Column x = partition.column(args.inputCol());
            FeatureChecks.requireNoNullRows(stage, x, partition);
            VectorBlock b = new VectorBlock(x);
            int d = b.width;
            double[] m = new double[1 + 2 * d];
            m[0] = b.rows;
            Arrays.fill(m, 1, 1 + d, Double.POSITIVE_INFINITY);
            Arrays.fill(m, 1 + d, 1 + 2 * d, Double.NEGATIVE_INFINITY);
            for (int r = 0; r < b.rows; r++) {
                for (int j = 0; j < d; j++) {
                    double v = b.get(r, j);
                    if (!Double.isFinite(v)) {
                        throw FeatureChecks.rowError(stage, x, partition, r, v + " at element " + j,
                            "a finite number (impute or filter it first)");
                    }
                    if (v < m[1 + j]) {
                        m[1 + j] = v;
                    }
                    if (v > m[1 + d + j]) {
                        m[1 + d + j] = v;
                    }
                }
            }
            return combOp(acc, m);
        }

        @Override
        public double[] combOp(double[] left, double[] right) {
            if (left.length == 0) {
                return right;
            }
            if (right.length == 0) {
                return left;
            }
            if (left.length != right.length) {
                throw new InvalidArgumentException("extrema: found width " + (right.length - 1) / 2 + ", expected "
                    + (left.length - 1) / 2);
            }
            int d = (left.length - 1) / 2;
            left[0] += right[0];
            for (int j = 1; j <= d; j++) {
                left[j] = Math.min(left[j], right[j]);
                left[d + j] = Math.max(left[d + j], right[d + j]);
            }
            return left;
        }

        @Override
        public ValueCodec<double[]> codec() {
            return ValueCodecs.DOUBLE_ARRAY;
        }
    }

    /**
     * {@code out[r, j] = (in[r, j] - shift[j]) * factor[j] + offset[j]}, fused, written straight off-heap in the
     * output's element type. NaN stays NaN. Null rows are refused.
     */
    static final class Rescale implements MapKernel {
        @Override
        public Partition apply(Partition input, KernelParams params, Schema outputSchema) {
            RescaleArgs args = RescaleArgs.CODEC.decode(params);
            double[] shift = args.shift();
            double[] factor = args.factor();
            double[] offset = args.offset();
            Column in = input.column(args.inputCol());
            FeatureChecks.requireNoNullRows(args.stage(), in, input);
            Column out = Column.allocate(outputSchema.field(args.outputCol()), input.numRows());
            VectorBlock src = new VectorBlock(in);
            VectorBlock dst = new VectorBlock(out);
            for (int r = 0; r < src.rows; r++) {
                for (int j = 0; j < src.width; j++) {
                    dst.set(r, j, (src.get(r, j) - shift[j]) * factor[j] + offset[j]);
                }
            }
            return input.withColumn(out);
        }
    }

    /**
     * Divides each row by its p-norm ({@code p >= 1}, {@code +Infinity} for the max norm); a row of norm 0 is
     * written unchanged and a row holding NaN becomes all NaN. Null rows are refused.
     */
    static final class Normalize implements MapKernel {
        @Override
        public Partition apply(Partition input, KernelParams params, Schema outputSchema) {
            NormalizeArgs args = NormalizeArgs.CODEC.decode(params);
            double p = args.p();
            Column in = input.column(args.inputCol());
            FeatureChecks.requireNoNullRows("Normalizer", in, input);
            Column out = Column.allocate(outputSchema.field(args.outputCol()), input.numRows());
            VectorBlock src = new VectorBlock(in);
            VectorBlock dst = new VectorBlock(out);
            for (int r = 0; r < src.rows; r++) {
                double norm = norm(src, r, p);
                for (int j = 0; j < src.width; j++) {
                    dst.set(r, j, norm == 0 ? src.get(r, j) : src.get(r, j) / norm);
                }
            }
            return input.withColumn(out);
        }

        static double norm(VectorBlock b, int r, double p) {
            double s = 0;
            if (p == 1) {
                for (int j = 0; j < b.width; j++) {
                    s += Math.abs(b.get(r, j));
                }
                return s;
            }
            if (p == 2) {
                for (int j = 0; j < b.width; j++) {
                    double v = b.get(r, j);
                    s += v * v;
                }
                return Math.sqrt(s);
            }
            if (p == Double.POSITIVE_INFINITY) {
                for (int j = 0; j < b.width; j++) {
                    double a = Math.abs(b.get(r, j));
                    if (a > s || Double.isNaN(a)) {
                        s = a;
                    }
                }
                return s;
            }
            for (int j = 0; j < b.width; j++) {
                s += Math.pow(Math.abs(b.get(r, j)), p);
            }
            return Math.pow(s, 1 / p);
        }
    }
}
