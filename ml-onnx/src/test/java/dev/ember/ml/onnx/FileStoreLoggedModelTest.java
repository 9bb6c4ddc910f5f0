package dev.ember.ml.onnx;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ember.ml.algo.classification.LogisticRegression;
import dev.ember.ml.algo.feature.StandardScaler;
import dev.ember.ml.algo.feature.StringIndexer;
import dev.ember.ml.algo.feature.VectorAssembler;
import dev.ember.ml.core.data.Frame;
import dev.ember.ml.core.io.CsvReader;
import dev.ember.ml.core.runtime.Runtime;
import dev.ember.ml.core.runtime.RuntimeConfig;
import dev.ember.ml.core.tracking.Run;
import dev.ember.ml.core.tracking.Tracking;
import dev.ember.ml.pipeline.Pipeline;
import dev.ember.ml.pipeline.PipelineModel;
import dev.ember.ml.registry.ModelRegistry;
import dev.ember.ml.testkit.IntegrationTest;
import dev.ember.ml.testkit.TestData;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The embedded {@code ./mlruns} store (what {@code ember train} and the demo use) seen from MLflow 3's Python client,
 * as a tracking server's runs are: a pipeline fitted in a run is a LoggedModel ({@code search_logged_models} finds
 * it, ready, named, an output of the run, its version's {@code model_id}), its training data a dataset input whose
 * digest is Ember's fingerprint, and {@code mlflow.pyfunc.load_model("models:/<model_id>")} predicts the
 * probabilities Ember predicts on wine.csv.
 */
