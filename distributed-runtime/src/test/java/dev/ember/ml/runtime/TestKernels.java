package dev.ember.ml.runtime;

import dev.ember.ml.core.data.Partition;
import dev.ember.ml.core.data.Schema;
import dev.ember.ml.core.runtime.AggregateKernel;
import dev.ember.ml.core.runtime.KernelParams;
import dev.ember.ml.core.runtime.KernelProvider;
import dev.ember.ml.core.runtime.KernelRegistry;
import dev.ember.ml.core.runtime.MapKernel;
import dev.ember.ml.core.runtime.ValueCodec;
import dev.ember.ml.core.runtime.ValueCodecs;

/** Kernels for the cluster tests, registered on the test class path (which local executors share). */
public final class TestKernels implements KernelProvider {

    @Override
    public void registerKernels(KernelRegistry registry) {
        registry.registerAggregate(BigVector.class, BigVector::new);
        registry.registerAggregate(SumScaled.class, SumScaled::new);
        registry.registerMap(Identity.class, Identity::new);
    }

    /**
     * A vector of {@code length} doubles per partition, {@code v[i] = sin(partition * length + i) + rows}, summed:
     * larger than Aeron's largest message when length is above 2M, so partials and results travel in chunks.
     */
    public static final class BigVector implements AggregateKernel<double[]> {
        @Override
        public double[] zero(KernelParams params) {
            return new double[params.getInt("length")];
        }

        @Override
        public double[] seqOp(double[] acc, Partition partition, KernelParams params) {
            long base = (long) partition.index() * acc.length;
            for (int i = 0; i < acc.length; i++) {
                acc[i] += Math.sin(base + i) + partition.numRows();
            }
            return acc;
        }

        @Override
        public double[] combOp(double[] left, double[] right) {
            for (int i = 0; i < left.length; i++) {
                left[i] += right[i];
            }
            return left;
        }

        @Override
        public ValueCodec<double[]> codec() {
            return ValueCodecs.DOUBLE_ARRAY;
        }
    }

    /** Sums column {@code col} times the broadcast {@code scale[0]}, as {@code [sum]}. */
    public static final class SumScaled implements AggregateKernel<double[]> {
        @Override
        public double[] zero(KernelParams params) {
            return new double[1];
        }

        @Override
        public double[] seqOp(double[] acc, Partition partition, KernelParams params) {
            double s = params.getBroadcast("scale", double[].class)[0];
            var c = partition.column(params.getString("col"));
            for (int r = 0; r < c.length(); r++) {
                acc[0] += s * c.getDouble(r);
            }
            return acc;
        }

        @Override
        public double[] combOp(double[] left, double[] right) {
            left[0] += right[0];
            return left;
        }

        @Override
        public ValueCodec<double[]> codec() {
            return ValueCodecs.DOUBLE_ARRAY;
        }
    }

    /** Passes partitions through (a map node in the lineage). */
    public static final class Identity implements MapKernel {
        @Override
        public Partition apply(Partition input, KernelParams params, Schema outputSchema) {
            return input.select(outputSchema.names());
        }
    }
}
