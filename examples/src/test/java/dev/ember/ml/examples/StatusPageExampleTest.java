package dev.ember.ml.examples;

import dev.ember.ml.testkit.TestData;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The docs' status page example: the pipeline's fit and its stages' fits show as succeeded, with the plan. */
class StatusPageExampleTest {
    @Test
    void shouldShowThePipelineFitWithItsAnalyzedPlan() {
        List<Map<String, Object>> fits = StatusPageExample.run(
            TestData.repoRoot().resolve("examples/data/breast_cancer.csv"), 0);
        Map<String, Object> pipeline = fits.stream().filter(f -> String.valueOf(f.get("estimator"))
            .startsWith("Pipeline")).findFirst().orElseThrow(() -> new AssertionError(fits.toString()));
        assertEquals("SUCCEEDED", pipeline.get("state"));
        assertTrue(String.valueOf(pipeline.get("analyzedPlan")).contains("Fit LogisticRegression"), pipeline.toString());
        assertTrue(fits.stream().anyMatch(f -> pipeline.get("estimator").equals(f.get("outer"))
            && String.valueOf(f.get("estimator")).startsWith("StandardScaler")), fits.toString());
    }
}
