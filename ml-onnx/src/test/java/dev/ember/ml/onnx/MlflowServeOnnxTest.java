package dev.ember.ml.onnx;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ember.ml.core.data.DataType;
import dev.ember.ml.core.data.Field;
import dev.ember.ml.core.data.Schema;
import dev.ember.ml.core.runtime.Runtime;
import dev.ember.ml.core.runtime.RuntimeConfig;
import dev.ember.ml.core.tracking.ModelArtifact;
import dev.ember.ml.core.tracking.Run;
import dev.ember.ml.core.tracking.Tracking;
import dev.ember.ml.testkit.IntegrationTest;
import dev.ember.ml.testkit.Seeds;
import dev.ember.ml.testkit.TestData;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A model Ember logs to a run is served by {@code mlflow models serve --env-manager local} on a loopback port
 * through its onnx flavor, and the server's answers to {@code /invocations} equal Ember's predictions to 1e-6.
 */
@IntegrationTest
class MlflowServeOnnxTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private Process server;

    @AfterEach
    void stop() throws InterruptedException {
        Tracking.setTrackingUri(null);
        if (server != null) {
            server.descendants().forEach(ProcessHandle::destroy);
            server.destroy();
            if (!server.waitFor(20, TimeUnit.SECONDS)) {
                server.descendants().forEach(ProcessHandle::destroyForcibly);
                server.destroyForcibly();
            }
        }
    }

    @Test
    @Timeout(value = 240, unit = TimeUnit.SECONDS)
    void shouldAnswerWhatEmberPredictsWhenMlflowServesTheLoggedModel(@TempDir Path tmp) throws Exception {
        Path python = TestData.python();
        assertTrue(Files.isExecutable(python), "no project venv at " + python + "; run scripts/python-env.sh");
        Seeds.announce("MlflowServeOnnxTest", ParityCases.SEED);
        String trackingUri = tmp.resolve("mlruns").toUri().toString();
        Tracking.setTrackingUri(trackingUri);
        String runId;
        Map<String, double[]> want;
        ObjectNode request = JSON.createObjectNode();
        try (Runtime rt = Runtime.inProcess(new RuntimeConfig().threads(2))) {
            ParityCases.Fitted f = ParityCases.fit("wine_pca", "float", rt, tmp);
            want = OnnxPythonCrossCheckTest.expected(f);
            Schema inputs = f.data().schema().select(OnnxExport.of(f.model(), f.data().schema()).export().inputs());
            try (Run run = Tracking.newRun().experiment("onnx-serve").name("wine-pca").start()) {
                runId = run.id();
                run.logModel(new ModelArtifact(f.model(), "model", inputs, null, null));
            }
            assertTrue(Tracking.flush(trackingUri, 30_000), "the logged model written");
            ObjectNode split = request.putObject("dataframe_split");
            ArrayNode columns = split.putArray("columns");
            inputs.names().forEach(columns::add);
            double[][] values = new double[inputs.size()][];
            for (int c = 0; c < inputs.size(); c++) {
                values[c] = f.data().collectDoubles(inputs.field(c).name());
            }
            ArrayNode data = split.putArray("data");
            for (int r = 0; r < values[0].length; r++) {
                ArrayNode row = data.addArray();
                for (int c = 0; c < values.length; c++) {
                    Field field = inputs.field(c);
                    if (field.type() == DataType.INT || field.type() == DataType.LONG) {
                        row.add((long) values[c][r]);
                    } else {
                        row.add(values[c][r]);
                    }
                }
            }
        }

        int port = freePort();
        ProcessBuilder pb = new ProcessBuilder(python.toString(), "-m", "mlflow", "models", "serve", "-m",
            "runs:/" + runId + "/model", "--env-manager", "local", "--host", "127.0.0.1", "--port",
            Integer.toString(port), "--workers", "1")
            .redirectErrorStream(true).redirectOutput(tmp.resolve("serve.log").toFile());
        pb.environment().put("MLFLOW_TRACKING_URI", trackingUri);
        pb.environment().put("MLFLOW_ALLOW_FILE_STORE", "true");
        // MLflow's telemetry thread sets and unsets an environment variable while requests iterates os.environ
        pb.environment().put("MLFLOW_DISABLE_TELEMETRY", "true");
        pb.environment().put("DO_NOT_TRACK", "true");
        // the server starts uvicorn by name: the venv's bin first on the PATH, as an activated venv has it
        pb.environment().merge("PATH", python.getParent().toString(), (old, venv) -> venv + ":" + old);
        server = pb.start();
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();
        String base = "http://127.0.0.1:" + port;
        waitForPing(http, base, tmp.resolve("serve.log"));

        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/invocations"))
            .header("Content-Type", "application/json").timeout(Duration.ofSeconds(60))
            .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(request))).build(),
            HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), "answer: " + r.body());
        JsonNode predictions = JSON.readTree(r.body()).path("predictions");
        assertEquals(want.get("prediction").length, predictions.size(), "rows answered");
        for (Map.Entry<String, double[]> e : want.entrySet()) {
            double worst = 0;
            for (int i = 0; i < predictions.size(); i++) {
                double got = predictions.get(i).path(e.getKey()).asDouble(Double.NaN);
                double err = Math.abs(got - e.getValue()[i]) / Math.max(1, Math.abs(e.getValue()[i]));
                worst = Math.max(worst, err);
                assertTrue(err <= OnnxRuntimeParityTest.TOL, e.getKey() + " row " + i + ": Ember " + e.getValue()[i]
                    + ", served " + got);
            }
            System.out.printf("served %s: %d rows, largest relative difference %.3g%n", e.getKey(),
                predictions.size(), worst);
        }
    }

    private void waitForPing(HttpClient http, String base, Path log) throws Exception {
        long deadline = System.currentTimeMillis() + 180_000;
        while (System.currentTimeMillis() < deadline) {
            if (!server.isAlive()) {
                throw new AssertionError("mlflow models serve exited with " + server.exitValue() + ":\n"
                    + Files.readString(log));
            }
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/ping"))
                    .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // starting
            }
            Thread.sleep(250);
        }
        throw new AssertionError("mlflow models serve did not answer /ping in 180 s:\n" + Files.readString(log));
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
