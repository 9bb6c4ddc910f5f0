package dev.ember.ml.bench.linear;

import dev.ember.ml.algo.evaluation.BinaryClassificationEvaluator;
import dev.ember.ml.bench.data.SyntheticData;
import dev.ember.ml.core.data.Column;
import dev.ember.ml.core.data.ColumnBuilder;
import dev.ember.ml.core.data.Frame;
import dev.ember.ml.core.data.Partition;
import dev.ember.ml.core.runtime.InMemorySource;
import dev.ember.ml.core.runtime.PartitionRef;
import dev.ember.ml.core.runtime.Runtime;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

import java.nio.DoubleBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Quality measures computed the same way for both systems, so that a comparison of Ember's and Spark's models is
 * not a comparison of two evaluators: the exact area under ROC of collected (label, P(1)) pairs by Ember's exact
 * evaluator (Spark's {@code BinaryClassificationEvaluator} down-samples the curve to {@code numBins = 1000} by
 * default), and coefficient differences.
 */
final class Quality {
    private static final String SCORE = "score";
    private static final int PARTITION_ROWS = 1 << 17;

    private Quality() {
    }

    /**
     * The labels and {@code P(1)} of an Ember binomial model's predictions.
     *
     * @param predictions the output of {@code LogisticRegressionModel.transform}
     * @return {@code [labels, p1]}, in partition order
     */
    static double[][] emberLabelAndP1(Frame predictions) {
        double[] labels = predictions.collectDoubles(SyntheticData.LABEL);
        double[] p1 = new double[labels.length];
        int at = 0;
        for (int i = 0; i < predictions.numPartitions(); i++) {
            try (PartitionRef ref = predictions.partition(i)) {
                Column prob = ref.partition().column("probability");
                int k = prob.vectorSize();
                DoubleBuffer b = prob.doubles();
                for (int r = 0; r < prob.length(); r++) {
                    p1[at++] = b.get(r * k + 1);
                }
            }
        }
        if (at != labels.length) {
            throw new IllegalStateException("probability has " + at + " rows, label " + labels.length);
        }
        return new double[][] {labels, p1};
    }

    /**
     * The labels and {@code P(1)} of a Spark binomial model's predictions, collected to the driver.
     *
     * @param predictions the output of Spark's {@code LogisticRegressionModel.transform}
     * @return {@code [labels, p1]}
     */
    static double[][] sparkLabelAndP1(Dataset<Row> predictions) {
        List<Row> rows = predictions.select(predictions.col(SyntheticData.LABEL),
            org.apache.spark.ml.functions.vector_to_array(predictions.col("probability"), "float64").getItem(1))
            .collectAsList();
        double[] labels = new double[rows.size()];
        double[] p1 = new double[rows.size()];
        for (int i = 0; i < labels.length; i++) {
            Row r = rows.get(i);
            labels[i] = r.getDouble(0);
            p1[i] = r.getDouble(1);
        }
        return new double[][] {labels, p1};
    }

    /**
     * The exact area under ROC (every distinct score a threshold, ties counted as half) by Ember's
     * {@link BinaryClassificationEvaluator}, over a frame built from the given arrays.
     *
     * @param runtime the runtime to evaluate on
     * @param labels 0 or 1
     * @param scores any score that orders the rows, here {@code P(1)}
     * @return the area under ROC
     */
    static double exactAuc(Runtime runtime, double[] labels, double[] scores) {
        List<Partition> parts = new ArrayList<>();
        for (int from = 0, i = 0; from < labels.length; from += PARTITION_ROWS, i++) {
            int to = Math.min(labels.length, from + PARTITION_ROWS);
            parts.add(new Partition(i, List.of(ColumnBuilder.ofDoubles(SyntheticData.LABEL,
                Arrays.copyOfRange(labels, from, to)), ColumnBuilder.ofDoubles(SCORE,
                Arrays.copyOfRange(scores, from, to)))));
        }
        Frame frame = Frame.of(runtime, parts);
        try {
            return new BinaryClassificationEvaluator()
                .with(BinaryClassificationEvaluator.RAW_PREDICTION_COL, SCORE)
                .evaluate(frame);
        } finally {
            if (frame.source() instanceof InMemorySource s) {
                s.close();
            }
        }
    }

    /**
     * @param ember Ember's coefficients, the intercept last
     * @param spark Spark's, in the same order
     * @return {@code max_j |ember_j - spark_j| / |spark_j|}
     */
    static double maxRelativeDifference(double[] ember, double[] spark) {
        check(ember, spark);
        double max = 0;
        for (int j = 0; j < ember.length; j++) {
            max = Math.max(max, Math.abs(ember[j] - spark[j]) / Math.abs(spark[j]));
        }
        return max;
    }

    /**
     * @param ember Ember's coefficients, the intercept last
     * @param spark Spark's, in the same order
     * @return {@code max_j |ember_j - spark_j| / max_j |spark_j|}
     */
    static double normRelativeDifference(double[] ember, double[] spark) {
        check(ember, spark);
        double diff = 0;
        double scale = 0;
        for (int j = 0; j < ember.length; j++) {
            diff = Math.max(diff, Math.abs(ember[j] - spark[j]));
            scale = Math.max(scale, Math.abs(spark[j]));
        }
        return diff / scale;
    }

    /**
     * @param coefficients the coefficients
     * @param intercept the intercept
     * @return both in one array, the intercept last
     */
    static double[] withIntercept(double[] coefficients, double intercept) {
        double[] out = Arrays.copyOf(coefficients, coefficients.length + 1);
        out[coefficients.length] = intercept;
        return out;
    }

    private static void check(double[] a, double[] b) {
        if (a.length != b.length) {
            throw new IllegalArgumentException("coefficients: found " + a.length + " and " + b.length
                + ", expected the same length");
        }
    }
}
