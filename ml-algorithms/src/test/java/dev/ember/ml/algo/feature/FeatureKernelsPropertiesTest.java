package dev.ember.ml.algo.feature;

import dev.ember.ml.core.data.ColumnBuilder;
import dev.ember.ml.core.data.DataType;
import dev.ember.ml.core.data.Partition;
import dev.ember.ml.core.runtime.AggregateKernel;
import dev.ember.ml.core.runtime.KernelParams;
import dev.ember.ml.core.runtime.KernelRegistry;
import dev.ember.ml.testkit.AggregateKernelProperties;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Group;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The aggregate-kernel algebra (zero an identity, merge associative, codec a round trip) for the feature
 * transformers' registered aggregate kernels, on generated partitions of float64 and float32 vectors and of
 * numeric columns with missing values.
 */
class FeatureKernelsPropertiesTest {
    private static final KernelRegistry REGISTRY = KernelRegistry.fromServiceLoader();
    private static final int WIDTH = 3;
    private static final double REL_TOL = 1e-9;

    @SuppressWarnings("unchecked")
    static <A> AggregateKernel<A> registered(Class<?> type) {
        return (AggregateKernel<A>) REGISTRY.aggregate(type.getName());
    }

    static Partition vectors(int n, SplittableRandom rnd) {
        double[][] v = new double[n][WIDTH];
        for (double[] row : v) {
            for (int j = 0; j < WIDTH; j++) {
                row[j] = rnd.nextDouble(-50, 50) + 1000 * j;
            }
        }
        DataType type = rnd.nextBoolean() ? DataType.DOUBLE : DataType.FLOAT;
        return new Partition(rnd.nextInt(8), List.of(ColumnBuilder.ofVectors("v", type, v)));
    }

    static Partition numbers(int n, SplittableRandom rnd) {
        double[] a = new double[n];
        double[] b = new double[n];
        for (int i = 0; i < n; i++) {
            a[i] = rnd.nextInt(5) == 0 ? Double.NaN : rnd.nextInt(4);
            b[i] = rnd.nextInt(5) == 0 ? -1 : rnd.nextDouble(-10, 10);
        }
        return new Partition(rnd.nextInt(8), List.of(ColumnBuilder.ofDoubles("a", a), ColumnBuilder.ofDoubles("b", b)));
    }

    static Partition strings(int n, SplittableRandom rnd) {
        String[] s = new String[n];
        for (int i = 0; i < n; i++) {
            s[i] = "c" + rnd.nextInt(6);
        }
        return new Partition(rnd.nextInt(8), List.of(ColumnBuilder.ofStrings("s", s)));
    }

    @Group
    class Extrema extends AggregateKernelProperties<double[]> {
        @Override
        protected AggregateKernel<double[]> kernel() {
            return registered(ScalerKernels.Extrema.class);
        }

        @Override
        protected KernelParams params() {
            return new ScalerKernels.ExtremaArgs("MinMaxScaler", "v").toParams();
        }

        @Override
        protected Arbitrary<Partition> partitions() {
            return partitions(40, FeatureKernelsPropertiesTest::vectors);
        }

        @Override
        protected boolean equivalent(double[] expected, double[] actual) {
            return Arrays.equals(expected, actual);
        }
    }

    @Group
    class Scatter extends AggregateKernelProperties<ScatterMatrix> {
        @Override
        protected AggregateKernel<ScatterMatrix> kernel() {
            return registered(ProjectionKernels.Scatter.class);
        }

        @Override
        protected KernelParams params() {
            return KernelParams.builder().put("inputCol", "v").put("width", WIDTH).put("stage", "PCA").build();
        }

        @Override
        protected Arbitrary<Partition> partitions() {
            return partitions(40, FeatureKernelsPropertiesTest::vectors);
        }

        @Override
        protected boolean equivalent(ScatterMatrix expected, ScatterMatrix actual) {
            return expected.d == actual.d && expected.count == actual.count
                && close(expected.mean, actual.mean, REL_TOL) && close(expected.scatter, actual.scatter, REL_TOL);
        }
    }

    @Group
    class Means extends AggregateKernelProperties<double[]> {
        @Override
        protected AggregateKernel<double[]> kernel() {
            return registered(QuantileKernels.Means.class);
        }

        @Override
        protected KernelParams params() {
            return KernelParams.builder().put("inputCols", new String[] {"a", "b"}).put("missingValue", -1.0)
                .put("stage", "Imputer").build();
        }

        @Override
        protected Arbitrary<Partition> partitions() {
            return partitions(40, FeatureKernelsPropertiesTest::numbers);
        }

        @Override
        protected boolean equivalent(double[] expected, double[] actual) {
            return close(expected, actual, REL_TOL);
        }
    }

    @Group
    class CountValues extends AggregateKernelProperties<Map<String, Long>> {
        @Override
        protected AggregateKernel<Map<String, Long>> kernel() {
            return registered(FeatureKernels.CountValues.class);
        }

        @Override
        protected KernelParams params() {
            return KernelParams.builder().put("inputCol", "s").build();
        }

        @Override
        protected Arbitrary<Partition> partitions() {
            return partitions(40, FeatureKernelsPropertiesTest::strings);
        }

        @Override
        protected boolean equivalent(Map<String, Long> expected, Map<String, Long> actual) {
            return expected.equals(actual);
        }
    }
}
