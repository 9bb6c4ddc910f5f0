package dev.ember.ml.onnx;

import dev.ember.ml.algo.feature.Normalizer;
import dev.ember.ml.algo.feature.VectorAssembler;
import dev.ember.ml.core.data.Frame;
import dev.ember.ml.core.io.CsvReader;
import dev.ember.ml.core.runtime.Runtime;
import dev.ember.ml.core.runtime.RuntimeConfig;
import dev.ember.ml.pipeline.Pipeline;
import dev.ember.ml.pipeline.PipelineModel;
import dev.ember.ml.testkit.TestData;
import org.junit.jupiter.api.Test;

import java.util.Map;

/** The normalizer's graph gives Ember's output for the 1-, 2-, 3- and max-norms, float and double blocks. */
class NormalizerExportTest {

    @Test
    void shouldNormalizeAsEmberDoesWhenOnnxRuntimeRunsTheGraphForEachNorm() throws Exception {
        try (Runtime rt = Runtime.inProcess(new RuntimeConfig().threads(1))) {
            Frame wine = CsvReader.builder().runtime(rt).numPartitions(2).read(TestData.dataset("wine.csv"));
            String[] columns = wine.schema().fields().stream().filter(f -> f.type().isNumeric())
                .map(f -> f.name()).toArray(String[]::new);
            for (String type : new String[] {"float", "double"}) {
                for (double p : new double[] {1, 2, 3, Double.POSITIVE_INFINITY}) {
                    PipelineModel model = new Pipeline(new VectorAssembler().inputCols(columns).outputCol("raw")
                        .with(VectorAssembler.ELEMENT_TYPE, type),
                        new Normalizer().inputCol("raw").outputCol("normalized").p(p)).fit(wine);
                    OnnxModel onnx = OnnxExport.of(model, wine.schema()).export();
                    Map<String, double[][]> out = OrtRunner.run(onnx, wine);
                    OnnxRuntimeParityTest.assertClose("wine normalizer " + type + " p=" + p,
                        model.transform(wine).collectVectors("normalized"), out.get("normalized"));
                }
            }
        }
    }
}
