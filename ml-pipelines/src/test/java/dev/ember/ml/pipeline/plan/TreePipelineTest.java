package dev.ember.ml.pipeline.plan;

import dev.ember.ml.algo.feature.StringIndexer;
import dev.ember.ml.algo.feature.StringIndexerModel;
import dev.ember.ml.algo.feature.VectorAssembler;
import dev.ember.ml.algo.tree.GBTClassificationModel;
import dev.ember.ml.algo.tree.GBTClassifier;
import dev.ember.ml.algo.tree.RandomForestClassificationModel;
import dev.ember.ml.algo.tree.RandomForestClassifier;
import dev.ember.ml.core.data.Frame;
import dev.ember.ml.core.io.CsvReader;
import dev.ember.ml.core.runtime.Runtime;
import dev.ember.ml.core.runtime.RuntimeConfig;
import dev.ember.ml.pipeline.Pipeline;
import dev.ember.ml.pipeline.PipelineModel;
import dev.ember.ml.testkit.TestData;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Tree estimators inside a pipeline plan: their quantile sketch and label statistics are gathered in the plan's
 * shared statistics passes (the first estimator's in the first pass over the source, fused with the maps before
 * it), and the fitted pipeline predicts as the stages fitted one at a time do.
 */
class TreePipelineTest {

    @Test
    void shouldGatherTheSketchInTheSharedPassAndFitAsStageByStage() {
        try (Runtime rt = Runtime.inProcess(new RuntimeConfig().threads(2))) {
            Frame raw = CsvReader.builder().runtime(rt).numPartitions(3)
                .read(TestData.dataset("breast_cancer.csv"));
            StringIndexerModel labels = new StringIndexer().inputCol("diagnosis").outputCol("label").fit(raw);
            String[] measurements = raw.schema().names().stream().filter(n -> !n.equals("diagnosis"))
                .toArray(String[]::new);
            VectorAssembler assembler = new VectorAssembler().inputCols(measurements).outputCol("features");
            GBTClassifier gbt = new GBTClassifier().maxIter(10).maxLeaves(7).maxDepth(30)
                .with(dev.ember.ml.algo.tree.TreeParams.PREDICTION_COL, "gbtPrediction")
                .with(dev.ember.ml.algo.tree.TreeParams.RAW_PREDICTION_COL, "gbtRaw")
                .with(dev.ember.ml.algo.tree.TreeParams.PROBABILITY_COL, "gbtProbability");
            RandomForestClassifier rf = new RandomForestClassifier().numTrees(5).maxDepth(4);
            Pipeline pipeline = new Pipeline(labels, assembler, gbt, rf);
            String plan = pipeline.explain(raw);
            System.out.println(plan);
            String pass1 = plan.lines().filter(l -> l.contains("Pass 1:")).findFirst().orElseThrow();
            assertTrue(pass1.contains("SharedStatistics[quantileSketch(features), labelStats(label), fingerprint"),
                "the GBT's statistics in the first, shared pass:\n" + plan);
            PipelineModel model = pipeline.fit(raw);
            Frame assembled = assembler.transform(labels.transform(raw));
            GBTClassificationModel g = gbt.fit(assembled);
            RandomForestClassificationModel r = rf.fit(assembled);
            Frame expected = r.transform(g.transform(assembled));
            Frame actual = model.transform(raw);
            assertArrayEquals(expected.collectDoubles("gbtPrediction"), actual.collectDoubles("gbtPrediction"));
            assertArrayEquals(expected.collectDoubles("prediction"), actual.collectDoubles("prediction"));
            assertEquals(10, model.stage(GBTClassificationModel.class).getNumTrees());
        }
    }
}