@IntegrationTest
class FileStoreLoggedModelTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String READ = """
        import json, sys
        import mlflow, mlflow.pyfunc
        import numpy as np, pandas as pd
        from mlflow import MlflowClient
        run_id, experiment, csv, registered = sys.argv[1:5]
        exp_id = mlflow.get_experiment_by_name(experiment).experiment_id
        r = mlflow.get_run(run_id)
        out = {"datasets": [{"name": d.dataset.name, "digest": d.dataset.digest, "source_type": d.dataset.source_type,
                             "source": d.dataset.source, "profile": d.dataset.profile,
                             "tags": {t.key: t.value for t in d.tags}} for d in r.inputs.dataset_inputs]}
        models = mlflow.search_logged_models(experiment_ids=[exp_id], output_format="list")
        out["logged_models"] = [{"model_id": m.model_id, "name": m.name, "source_run_id": m.source_run_id,
                                 "status": str(m.status), "model_type": m.model_type} for m in models]
        out["run_outputs"] = [o.model_id for o in r.outputs.model_outputs]
        model_id = models[0].model_id
        info = mlflow.models.get_model_info(f"models:/{model_id}")
        out["signature_inputs"] = [s.name for s in info.signature.inputs.inputs]
        out["version_model_id"] = MlflowClient().get_model_version(registered, "1").model_id
        df = pd.read_csv(csv)
        feed = pd.DataFrame({s.name: df[s.name].to_numpy(dtype=s.type.to_numpy())
                             for s in info.signature.inputs.inputs})
        predicted = mlflow.pyfunc.load_model(f"models:/{model_id}").predict(feed)
        out["predicted"] = {c: predicted[c].tolist() for c in predicted.columns}
        print(json.dumps(out))
        """;

    @AfterEach
    void reset() {
        Tracking.setTrackingUri(null);
    }

    @Test
    @Timeout(value = 180, unit = TimeUnit.SECONDS)
    void shouldBeALoggedModelWithADatasetThatPythonLoadsByModelId(@TempDir Path tmp) throws Exception {
        Path python = TestData.python();
        assumeTrue(Files.isExecutable(python), "no project venv at " + python + "; run scripts/python-env.sh");
        String uri = tmp.resolve("mlruns").toUri().toString();
        Tracking.setTrackingUri(uri);
        Path csv = TestData.dataset("wine.csv");
        String runId;
        PipelineModel model;
        double[][] probability;
        String digest;
        long rows;
        try (Runtime rt = Runtime.inProcess(new RuntimeConfig().threads(2))) {
            Frame raw = CsvReader.builder().runtime(rt).numPartitions(3).read(csv);
            Frame data = new StringIndexer().inputCol("cultivar").outputCol("label").fit(raw).transform(raw);
            List<String> measurements = new ArrayList<>(raw.schema().names());
            measurements.remove("cultivar");
            Pipeline pipeline = new Pipeline(
                new VectorAssembler().inputCols(measurements.toArray(String[]::new)).outputCol("raw"),
                new StandardScaler().inputCol("raw").outputCol("features"),
                new LogisticRegression().regParam(0.01));
            try (Run run = Tracking.newRun().experiment("ember-file-store").name("wine").start()) {
                runId = run.id();
                model = pipeline.fit(data);
            }
            assertTrue(Tracking.store(uri).flush(60_000), "everything written");
            probability = model.transform(data).collectVectors("probability");
            digest = model.provenance().data().contentHash();
            rows = data.count();
        }
        ModelRegistry.forTrackingUri(uri).register("ember-wine", "runs:/" + runId + "/model", Map.of());

        JsonNode py = runPython(python, uri, runId, "ember-file-store", csv.toString(), "ember-wine");

        JsonNode models = py.path("logged_models");
        assertEquals(1, models.size(), models.toString());
        JsonNode m = models.get(0);
        String modelId = m.path("model_id").asText();
        assertTrue(modelId.startsWith("m-"), modelId);
        assertEquals("model", m.path("name").asText());
        assertEquals(runId, m.path("source_run_id").asText());
        assertTrue(m.path("status").asText().contains("READY"), m.toString());
        assertEquals(List.of(modelId), texts(py.path("run_outputs")), "an output of the run");
        assertEquals(modelId, py.path("version_model_id").asText(), "the registered version names the LoggedModel");

        JsonNode datasets = py.path("datasets");
        assertEquals(1, datasets.size(), datasets.toString());
        JsonNode ds = datasets.get(0);
        assertEquals(digest, ds.path("digest").asText(), "the digest is Ember's fingerprint");
        assertEquals("wine", ds.path("name").asText());
        assertEquals("local", ds.path("source_type").asText());
        assertTrue(ds.path("source").asText().contains("wine.csv"), ds.toString());
        assertTrue(ds.path("profile").asText().contains("\"num_rows\":" + rows), ds.toString());
        assertEquals("training", ds.path("tags").path("mlflow.data.context").asText());

        List<String> inputs = texts(py.path("signature_inputs"));
        assertEquals(13, inputs.size(), "the 13 measurements, not the label: " + inputs);
        JsonNode predicted = py.path("predicted");
        assertEquals(probability.length, predicted.path("probability_0").size());
        double worst = 0;
        for (int j = 0; j < 3; j++) {
            JsonNode slot = predicted.path("probability_" + j);
            for (int r = 0; r < probability.length; r++) {
                double err = Math.abs(probability[r][j] - slot.get(r).asDouble());
                worst = Math.max(worst, err);
                assertTrue(err <= OnnxRuntimeParityTest.TOL, "row " + r + " class " + j + ": Ember "
                    + probability[r][j] + ", models:/" + modelId + " in Python " + slot.get(r).asDouble());
            }
        }
        System.out.printf("models:/%s through mlflow.pyfunc: %d rows x 3 classes, largest difference %.3g%n",
            modelId, probability.length, worst);
    }

    private static JsonNode runPython(Path python, String uri, String... args) throws Exception {
        Path script = Files.createTempFile("ember-file-store-check", ".py");
        Files.writeString(script, READ);
        List<String> cmd = new ArrayList<>(List.of(python.toString(), script.toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().put("MLFLOW_TRACKING_URI", uri);
        pb.environment().put("MLFLOW_ALLOW_FILE_STORE", "true");
        pb.environment().put("PYTHONWARNINGS", "ignore");
        // MLflow's telemetry thread sets and unsets an environment variable while requests iterates os.environ
        pb.environment().put("MLFLOW_DISABLE_TELEMETRY", "true");
        pb.environment().put("DO_NOT_TRACK", "true");
        Process p = pb.start();
        p.getOutputStream().close();
        String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(150, TimeUnit.SECONDS), "python check timed out");
        Files.deleteIfExists(script);
        assertEquals(0, p.exitValue(), "python check failed:\n" + text);
        String[] lines = text.strip().split("\n");
        return JSON.readTree(lines[lines.length - 1]);
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }
}
