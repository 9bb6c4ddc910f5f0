package dev.ember.ml.onnx;

import dev.ember.ml.algo.classification.LogisticRegression;
import dev.ember.ml.algo.classification.LogisticRegressionModel;
import dev.ember.ml.algo.feature.StringIndexer;
import dev.ember.ml.algo.feature.VectorAssembler;
import dev.ember.ml.core.data.Frame;
import dev.ember.ml.core.io.CsvReader;
import dev.ember.ml.core.runtime.Runtime;
import dev.ember.ml.core.runtime.RuntimeConfig;
import dev.ember.ml.testkit.TestData;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Logistic regression's decision settings (threshold, per-class thresholds) survive the export. */
class LogisticThresholdsExportTest {

    @Test
    void shouldPredictWithTheModelsThresholdsWhenOnnxRuntimeRunsTheGraph() throws Exception {
        try (Runtime rt = Runtime.inProcess(new RuntimeConfig().threads(1))) {
            Frame wine = CsvReader.builder().runtime(rt).read(TestData.dataset("wine.csv"));
            String[] columns = wine.schema().fields().stream().filter(f -> f.type().isNumeric())
                .map(f -> f.name()).toArray(String[]::new);
            Frame data = new VectorAssembler().inputCols(columns).outputCol("features").transform(
                new StringIndexer().inputCol("cultivar").outputCol("label").fit(wine).transform(wine));
            LogisticRegressionModel multi = new LogisticRegression().regParam(0.1).fit(data);
            check("multinomial, thresholds", multi.with(LogisticRegression.THRESHOLDS, new double[] {0.6, 0.1, 0.3}),
                data);
            Frame binary = data.withColumn("label", "CASE WHEN label = 0 THEN 1.0 ELSE 0.0 END");
            LogisticRegressionModel bin = new LogisticRegression().regParam(0.1).fit(binary);
            check("binomial, threshold 0.9", bin.with(LogisticRegression.THRESHOLD, 0.9), binary);
            check("binomial, thresholds", bin.with(LogisticRegression.THRESHOLDS, new double[] {0.2, 0.8}), binary);
            OnnxExportException e = assertThrows(OnnxExportException.class, () -> OnnxExport.of(
                bin.with(LogisticRegression.THRESHOLDS, new double[] {0, 1}), binary.schema()).export());
            assertTrue(e.getMessage().contains(bin.uid()) && e.getMessage().contains("thresholds"), e.getMessage());
        }
    }

    private static void check(String what, LogisticRegressionModel model, Frame data) throws Exception {
        Frame predicted = model.transform(data);
        Map<String, double[][]> out = OrtRunner.run(OnnxExport.of(model, data.schema()).export(), data);
        OnnxRuntimeParityTest.assertClose(what + ": prediction", OnnxRuntimeParityTest.expected(
            new ParityCases.Fitted(null, data, predicted, null), "prediction"), out.get("prediction"));
        OnnxRuntimeParityTest.assertClose(what + ": probability", predicted.collectVectors("probability"),
            out.get("probability"));
    }
}
