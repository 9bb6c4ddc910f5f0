package dev.ember.ml.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ember.ml.algo.classification.LogisticRegressionModel;
import dev.ember.ml.algo.feature.StringIndexerModel;
import dev.ember.ml.core.data.Frame;
import dev.ember.ml.core.io.CsvReader;
import dev.ember.ml.core.persist.StageIO;
import dev.ember.ml.core.runtime.Runtime;
import dev.ember.ml.core.runtime.RuntimeConfig;
import dev.ember.ml.testkit.TestData;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Models saved by earlier releases must load and predict the same. {@code golden/breast_cancer_pipeline_v1} was
 * saved by Ember 0.1.0 (format version 1): label indexing, assembly, scaling and elastic-net logistic regression
 * fitted on breast_cancer.csv; the probabilities it gave then are stored beside it.
 */
class GoldenModelsTest {

    @Test
    void shouldLoadThePipelineSavedByRelease010AndPredictTheSame() throws IOException {
        Path golden = TestData.repoRoot().resolve("ml-pipelines/src/test/resources/golden");
        PipelineModel model = StageIO.load(golden.resolve("breast_cancer_pipeline_v1"), PipelineModel.class);
        assertEquals(4, model.stages().size());
        assertEquals(List.of("benign", "malignant"), model.stage(StringIndexerModel.class).labels());
        assertEquals(2, model.stage(LogisticRegressionModel.class).numClasses());
        JsonNode expected = new ObjectMapper().readTree(golden.resolve(
            "breast_cancer_pipeline_v1_probabilities.json").toFile()).get("probability1");
        try (Runtime rt = Runtime.inProcess(new RuntimeConfig().threads(2))) {
            Frame raw = CsvReader.builder().runtime(rt).numPartitions(3).read(TestData.dataset("breast_cancer.csv"));
            double[][] p = model.transform(raw).collectVectors("probability");
            assertEquals(expected.size(), p.length);
            for (int i = 0; i < p.length; i++) {
                assertEquals(expected.get(i).asDouble(), p[i][1], 1e-12, "row " + i);
            }
        }
    }
}
