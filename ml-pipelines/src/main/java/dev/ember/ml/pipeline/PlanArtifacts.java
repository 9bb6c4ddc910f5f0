package dev.ember.ml.pipeline;

import dev.ember.ml.core.tracking.Run;
import dev.ember.ml.core.tracking.Tracking;
import dev.ember.ml.pipeline.plan.ExecutedPlan;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Logs a fit's analyzed plan to the active MLflow run as the artifact {@code plan/explain.txt}. */
final class PlanArtifacts {
    private static final Logger LOG = LoggerFactory.getLogger(PlanArtifacts.class);

    private PlanArtifacts() {
    }

    static void log(ExecutedPlan plan) {
        Run run = Tracking.activeRun().orElse(null);
        if (run == null) {
            return;
        }
        try {
            Path dir = Files.createTempDirectory("ember-plan");
            Path file = dir.resolve("explain.txt");
            try {
                Files.writeString(file, plan.explain(true), StandardCharsets.UTF_8);
                run.logArtifact(file, "plan");
            } finally {
                Files.deleteIfExists(file);
                Files.deleteIfExists(dir);
            }
        } catch (IOException | RuntimeException e) {
            LOG.warn("logging the fit's plan to run {} failed (the fit itself is unaffected): {}", run.id(),
                e.toString());
        }
    }
}
