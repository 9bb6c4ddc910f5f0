package dev.ember.ml.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ember.ml.testkit.TestData;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs a Python script with MLflow's own client (from the project's virtual environment) against a tracking URI,
 * to check from the other side what Ember wrote. The script prints one JSON document as its last line of output.
 */
public final class PythonMlflow {
    private static final ObjectMapper JSON = new ObjectMapper();

    private PythonMlflow() {
    }

    /**
     * @param trackingUri the tracking URI ({@code MLFLOW_TRACKING_URI} of the script)
     * @param script Python source; {@code sys.argv[1:]} are {@code args}
     * @param args arguments
     * @return the JSON the script printed last
     */
    public static JsonNode run(String trackingUri, String script, String... args) {
        return run(trackingUri, Map.of(), script, args);
    }

    /**
     * @param trackingUri the tracking URI
     * @param env more environment variables
     * @param script Python source
     * @param args arguments
     * @return the JSON the script printed last
     */
    public static JsonNode run(String trackingUri, Map<String, String> env, String script, String... args) {
        try {
            Path file = Files.createTempFile("ember-mlflow-check", ".py");
            Files.writeString(file, script);
            List<String> cmd = new ArrayList<>(List.of(TestData.python().toString(), file.toString()));
            cmd.addAll(List.of(args));
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
            pb.environment().put("MLFLOW_TRACKING_URI", trackingUri);
            pb.environment().put("MLFLOW_ALLOW_FILE_STORE", "true");
            pb.environment().put("PYTHONWARNINGS", "ignore");
            quiet(pb.environment());
            pb.environment().putAll(env);
            Process p = pb.start();
            p.getOutputStream().close();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(180, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException("python check timed out");
            }
            String text = new String(out, StandardCharsets.UTF_8);
            Files.deleteIfExists(file);
            if (p.exitValue() != 0) {
                throw new AssertionError("python check failed (exit " + p.exitValue() + "):\n" + text);
            }
            String[] lines = text.strip().split("\n");
            return JSON.readTree(lines[lines.length - 1]);
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + TestData.python(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * A script that reads, with MLflow's Python client, a run (argv[1]) and a registered model (argv[2], alias
     * argv[3]) and prints them as JSON: run info, params, tags, the history of every metric, the artifact files,
     * the model's signature and flavors, the version the alias points at, and the parent's child runs.
     */
    public static final String READ_RUN = """
        import json, sys, os, tempfile
        import mlflow
        from mlflow import MlflowClient
        c = MlflowClient()
        run_id, model, alias = sys.argv[1], sys.argv[2], sys.argv[3]
        r = c.get_run(run_id)
        out = {"status": r.info.status, "experiment_id": r.info.experiment_id, "run_name": r.info.run_name,
               "params": r.data.params, "tags": r.data.tags, "metrics": {}, "files": []}
        for k in r.data.metrics:
            history = sorted(c.get_metric_history(run_id, k), key=lambda m: (m.step, m.timestamp))
            out["metrics"][k] = [[m.step, m.value] for m in history]
        def walk(path):
            for f in c.list_artifacts(run_id, path):
                if f.is_dir:
                    walk(f.path)
                else:
                    out["files"].append(f.path)
        walk(None)
        info = mlflow.models.get_model_info(f"runs:/{run_id}/model")
        out["flavors"] = info.flavors
        sig = info.signature
        out["signature_inputs"] = [s.name for s in sig.inputs.inputs] if sig else None
        out["signature_outputs"] = [s.name for s in sig.outputs.inputs] if sig and sig.outputs else None
        out["input_example"] = info.saved_input_example_info
        d = mlflow.artifacts.download_artifacts(f"runs:/{run_id}/model", dst_path=tempfile.mkdtemp())
        out["downloaded"] = sorted(os.listdir(d))
        if model != "-":
            mv = c.get_model_version_by_alias(model, alias)
            out["version"] = {"version": mv.version, "run_id": mv.run_id, "source": mv.source,
                              "aliases": list(mv.aliases), "tags": mv.tags}
            d2 = mlflow.artifacts.download_artifacts(f"models:/{model}@{alias}", dst_path=tempfile.mkdtemp())
            out["version_downloaded"] = sorted(os.listdir(d2))
        print(json.dumps(out))
        """;

    /**
     * Turns MLflow's telemetry off in a Python process's environment: its background thread sets and unsets
     * {@code _MLFLOW_TELEMETRY_SESSION_ID} in {@code os.environ} while {@code requests} iterates it for proxy
     * settings, which fails a request now and then with {@code KeyError: '_MLFLOW_TELEMETRY_SESSION_ID'} (seen in
     * CI); and the tests send nothing anywhere.
     *
     * @param env the process environment
     */
    public static void quiet(java.util.Map<String, String> env) {
        env.put("MLFLOW_DISABLE_TELEMETRY", "true");
        env.put("DO_NOT_TRACK", "true");
    }
}
