package dev.ember.ml.pipeline.plan;

import dev.ember.ml.core.Transformer;
import dev.ember.ml.core.data.Frame;
import dev.ember.ml.core.io.CsvReader;
import dev.ember.ml.core.runtime.CacheStats;
import dev.ember.ml.core.runtime.PartitionRef;
import dev.ember.ml.core.runtime.Runtime;
import dev.ember.ml.core.runtime.RuntimeConfig;
import dev.ember.ml.pipeline.Pipeline;
import dev.ember.ml.pipeline.PipelineModel;
import dev.ember.ml.testkit.TestData;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

class FusedLineageTest {

    @Test
    void shouldTransformInOneFusedNodeEqualToTheStageByStageTransform() {
        try (Runtime rt = Runtime.inProcess(new RuntimeConfig().threads(2))) {
            Frame raw = CsvReader.builder().runtime(rt).numPartitions(3).read(TestData.dataset("breast_cancer.csv"));
            Pipeline pipeline = PlanPassCountTest.pipeline(raw);
            PipelineModel model = pipeline.fit(raw);
            Frame planned = model.transform(raw);
            assertInstanceOf(FusedSource.class, planned.source());
            assertEquals(4, ((FusedSource) planned.source()).steps().size(), "one kernel per stage, fused");
            Frame stepwise = raw;
            for (Transformer t : model.stages()) {
                stepwise = t.transform(stepwise);
            }
            assertEquals(stepwise.schema(), planned.schema());
            for (String column : List.of("features", "probability")) {
                double[][] a = stepwise.collectVectors(column);
                double[][] b = planned.collectVectors(column);
                for (int r = 0; r < a.length; r++) {
                    assertArrayEquals(a[r], b[r], 0.0, column + " row " + r);
                }
            }
            assertArrayEquals(stepwise.collectDoubles("prediction"), planned.collectDoubles("prediction"), 0.0);
        }
    }

    @Test
    void shouldShareCachedPartitionsBetweenEqualSubPlansOfDifferentFits() {
        try (Runtime rt = Runtime.inProcess(new RuntimeConfig().threads(2))) {
            Frame raw = CsvReader.builder().runtime(rt).numPartitions(3).read(TestData.dataset("breast_cancer.csv"));
            PipelineModel model = PlanPassCountTest.pipeline(raw).fit(raw);
            List<Transformer> firstTwo = model.stages().subList(0, 3);
            FusedSource trial1 = PlanExecutor.fuse(new ProbeSource(raw.source(), "source"), firstTwo,
                List.of("label", "features"), rt);
            FusedSource trial2 = PlanExecutor.fuse(new ProbeSource(raw.source(), "source"), firstTwo,
                List.of("label", "features"), rt);
            assertEquals(trial1.id(), trial2.id(), "content ids of equal sub-plans");
            rt.persist(trial1);
            new Frame(trial1, rt).count();
            CacheStats before = rt.cacheStats();
            for (int i = 0; i < raw.numPartitions(); i++) {
                try (PartitionRef ref = rt.open(trial2, i)) {
                    assertEquals(2, ref.partition().schema().size());
                }
            }
            CacheStats after = rt.cacheStats();
            assertEquals(raw.numPartitions(), after.hits() - before.hits(), "the second plan's reads hit the cache");
            assertEquals(0, after.misses() - before.misses());
            assertEquals(0, trial2.metrics().partitions(), "the second plan computed nothing");
        }
    }
}
