package dev.ember.ml.bench.cluster;

import dev.ember.ml.core.data.Partition;
import dev.ember.ml.core.runtime.AggregateKernel;
import dev.ember.ml.core.runtime.KernelParams;
import dev.ember.ml.core.runtime.KernelProvider;
import dev.ember.ml.core.runtime.KernelRegistry;
import dev.ember.ml.core.runtime.ValueCodec;
import dev.ember.ml.core.runtime.ValueCodecs;

/** Kernels of the cluster benchmarks (listed in META-INF/services, so executors register them too). */
public final class ClusterBenchKernels implements KernelProvider {

    @Override
    public void registerKernels(KernelRegistry registry) {
        registry.registerAggregate(VectorSum.class, VectorSum::new);
    }

    /**
     * A {@code length}-double vector per partition ({@code v[i] = (partition + 1) * i}), summed: the shape of a
     * gradient of that many coefficients, with almost no compute, so that the time is the aggregation's.
     */
    public static final class VectorSum implements AggregateKernel<double[]> {
        @Override
        public double[] zero(KernelParams params) {
            return new double[params.getInt("length")];
        }

        @Override
        public double[] seqOp(double[] acc, Partition partition, KernelParams params) {
            double s = partition.index() + 1;
            for (int i = 0; i < acc.length; i++) {
                acc[i] += s * i;
            }
            return acc;
        }

        @Override
        public double[] combOp(double[] left, double[] right) {
            if (left.length != right.length) {
                throw new IllegalArgumentException("vector sums: found length " + right.length + ", expected "
                    + left.length);
            }
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
}
