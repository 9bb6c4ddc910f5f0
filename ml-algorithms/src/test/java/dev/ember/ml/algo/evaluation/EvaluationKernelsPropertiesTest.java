package dev.ember.ml.algo.evaluation;

import dev.ember.ml.core.data.ColumnBuilder;
import dev.ember.ml.core.data.Partition;
import dev.ember.ml.core.runtime.AggregateKernel;
import dev.ember.ml.core.runtime.KernelParams;
import dev.ember.ml.core.runtime.KernelRegistry;
import dev.ember.ml.testkit.AggregateKernelProperties;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Group;

import java.util.List;
import java.util.SplittableRandom;

/**
 * The aggregate-kernel algebra (zero an identity, merge associative, codec a round trip) for the evaluators'
 * registered kernels, on generated weighted labels and predictions.
 */
class EvaluationKernelsPropertiesTest {
    private static final KernelRegistry REGISTRY = KernelRegistry.fromServiceLoader();
    private static final double REL_TOL = 1e-9;

    @SuppressWarnings("unchecked")
    static <A> AggregateKernel<A> registered(Class<?> type) {
        return (AggregateKernel<A>) REGISTRY.aggregate(type.getName());
    }

    /** Labels 0..2 (0..1 when binary), predictions, scores and positive weights. */
    static Partition predictions(int n, SplittableRandom rnd, int classes) {
        double[] y = new double[n];
        double[] yhat = new double[n];
        double[] w = new double[n];
        for (int i = 0; i < n; i++) {
            y[i] = rnd.nextInt(classes);
            yhat[i] = classes == 0 ? rnd.nextDouble() : rnd.nextInt(classes);
            w[i] = 0.5 + rnd.nextInt(4);
        }
        return new Partition(rnd.nextInt(8), List.of(ColumnBuilder.ofDoubles("label", y),
            ColumnBuilder.ofDoubles("prediction", yhat), ColumnBuilder.ofDoubles("score", yhat.clone()),
            ColumnBuilder.ofDoubles("weight", w)));
    }

    static KernelParams columns(String prediction) {
        return KernelParams.builder().put("labelCol", "label").put("predictionCol", prediction)
            .put("weightCol", "weight").build();
    }

    @Group
    class RegressionSums extends AggregateKernelProperties<double[]> {
        @Override
        protected AggregateKernel<double[]> kernel() {
            return registered(EvaluationKernels.RegressionSums.class);
        }

        @Override
        protected KernelParams params() {
            return columns("prediction");
        }

        @Override
        protected Arbitrary<Partition> partitions() {
            return partitions(40, (n, rnd) -> predictions(n, rnd, 3));
        }

        @Override
        protected boolean equivalent(double[] expected, double[] actual) {
            return close(expected, actual, REL_TOL);
        }
    }

    @Group
    class Confusion extends AggregateKernelProperties<double[]> {
        @Override
        protected AggregateKernel<double[]> kernel() {
            return registered(EvaluationKernels.Confusion.class);
        }

        @Override
        protected KernelParams params() {
            return columns("prediction");
        }

        @Override
        protected Arbitrary<Partition> partitions() {
            return partitions(40, (n, rnd) -> predictions(n, rnd, 3));
        }

        @Override
        protected boolean equivalent(double[] expected, double[] actual) {
            return close(expected, actual, REL_TOL);
        }
    }
}
