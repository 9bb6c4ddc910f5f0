package dev.ember.ml.registry.mlflow;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ember.ml.algo.feature.StandardScaler;
import dev.ember.ml.algo.feature.StandardScalerModel;
import dev.ember.ml.core.data.Frame;
import dev.ember.ml.core.runtime.Runtime;
import dev.ember.ml.core.runtime.RuntimeConfig;
import dev.ember.ml.core.tracking.Run;
import dev.ember.ml.core.tracking.Tracking;
import dev.ember.ml.registry.Fixtures;
import dev.ember.ml.registry.GradientMean;
import dev.ember.ml.registry.MlflowServer;
import dev.ember.ml.registry.ModelRegistry;
import dev.ember.ml.registry.ModelVersion;
import dev.ember.ml.registry.Models;
import dev.ember.ml.registry.PythonMlflow;
import dev.ember.ml.testkit.IntegrationTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The embedded store seen from MLflow: after Ember logs a run and registers a model into {@code ./mlruns}-style
 * files, MLflow's Python client finds everything, and {@code mlflow server --backend-store-uri} over the same
 * directory serves it (read back here through the server by Ember's REST registry).
 */
@IntegrationTest
@Timeout(600)
class FileStoreInteropTest {
    private static Runtime runtime;
    private static Frame data;

    @BeforeAll
    static void setUp() {
        runtime = Runtime.inProcess(new RuntimeConfig().threads(2));
        data = Fixtures.breastCancer(runtime);
    }

    @AfterAll
    static void tearDown() {
        runtime.close();
    }

    @AfterEach
    void reset() {
        Tracking.setTrackingUri(null);
    }

    @Test
    void shouldBeReadByPythonMlflowAndServedByMlflowServer(@TempDir Path tmp) {
        Path mlruns = tmp.resolve("mlruns");
        String uri = mlruns.toUri().toString();
        Tracking.setTrackingUri(uri);
        String runId;
        String parentId;
        GradientMean.Fitted mean;
        StandardScaler scaler = new StandardScaler().outputCol("scaled");
        StandardScalerModel scalerModel;
        try (Run parent = Tracking.newRun().experiment("ember-local").name("sweep").start()) {
            parentId = parent.id();
            try (Run run = parent.startChild("trial-1")) {
                runId = run.id();
                mean = new GradientMean().with(GradientMean.COL, "mean_radius").with(GradientMean.MAX_ITER, 5)
                    .fit(data);
                scalerModel = scaler.fit(data);
            }
        }
        ModelRegistry registry = ModelRegistry.forTrackingUri(uri);
        ModelVersion v = registry.register("local-scaler", "runs:/" + runId + "/model_2", Map.of());
        registry.setAlias("local-scaler", "champion", v.version());
        registry.setVersionTag("local-scaler", v.version(), "validated", "true");

        JsonNode py = PythonMlflow.run(uri, PythonMlflow.READ_RUN, runId, "local-scaler", "champion");
        assertEquals("FINISHED", py.path("status").asText());
        assertEquals("mean_radius", py.path("params").path("col").asText());
        assertEquals(parentId, py.path("tags").path("mlflow.parentRunId").asText());
        JsonNode loss = py.path("metrics").path("loss");
        double[] history = mean.objectiveHistory();
        assertEquals(history.length, loss.size());
        for (int i = 0; i < history.length; i++) {
            assertEquals(i, loss.get(i).get(0).asInt());
            assertEquals(history[i], loss.get(i).get(1).asDouble(), 1e-12);
        }
        List<String> files = new ArrayList<>();
        py.path("files").forEach(f -> files.add(f.asText()));
        assertTrue(files.containsAll(List.of("model/MLmodel", "model/input_example.json", "model/data/metadata.json",
            "model_2/MLmodel")), files.toString());
        assertTrue(py.path("flavors").has("ember"));
        assertTrue(py.path("signature_inputs").toString().contains("mean_radius"));
        assertEquals("1", py.path("version").path("version").asText());
        assertTrue(py.path("version").path("aliases").toString().contains("champion"));
        assertEquals("true", py.path("version").path("tags").path("validated").asText());
        assertTrue(py.path("version_downloaded").toString().contains("MLmodel"));

        try (MlflowServer server = MlflowServer.startOverFileStore(tmp.resolve("server"), mlruns)) {
            ModelRegistry served = ModelRegistry.forTrackingUri(server.uri());
            assertEquals(v.version(), served.versionByAlias("local-scaler", "champion").version());
            assertEquals(runId, served.versionByAlias("local-scaler", "champion").runId());
            Tracking.setTrackingUri(server.uri());
            assertTrue(Fixtures.sameValues(scalerModel.transform(data),
                Models.load("models:/local-scaler@champion").transform(data), "scaled"));
        }
    }
}
