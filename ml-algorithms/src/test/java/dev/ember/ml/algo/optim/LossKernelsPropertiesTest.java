package dev.ember.ml.algo.optim;

import dev.ember.ml.core.data.ColumnBuilder;
import dev.ember.ml.core.data.DataType;
import dev.ember.ml.core.data.Partition;
import dev.ember.ml.core.runtime.AggregateKernel;
import dev.ember.ml.core.runtime.Broadcast;
import dev.ember.ml.core.runtime.KernelParams;
import dev.ember.ml.core.runtime.KernelRegistry;
import dev.ember.ml.core.runtime.ValueCodec;
import dev.ember.ml.core.runtime.ValueCodecs;
import dev.ember.ml.testkit.AggregateKernelProperties;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Group;

import java.util.List;
import java.util.SplittableRandom;

/**
 * The aggregate-kernel algebra (zero an identity, merge associative, codec a round trip) for the binary logistic
 * loss kernel and its batched form, on generated float32 and float64 blocks with labels and weights.
 */
class LossKernelsPropertiesTest {
    private static final KernelRegistry REGISTRY = KernelRegistry.fromServiceLoader();
    private static final int WIDTH = 5;
    private static final double REL_TOL = 1e-9;
    private static final LossColumns COLUMNS = new LossColumns("x", "y", "w");

    /** A broadcast held in place, as a kernel sees one on an executor. */
    private record Fixed(double[] value) implements Broadcast<double[]> {
        @Override
        public long id() {
            return 1;
        }

        @Override
        public ValueCodec<double[]> codec() {
            return ValueCodecs.DOUBLE_ARRAY;
        }

        @Override
        public void destroy() {
        }
    }

    @SuppressWarnings("unchecked")
    static AggregateKernel<double[]> registered(Class<?> type) {
        return (AggregateKernel<double[]>) REGISTRY.aggregate(type.getName());
    }

    static Partition rows(int n, SplittableRandom rnd) {
        double[][] x = new double[n][WIDTH];
        double[] y = new double[n];
        double[] w = new double[n];
        for (int r = 0; r < n; r++) {
            for (int j = 0; j < WIDTH; j++) {
                x[r][j] = rnd.nextGaussian();
            }
            y[r] = rnd.nextInt(2);
            w[r] = rnd.nextInt(4) == 0 ? 0 : rnd.nextDouble(0.5, 2);
        }
        DataType type = rnd.nextBoolean() ? DataType.DOUBLE : DataType.FLOAT;
        return new Partition(rnd.nextInt(8), List.of(ColumnBuilder.ofVectors("x", type, x),
            ColumnBuilder.ofDoubles("y", y), ColumnBuilder.ofDoubles("w", w)));
    }

    static double[] coefficients(int count) {
        SplittableRandom rnd = new SplittableRandom(9);
        double[] c = new double[count * (WIDTH + 1)];
        for (int i = 0; i < c.length; i++) {
            c[i] = rnd.nextGaussian();
        }
        return c;
    }

    @Group
    class BinaryLogistic extends AggregateKernelProperties<double[]> {
        @Override
        protected AggregateKernel<double[]> kernel() {
            return registered(LossKernels.binaryLogisticKernel());
        }

        @Override
        protected KernelParams params() {
            return new LossArgs(COLUMNS, new Fixed(coefficients(1))).toParams();
        }

        @Override
        protected Arbitrary<Partition> partitions() {
            return partitions(300, LossKernelsPropertiesTest::rows);
        }

        @Override
        protected boolean equivalent(double[] expected, double[] actual) {
            return expected == null ? actual == null : actual != null && close(expected, actual, REL_TOL);
        }
    }

    @Group
    class BinaryLogisticMany extends AggregateKernelProperties<double[]> {
        @Override
        protected AggregateKernel<double[]> kernel() {
            return registered(LossKernels.binaryLogisticManyKernel());
        }

        @Override
        protected KernelParams params() {
            return new BatchLossArgs(COLUMNS, new Fixed(coefficients(3)), 3).toParams();
        }

        @Override
        protected Arbitrary<Partition> partitions() {
            return partitions(1100, LossKernelsPropertiesTest::rows);
        }

        @Override
        protected boolean equivalent(double[] expected, double[] actual) {
            return expected == null ? actual == null : actual != null && close(expected, actual, REL_TOL);
        }
    }
}
