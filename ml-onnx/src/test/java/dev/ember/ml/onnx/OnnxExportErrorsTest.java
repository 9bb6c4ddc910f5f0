package dev.ember.ml.onnx;

import dev.ember.ml.algo.classification.LogisticRegression;
import dev.ember.ml.algo.feature.Bucketizer;
import dev.ember.ml.algo.feature.IndexToString;
import dev.ember.ml.algo.feature.PolynomialExpansion;
import dev.ember.ml.algo.feature.StringIndexer;
import dev.ember.ml.algo.feature.StringIndexerModel;
import dev.ember.ml.algo.feature.VectorAssembler;
import dev.ember.ml.core.MlException;
import dev.ember.ml.core.data.Frame;
import dev.ember.ml.core.io.CsvReader;
import dev.ember.ml.core.runtime.Runtime;
import dev.ember.ml.core.runtime.RuntimeConfig;
import dev.ember.ml.onnx.proto.OnnxMl.ModelProto;
import dev.ember.ml.pipeline.Pipeline;
import dev.ember.ml.pipeline.PipelineModel;
import dev.ember.ml.testkit.TestData;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What cannot be exported fails naming the stage or column; what is written parses back as ONNX. */
class OnnxExportErrorsTest {

    @Test
    void shouldNameTheStageWhenAPipelineHoldsAStageWithoutAnOnnxEquivalent() {
        try (Runtime rt = Runtime.inProcess(new RuntimeConfig().threads(1))) {
            Frame iris = CsvReader.builder().runtime(rt).read(TestData.dataset("iris.csv"));
            PipelineModel model = new Pipeline(
                new VectorAssembler().inputCols("sepal_length", "sepal_width").outputCol("raw"),
                new PolynomialExpansion().inputCol("raw").outputCol("poly").degree(2)).fit(iris);
            PolynomialExpansion poly = model.stage(PolynomialExpansion.class);
            OnnxExportException e = assertThrows(OnnxExportException.class,
                () -> OnnxExport.of(model, iris.schema()).export());
            assertInstanceOf(MlException.class, e);
            assertTrue(e.getMessage().contains("'" + poly.uid() + "'"), e.getMessage());
            assertTrue(e.getMessage().contains(PolynomialExpansion.class.getName()), e.getMessage());
            assertTrue(e.getMessage().contains("LogisticRegressionModel"), "lists what exports: " + e.getMessage());
        }
    }

    @Test
    void shouldLeaveOutALabelIndexerThatNothingInTheGraphReads() throws Exception {
        try (Runtime rt = Runtime.inProcess(new RuntimeConfig().threads(1))) {
            Frame iris = CsvReader.builder().runtime(rt).read(TestData.dataset("iris.csv"));
            String[] measurements = {"sepal_length", "sepal_width", "petal_length", "petal_width"};
            PipelineModel model = new Pipeline(new StringIndexer().inputCol("species").outputCol("label"),
                new VectorAssembler().inputCols(measurements).outputCol("features"),
                new LogisticRegression().regParam(0.01)).fit(iris);
            OnnxModel onnx = OnnxExport.of(model, iris.schema()).export();
            assertEquals(List.of(measurements), onnx.inputs());
            assertEquals(List.of("prediction", "probability"), onnx.outputs());
            Frame predicted = model.transform(iris);
            Map<String, double[][]> out = OrtRunner.run(onnx, iris);
            OnnxRuntimeParityTest.assertClose("iris with indexer: prediction",
                OnnxRuntimeParityTest.expected(new ParityCases.Fitted(model, iris, predicted, null), "prediction"),
                out.get("prediction"));
            OnnxRuntimeParityTest.assertClose("iris with indexer: probability", predicted.collectVectors(
                "probability"), out.get("probability"));
            // the predicted class back to its name: IndexToString after the model
            IndexToString names = IndexToString.from(model.stage(StringIndexerModel.class)).inputCol("prediction")
                .outputCol("predicted_species");
            PipelineModel named = new Pipeline(model, names).fit(iris);
            Map<String, Object> raw = OrtRunner.runRaw(OnnxExport.of(named, iris.schema())
                .outputs("predicted_species").export(), iris);
            assertEquals(named.transform(iris).collectStrings("predicted_species"),
                List.of((String[]) raw.get("predicted_species")));
            // given only the model's inputs (a signature without the label), the indexer is passed over too
            OnnxModel fromInputs = OnnxExport.of(model, iris.schema().select(List.of(measurements))).export();
            assertEquals(List.of(measurements), fromInputs.inputs());
            // a stage reading what the passed-over indexer writes fails, naming it
            PipelineModel reads = new Pipeline(new StringIndexer().inputCol("species").outputCol("label"),
                new VectorAssembler().inputCols("sepal_length", "label").outputCol("features")).fit(iris);
            OnnxExportException e = assertThrows(OnnxExportException.class, () -> OnnxExport.of(reads,
                iris.schema().select(List.of(measurements))).export());
            assertTrue(e.getMessage().contains("'label'") && e.getMessage().contains("'species'")
                && e.getMessage().contains(reads.stage(StringIndexerModel.class).uid()), e.getMessage());
        }
    }

    @Test
    void shouldRefuseABucketizerThatSkipsRowsAndAColumnTheSchemaLacks() {
        try (Runtime rt = Runtime.inProcess(new RuntimeConfig().threads(1))) {
            Frame iris = CsvReader.builder().runtime(rt).read(TestData.dataset("iris.csv"));
            Bucketizer skip = new Bucketizer().inputCol("sepal_length").outputCol("b").splits(0, 5, 6, 100)
                .with(Bucketizer.HANDLE_INVALID, "skip");
            OnnxExportException e = assertThrows(OnnxExportException.class,
                () -> OnnxExport.of(skip, iris.schema()).export());
            assertTrue(e.getMessage().contains(skip.uid()) && e.getMessage().contains("skip"), e.getMessage());

            Bucketizer keep = skip.with(Bucketizer.HANDLE_INVALID, "keep");
            OnnxExportException missing = assertThrows(OnnxExportException.class,
                () -> OnnxExport.of(keep, iris.schema()).outputs("nope").export());
            assertTrue(missing.getMessage().contains("'nope'"), missing.getMessage());
        }
    }

    @Test
    void shouldWriteAModelThatParsesBackWithItsOperatorSetsAndInputs() throws Exception {
        try (Runtime rt = Runtime.inProcess(new RuntimeConfig().threads(1))) {
            Frame iris = CsvReader.builder().runtime(rt).read(TestData.dataset("iris.csv"));
            Bucketizer b = new Bucketizer().inputCol("sepal_length").outputCol("b").splits(0, 5, 6, 100);
            OnnxModel onnx = OnnxExport.of(b, iris.schema()).export();
            ModelProto back = ModelProto.parseFrom(onnx.toByteArray());
            assertEquals(OnnxExport.IR_VERSION, back.getIrVersion());
            assertEquals(List.of("", "ai.onnx.ml"), back.getOpsetImportList().stream().map(o -> o.getDomain())
                .toList());
            assertEquals(List.of("sepal_length"), back.getGraph().getInputList().stream().map(i -> i.getName())
                .toList());
            assertEquals(List.of("b"), onnx.outputs());
        }
    }
}
