package dev.ember.ml.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ember.ml.core.tracking.Tracking;
import dev.ember.ml.registry.MlflowServer;
import dev.ember.ml.registry.PythonMlflow;
import dev.ember.ml.registry.SharedMlflowServer;
import dev.ember.ml.testkit.IntegrationTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code ember sweep} logging to a real MLflow server: the parent run and one child run per trial, read back with
 * MLflow's Python client.
 */
@IntegrationTest
@Timeout(600)
@ExtendWith(SharedMlflowServer.class)
class SweepTrackingServerTest {
    @AfterEach
    void reset() {
        Tracking.shutdown();
        Tracking.setTrackingUri(null);
    }

    @Test
    void shouldLogAChildRunPerTrialUnderTheParent(MlflowServer server, @TempDir Path tmp) throws Exception {
        Path data = SweepCommandTest.EXAMPLES.resolve("../data/breast_cancer.csv").normalize();
        Path file = tmp.resolve("asha-tracked.yaml");
        Files.writeString(file, Files.readString(SweepCommandTest.EXAMPLES.resolve("asha.yaml"))
            .replace("../data/breast_cancer.csv", data.toString())
            .replace("budget: {trials: 18}", "budget: {trials: 9}")
            + "tracking: {experiment: sweep-it, parentRun: asha-parent,\n"
            + "           registerBest: {name: sweep-it-best, alias: champion}}\n");
        Cli c = Cli.run("sweep", file.toString(), "--tracking-uri", server.uri());
        assertEquals(0, c.code(), c.toString());

        JsonNode runs = PythonMlflow.run(server.uri(), """
            import json
            from mlflow import MlflowClient
            c = MlflowClient()
            exp = c.get_experiment_by_name("sweep-it")
            runs = c.search_runs([exp.experiment_id], max_results=100)
            out = []
            for r in runs:
                hist = [{"step": m.step, "value": m.value}
                        for m in c.get_metric_history(r.info.run_id, "areaUnderROC")]
                out.append({"id": r.info.run_id, "name": r.info.run_name, "status": r.info.status,
                            "tags": r.data.tags, "params": r.data.params, "metrics": r.data.metrics,
                            "history": hist})
            print(json.dumps(out))
            """);
        JsonNode parent = null;
        int children = 0;
        int pruned = 0;
        for (JsonNode r : runs) {
            if (r.path("name").asText().equals("asha-parent")) {
                parent = r;
            }
        }
        assertTrue(parent != null, runs.toString());
        assertEquals("FINISHED", parent.path("status").asText());
        assertTrue(parent.path("metrics").has("best_areaUnderROC"), parent.toString());
        assertTrue(parent.path("tags").has("ember.sweep.bestTrial"), parent.toString());
        for (JsonNode r : runs) {
            if (!parent.path("id").asText().equals(r.path("tags").path("mlflow.parentRunId").asText())) {
                continue;
            }
            children++;
            assertTrue(r.path("params").has("lr.regParam"), r.toString());
            assertTrue(r.path("history").size() >= 1 && r.path("history").get(0).path("step").asInt() == 3,
                "metric at every rung: " + r);
            String state = r.path("tags").path("ember.sweep.state").asText();
            if (state.equals("PRUNED")) {
                pruned++;
                assertEquals("KILLED", r.path("status").asText());
                assertTrue(r.path("tags").has("ember.sweep.prunedAtStep"), r.toString());
            } else {
                assertEquals("COMPLETE", state, r.toString());
                assertEquals("FINISHED", r.path("status").asText());
                assertTrue(r.path("metrics").has("final_areaUnderROC"), r.toString());
            }
        }
        assertEquals(9, children, runs.toString());
        assertTrue(pruned >= 3, "pruned " + pruned);

        JsonNode reg = PythonMlflow.run(server.uri(), """
            import json, sys
            from mlflow import MlflowClient
            c = MlflowClient()
            v = c.get_model_version_by_alias("sweep-it-best", "champion")
            arts = [a.path for a in c.list_artifacts(sys.argv[1], "plots")]
            print(json.dumps({"run": v.run_id, "trial": v.tags.get("ember.sweep.trial"), "plots": arts}))
            """, parent.path("id").asText());
        assertEquals(parent.path("id").asText(), reg.path("run").asText(), reg.toString());
        assertEquals(parent.path("tags").path("ember.sweep.bestTrial").asText(), reg.path("trial").asText());
        assertTrue(reg.path("plots").toString().contains("plots/optimization_history.png"), reg.toString());
    }
}
