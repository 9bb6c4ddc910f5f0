package dev.ember.ml.core.runtime;

import dev.ember.ml.core.data.Column;
import dev.ember.ml.core.data.ColumnBuilder;
import dev.ember.ml.core.data.DataType;
import dev.ember.ml.core.data.Field;
import dev.ember.ml.core.data.Partition;
import dev.ember.ml.core.data.Schema;

import java.nio.DoubleBuffer;

/** Test kernels: a column sum of a vector column, a failing kernel, and a row-wise scale. */
public final class SumKernels implements KernelProvider {

    @Override
    public void registerKernels(KernelRegistry registry) {
        registry.registerAggregate(VectorSum.class, VectorSum::new);
        registry.registerAggregate(Failing.class, Failing::new);
        registry.registerMap(Scale.class, Scale::new);
        registry.registerAggregate(MdcProbe.class, MdcProbe::new);
    }

    /** Sums column {@code col}'s vectors element-wise. */
    public static final class VectorSum implements AggregateKernel<double[]> {
        @Override
        public double[] zero(KernelParams params) {
            return new double[params.getInt("width")];
        }

        @Override
        public double[] seqOp(double[] acc, Partition partition, KernelParams params) {
            Column c = partition.column(params.getString("col"));
            DoubleBuffer b = c.doubles();
            int d = acc.length;
            for (int r = 0; r < c.length(); r++) {
                for (int j = 0; j < d; j++) {
                    acc[j] += b.get(r * d + j);
                }
            }
            return acc;
        }

        @Override
        public double[] combOp(double[] left, double[] right) {
            for (int j = 0; j < left.length; j++) {
                left[j] += right[j];
            }
            return left;
        }

        @Override
        public ValueCodec<double[]> codec() {
            return ValueCodecs.DOUBLE_ARRAY;
        }
    }

    /** Fails on partition {@code failOn}. */
    public static final class Failing implements AggregateKernel<Long> {
        @Override
        public Long zero(KernelParams params) {
            return 0L;
        }

        @Override
        public Long seqOp(Long acc, Partition partition, KernelParams params) {
            if (partition.index() == params.getInt("failOn")) {
                throw new IllegalStateException("boom in partition " + partition.index());
            }
            return acc + 1;
        }

        @Override
        public Long combOp(Long left, Long right) {
            return left + right;
        }

        @Override
        public ValueCodec<Long> codec() {
            return ValueCodecs.LONG;
        }
    }

    /** Counts partitions whose worker thread's MDC held a fit id, trace id, stage, round, task and executor. */
    public static final class MdcProbe implements AggregateKernel<Long> {
        static final java.util.Set<String> SEEN = java.util.concurrent.ConcurrentHashMap.newKeySet();

        @Override
        public Long zero(KernelParams params) {
            return 0L;
        }

        @Override
        public Long seqOp(Long acc, Partition partition, KernelParams params) {
            java.util.Map<String, String> mdc = org.slf4j.MDC.getCopyOfContextMap();
            SEEN.add(String.valueOf(mdc));
            boolean all = mdc != null && java.util.stream.Stream.of("fitId", "traceId", "stage", "round", "task",
                "executor").allMatch(k -> mdc.get(k) != null && !mdc.get(k).isEmpty())
                && mdc.get("task").equals(Integer.toString(partition.index()));
            return acc + (all ? 1 : 0);
        }

        @Override
        public Long combOp(Long left, Long right) {
            return left + right;
        }

        @Override
        public ValueCodec<Long> codec() {
            return ValueCodecs.LONG;
        }
    }

    /** Adds column {@code out} = {@code y * factor} (factor from a broadcast). */
    public static final class Scale implements MapKernel {
        @Override
        public Partition apply(Partition input, KernelParams params, Schema outputSchema) {
            double factor = params.getBroadcast("factor", double[].class)[0];
            Column y = input.column("y");
            ColumnBuilder b = new ColumnBuilder(Field.of(params.getString("out"), DataType.DOUBLE, false),
                y.length());
            for (int r = 0; r < y.length(); r++) {
                b.appendDouble(y.getDouble(r) * factor);
            }
            return input.withColumn(b.build());
        }
    }
}
