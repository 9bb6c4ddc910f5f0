package dev.ember.ml.registry.mlflow;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ember.ml.algo.feature.StandardScaler;
import dev.ember.ml.algo.feature.StandardScalerModel;
import dev.ember.ml.core.data.Frame;
import dev.ember.ml.core.runtime.Runtime;
import dev.ember.ml.core.runtime.RuntimeConfig;
import dev.ember.ml.core.tracking.MetricPoint;
import dev.ember.ml.core.tracking.Run;
import dev.ember.ml.core.tracking.Tracking;
import dev.ember.ml.registry.Fixtures;
import dev.ember.ml.registry.GradientMean;
import dev.ember.ml.registry.MlflowServer;
import dev.ember.ml.registry.ModelRegistry;
import dev.ember.ml.registry.ModelVersion;
import dev.ember.ml.registry.Models;
import dev.ember.ml.registry.PythonMlflow;
import dev.ember.ml.registry.SharedMlflowServer;
import dev.ember.ml.testkit.IntegrationTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Against a real MLflow server: Ember logs a sweep's child run (two fits), registers a model version with an alias
 * and loads it back by every URI form; MLflow's own Python client then finds the run, its params, its metric
 * history step by step, its artifact files, the model's signature and the version with its alias.
 */
@IntegrationTest
@Timeout(600)
@ExtendWith(SharedMlflowServer.class)
class MlflowServerRoundTripTest {
    private static Runtime runtime;
    private static Frame data;

    @BeforeAll
    static void setUp(@TempDir Path spool) {
        System.setProperty("ember.tracking.spool", spool.toString());
        System.setProperty("ember.tracking.startTimeoutMillis", "60000");
        runtime = Runtime.inProcess(new RuntimeConfig().threads(2));
        data = Fixtures.breastCancer(runtime);
    }

    @AfterAll
    static void tearDown() {
        runtime.close();
        System.clearProperty("ember.tracking.spool");
        System.clearProperty("ember.tracking.startTimeoutMillis");
    }

    @AfterEach
    void reset() {
        Tracking.setTrackingUri(null);
    }

    @Test
    void shouldLogRegisterAndLoadBackWhatPythonMlflowThenReads(MlflowServer server) {
        Tracking.setTrackingUri(server.uri());
        String parentId;
        String runId;
        GradientMean.Fitted mean;
        StandardScalerModel scaler;
        StandardScaler scalerEstimator = new StandardScaler().outputCol("scaled").with(StandardScaler.WITH_MEAN, true);
        try (Run parent = Tracking.newRun().experiment("ember-roundtrip").name("sweep").start()) {
            parentId = parent.id();
            try (Run run = parent.startChild("trial-1")) {
                runId = run.id();
                assertTrue(runId.matches("[0-9a-f]{32}"), "the server's run id, got " + runId);
                mean = new GradientMean().with(GradientMean.COL, "mean_radius").with(GradientMean.MAX_ITER, 6)
                    .fit(data);
                scaler = scalerEstimator.fit(data);
                List<MetricPoint> big = new ArrayList<>();
                long now = System.currentTimeMillis();
                for (int i = 0; i < 2500; i++) {
                    big.add(new MetricPoint("big", i * 0.5, now, i));
                }
                Map<String, String> many = new LinkedHashMap<>();
                for (int i = 0; i < 150; i++) {
                    many.put("p" + i, "v".repeat(5000) + i);
                }
                run.log(big, many, Map.of("note", "batched"));
            }
        }
        assertTrue(Tracking.store(server.uri()).flush(60_000), "everything sent");

        ModelRegistry registry = ModelRegistry.forTrackingUri(server.uri());
        ModelVersion v = registry.register("ember-scaler", "runs:/" + runId + "/model_2", Map.of("source", "it"));
        registry.setAlias("ember-scaler", "champion", v.version());
        registry.setVersionTag("ember-scaler", v.version(), "validated", "true");
        assertEquals(v.version(), registry.versionByAlias("ember-scaler", "champion").version());
        assertTrue(registry.searchVersions("name = 'ember-scaler'").stream().anyMatch(x -> x.version() == v.version()));

        Frame expected = scaler.transform(data);
        for (String uri : List.of("runs:/" + runId + "/model_2", "models:/ember-scaler/" + v.version(),
            "models:/ember-scaler@champion", "models:/ember-scaler/latest")) {
            assertTrue(Fixtures.sameValues(expected, Models.load(uri).transform(data), "scaled"), uri);
        }
        assertEquals(mean.mean(), Models.load("runs:/" + runId + "/model", GradientMean.Fitted.class).mean(), 0.0);

        JsonNode py = PythonMlflow.run(server.uri(), PythonMlflow.READ_RUN, runId, "ember-scaler", "champion");
        assertEquals("FINISHED", py.path("status").asText());
        assertEquals("trial-1", py.path("run_name").asText());
        assertEquals("mean_radius", py.path("params").path("col").asText());
        assertEquals("6", py.path("params").path("maxIter").asText());
        assertEquals("true", py.path("params").path("StandardScaler.withMean").asText());
        assertEquals(5002, py.path("params").path("p10").asText().length());
        assertEquals(parentId, py.path("tags").path("mlflow.parentRunId").asText());
        assertEquals("569", py.path("tags").path("ember.data.rowCount").asText());
        assertEquals(GradientMean.class.getName(), py.path("tags").path("ember.estimator").asText());
        JsonNode loss = py.path("metrics").path("loss");
        double[] history = mean.objectiveHistory();
        assertEquals(history.length, loss.size());
        for (int i = 0; i < history.length; i++) {
            assertEquals(i, loss.get(i).get(0).asInt());
            assertEquals(history[i], loss.get(i).get(1).asDouble(), 1e-12);
        }
        assertEquals(2500, py.path("metrics").path("big").size());
        assertEquals(1249.5, py.path("metrics").path("big").get(2499).get(1).asDouble(), 0.0);
        List<String> files = new ArrayList<>();
        py.path("files").forEach(f -> files.add(f.asText()));
        assertTrue(files.containsAll(List.of("model/MLmodel", "model/input_example.json", "model/data/metadata.json",
            "model_2/MLmodel", "model_2/data/metadata.json")), files.toString());
        assertTrue(py.path("flavors").has("ember"), py.path("flavors").toString());
        assertEquals(GradientMean.Fitted.class.getName(),
            py.path("flavors").path("ember").path("model_class").asText());
        assertTrue(py.path("signature_inputs").toString().contains("mean_radius"));
        assertEquals("input_example.json", py.path("input_example").path("artifact_path").asText());
        assertTrue(py.path("downloaded").toString().contains("MLmodel"));
        assertEquals(Long.toString(v.version()), py.path("version").path("version").asText());
        assertEquals(runId, py.path("version").path("run_id").asText());
        assertTrue(py.path("version").path("aliases").toString().contains("champion"));
        assertEquals("true", py.path("version").path("tags").path("validated").asText());
        assertTrue(py.path("version_downloaded").toString().contains("MLmodel"));
    }
}
