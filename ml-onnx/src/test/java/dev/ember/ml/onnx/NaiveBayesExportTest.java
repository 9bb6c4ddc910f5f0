package dev.ember.ml.onnx;

import dev.ember.ml.algo.bayes.NaiveBayes;
import dev.ember.ml.algo.bayes.NaiveBayesModel;
import dev.ember.ml.algo.feature.StringIndexer;
import dev.ember.ml.algo.feature.VectorAssembler;
import dev.ember.ml.core.data.Frame;
import dev.ember.ml.core.io.CsvReader;
import dev.ember.ml.core.runtime.Runtime;
import dev.ember.ml.core.runtime.RuntimeConfig;
import dev.ember.ml.pipeline.Pipeline;
import dev.ember.ml.pipeline.PipelineModel;
import dev.ember.ml.testkit.TestData;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Every naive Bayes model type through ONNX Runtime: Gaussian on iris, multinomial and complement on the digits'
 * pixel counts, Bernoulli on binarized pixels; predictions equal, probabilities within 1e-6.
 */
class NaiveBayesExportTest {

    @Test
    void shouldPredictWhatEmberPredictsForEachModelType() throws Exception {
        try (Runtime rt = Runtime.inProcess(new RuntimeConfig().threads(1))) {
            Frame iris = CsvReader.builder().runtime(rt).numPartitions(2).read(TestData.dataset("iris.csv"));
            Frame irisLabeled = new StringIndexer().inputCol("species").outputCol("label").fit(iris).transform(iris);
            check("gaussian iris", irisLabeled, "float", "gaussian",
                "sepal_length", "sepal_width", "petal_length", "petal_width");

            Frame digits = CsvReader.builder().runtime(rt).numPartitions(3).read(TestData.dataset("digits.csv"));
            String label = digits.schema().names().get(digits.schema().size() - 1);
            Frame data = digits.withColumn("label", label);
            String[] pixels = digits.schema().names().subList(0, 64).toArray(String[]::new);
            check("multinomial digits", data, "float", "multinomial", pixels);
            check("complement digits", data, "double", "complement", pixels);
            List<String> binary = new ArrayList<>();
            for (int j = 18; j < 46; j += 3) {
                data = data.withColumn("b" + j, "CASE WHEN p" + j + " > 4 THEN 1.0 ELSE 0.0 END");
                binary.add("b" + j);
            }
            check("bernoulli digits", data, "double", "bernoulli", binary.toArray(String[]::new));
        }
    }

    private static void check(String what, Frame data, String elementType, String modelType, String... columns)
        throws Exception {
        PipelineModel model = new Pipeline(new VectorAssembler().inputCols(columns).outputCol("features")
            .with(VectorAssembler.ELEMENT_TYPE, elementType), new NaiveBayes().modelType(modelType)).fit(data);
        NaiveBayesModel nb = model.stage(NaiveBayesModel.class);
        Frame predicted = model.transform(data);
        Map<String, double[][]> out = OrtRunner.run(OnnxExport.of(model, data.schema()).export(), data);
        OnnxRuntimeParityTest.assertClose(what + " (" + nb.numClasses() + " classes): prediction",
            OnnxRuntimeParityTest.expected(new ParityCases.Fitted(model, data, predicted, null), "prediction"),
            out.get("prediction"));
        OnnxRuntimeParityTest.assertClose(what + ": probability", predicted.collectVectors("probability"),
            out.get("probability"));
    }
}
