package dev.ember.ml.testkit;

import dev.ember.ml.core.data.ColumnBuilder;
import dev.ember.ml.core.data.CoreKernels;
import dev.ember.ml.core.data.DataType;
import dev.ember.ml.core.data.Partition;
import dev.ember.ml.core.runtime.AggregateKernel;
import dev.ember.ml.core.runtime.KernelParams;
import dev.ember.ml.core.runtime.KernelRegistry;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Group;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/** The aggregate-kernel properties for ml-core's registered kernels (ml-core's tests cannot depend on the testkit). */
class CoreKernelsPropertiesTest {
    private static final KernelRegistry REGISTRY = KernelRegistry.fromServiceLoader();

    static Partition rows(int n, SplittableRandom rnd) {
        double[] x = new double[n];
        String[] s = new String[n];
        double[][] v = new double[n][3];
        for (int i = 0; i < n; i++) {
            x[i] = rnd.nextInt(4) == 0 ? Double.NaN : rnd.nextDouble(-1e3, 1e3);
            s[i] = "s" + rnd.nextInt(10);
            for (int j = 0; j < 3; j++) {
                v[i][j] = rnd.nextGaussian();
            }
        }
        return new Partition(rnd.nextInt(8), List.of(ColumnBuilder.ofDoubles("x", x),
            ColumnBuilder.ofStrings("s", s), ColumnBuilder.ofVectors("v", DataType.FLOAT, v)));
    }

    @SuppressWarnings("unchecked")
    static <A> AggregateKernel<A> registered(Class<?> type) {
        return (AggregateKernel<A>) REGISTRY.aggregate(type.getName());
    }

    @Group
    class Count extends AggregateKernelProperties<Long> {
        @Override
        protected AggregateKernel<Long> kernel() {
            return registered(CoreKernels.Count.class);
        }

        @Override
        protected KernelParams params() {
            return KernelParams.empty();
        }

        @Override
        protected Arbitrary<Partition> partitions() {
            return partitions(50, CoreKernelsPropertiesTest::rows);
        }

        @Override
        protected boolean equivalent(Long expected, Long actual) {
            return expected.equals(actual);
        }
    }

    @Group
    class Fingerprint extends AggregateKernelProperties<long[]> {
        @Override
        protected AggregateKernel<long[]> kernel() {
            return registered(CoreKernels.Fingerprint.class);
        }

        @Override
        protected KernelParams params() {
            return KernelParams.empty();
        }

        @Override
        protected Arbitrary<Partition> partitions() {
            return partitions(50, CoreKernelsPropertiesTest::rows);
        }

        @Override
        protected boolean equivalent(long[] expected, long[] actual) {
            return Arrays.equals(expected, actual);
        }
    }
}
