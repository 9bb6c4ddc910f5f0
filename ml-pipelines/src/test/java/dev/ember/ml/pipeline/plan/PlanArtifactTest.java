package dev.ember.ml.pipeline.plan;

import dev.ember.ml.core.data.Frame;
import dev.ember.ml.core.io.CsvReader;
import dev.ember.ml.core.runtime.Runtime;
import dev.ember.ml.core.runtime.RuntimeConfig;
import dev.ember.ml.core.tracking.Run;
import dev.ember.ml.core.tracking.Tracking;
import dev.ember.ml.pipeline.PipelineModel;
import dev.ember.ml.testkit.TestData;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PlanArtifactTest {

    @AfterEach
    void reset() {
        Tracking.setTrackingUri(null);
    }

    @Test
    void shouldLogTheAnalyzedPlanToTheActiveRunWhenFittingInsideARun() {
        String uri = "plan-artifacts:fit";
        Tracking.setTrackingUri(uri);
        try (Runtime rt = Runtime.inProcess(new RuntimeConfig().threads(2))) {
            Frame raw = CsvReader.builder().runtime(rt).numPartitions(2).read(TestData.dataset("breast_cancer.csv"));
            PipelineModel model;
            String runId;
            try (Run run = Tracking.newRun().experiment("plans").name("fit").start()) {
                runId = run.id();
                model = PlanPassCountTest.pipeline(raw).fit(raw);
            }
            String logged = ArtifactStore.OPENED.get(uri).artifacts.get(runId + "/plan/explain.txt");
            assertNotNull(logged, "plan/explain.txt in run " + runId);
            assertTrue(logged.contains("== Physical plan (analyzed) =="), logged);
            assertTrue(logged.contains("Total: 1 pass over the source"), logged);
            assertEquals(model.explain(true).lines().filter(l -> l.contains("Pass ")).toList(),
                logged.lines().filter(l -> l.contains("Pass ")).toList());
        }
    }
}
