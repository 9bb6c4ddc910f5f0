package dev.ember.ml.algo.evaluation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ember.ml.core.InvalidArgumentException;
import dev.ember.ml.core.data.ColumnBuilder;
import dev.ember.ml.core.data.DataType;
import dev.ember.ml.core.data.Field;
import dev.ember.ml.core.data.Frame;
import dev.ember.ml.core.data.Partition;
import dev.ember.ml.core.runtime.Runtime;
import dev.ember.ml.core.runtime.RuntimeConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The evaluators against scikit-learn on the same predictions. Reference values and the script:
 * {@code src/test/resources/reference/sklearn_metrics.py} and its {@code metrics_*.json}.
 */
class EvaluatorsTest {
    private static final double TOL = 1e-12;
    private static Runtime runtime;

    @BeforeAll
    static void setUp() {
        runtime = Runtime.inProcess(new RuntimeConfig().threads(2));
    }

    @AfterAll
    static void tearDown() {
        runtime.close();
    }

    private static JsonNode reference(String name) throws IOException {
        return new ObjectMapper().readTree(EvaluatorsTest.class.getResourceAsStream("/reference/" + name));
    }

    /** Splits rows into {@code partitions} partitions of columns label, prediction and (optional) probability. */
    private static Frame frame(double[] label, double[] prediction, double[][] probability, int partitions) {
        List<Partition> parts = new ArrayList<>();
        int per = (label.length + partitions - 1) / partitions;
        for (int p = 0; p < partitions; p++) {
            int from = p * per;
            int to = Math.min(label.length, from + per);
            ColumnBuilder l = new ColumnBuilder(Field.of("label", DataType.DOUBLE, false), to - from);
            ColumnBuilder y = new ColumnBuilder(Field.of("prediction", DataType.DOUBLE, false), to - from);
            ColumnBuilder pr = probability == null ? null
                : new ColumnBuilder(Field.vector("probability", probability[0].length, DataType.DOUBLE), to - from);
            for (int i = from; i < to; i++) {
                l.appendDouble(label[i]);
                y.appendDouble(prediction[i]);
                if (pr != null) {
                    pr.appendVector(probability[i]);
                }
            }
            parts.add(new Partition(p, pr == null ? List.of(l.build(), y.build())
                : List.of(l.build(), y.build(), pr.build())));
        }
        return Frame.of(runtime, parts);
    }

    private static double[] doubles(JsonNode a) {
        double[] out = new double[a.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = a.get(i).asDouble();
        }
        return out;
    }

    @Test
    void shouldMatchSklearnBinaryAreasOnEveryPartitioning() throws IOException {
        JsonNode ref = reference("metrics_binary_breast_cancer.json");
        double[] labels = doubles(ref.get("labels"));
        double[] scores = doubles(ref.get("probabilities"));
        for (int partitions : new int[] {1, 5}) {
            Frame f = frame(labels, scores, null, partitions);
            BinaryClassificationEvaluator e = new BinaryClassificationEvaluator()
                .with(BinaryClassificationEvaluator.RAW_PREDICTION_COL, "prediction");
            double[] all = e.evaluateAll(f);
            assertEquals(ref.get("metrics").get("areaUnderROC").asDouble(), all[0], TOL, "areaUnderROC");
            assertEquals(ref.get("metrics").get("areaUnderPR_spark").asDouble(), all[1], TOL, "areaUnderPR");
            assertEquals(all[1], e.metric("areaUnderPR").evaluate(f), 0.0);
        }
    }

    @Test
    void shouldMatchSklearnMulticlassMetrics() throws IOException {
        JsonNode ref = reference("metrics_multiclass_iris.json");
        JsonNode probs = ref.get("probabilities");
        double[][] p = new double[probs.size()][];
        for (int i = 0; i < p.length; i++) {
            p[i] = doubles(probs.get(i));
        }
        double[] all = new MulticlassClassificationEvaluator().evaluateAll(
            frame(doubles(ref.get("labels")), doubles(ref.get("predictions")), p, 4));
        JsonNode m = ref.get("metrics");
        assertEquals(m.get("f1_weighted").asDouble(), all[0], TOL, "f1");
        assertEquals(m.get("accuracy").asDouble(), all[1], TOL, "accuracy");
        assertEquals(m.get("precision_weighted").asDouble(), all[2], TOL, "weightedPrecision");
        assertEquals(m.get("recall_weighted").asDouble(), all[3], TOL, "weightedRecall");
        assertEquals(m.get("log_loss").asDouble(), all[4], 1e-12, "logLoss");
    }

    @Test
    void shouldMatchSklearnRegressionMetrics() throws IOException {
        JsonNode ref = reference("metrics_regression_diabetes.json");
        double[] all = new RegressionEvaluator().evaluateAll(
            frame(doubles(ref.get("labels")), doubles(ref.get("predictions")), null, 3));
        JsonNode m = ref.get("metrics");
        assertEquals(m.get("rmse").asDouble(), all[0], 1e-9, "rmse");
        assertEquals(m.get("mse").asDouble(), all[1], 1e-7, "mse");
        assertEquals(m.get("mae").asDouble(), all[2], 1e-9, "mae");
        assertEquals(m.get("r2").asDouble(), all[3], 1e-12, "r2");
    }

    @Test
    void shouldNameAMissingColumnAndASingleClass() {
        Frame f = frame(new double[] {1, 1}, new double[] {0.2, 0.9}, null, 1);
        InvalidArgumentException e = assertThrows(InvalidArgumentException.class,
            () -> new BinaryClassificationEvaluator().evaluate(f));
        assertTrue(e.getMessage().contains("column 'rawPrediction' not found"), e.getMessage());
        e = assertThrows(InvalidArgumentException.class, () -> new BinaryClassificationEvaluator()
            .with(BinaryClassificationEvaluator.RAW_PREDICTION_COL, "prediction").evaluate(f));
        assertTrue(e.getMessage().contains("only positives"), e.getMessage());
    }
}
