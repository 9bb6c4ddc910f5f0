package dev.ember.ml.registry.mlflow;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ember.ml.algo.classification.LogisticRegression;
import dev.ember.ml.algo.evaluation.BinaryClassificationEvaluator;
import dev.ember.ml.algo.evaluation.MulticlassClassificationEvaluator;
import dev.ember.ml.algo.feature.VectorAssembler;
import dev.ember.ml.core.data.Field;
import dev.ember.ml.core.data.Frame;
import dev.ember.ml.core.runtime.Runtime;
import dev.ember.ml.core.runtime.RuntimeConfig;
import dev.ember.ml.core.tracking.EvaluationContext;
import dev.ember.ml.core.tracking.Run;
import dev.ember.ml.core.tracking.Tracking;
import dev.ember.ml.pipeline.Pipeline;
import dev.ember.ml.pipeline.PipelineModel;
import dev.ember.ml.registry.Fixtures;
import dev.ember.ml.registry.MlflowServer;
import dev.ember.ml.registry.ModelRegistry;
import dev.ember.ml.registry.ModelVersion;
import dev.ember.ml.registry.Models;
import dev.ember.ml.registry.PythonMlflow;
import dev.ember.ml.registry.SharedMlflowServer;
import dev.ember.ml.testkit.IntegrationTest;
import dev.ember.ml.testkit.Seeds;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Against a real MLflow 3 server, checked with MLflow's own Python client: a pipeline fitted and evaluated in a run
 * leaves what an MLflow user expects. The model is a LoggedModel ({@code search_logged_models} finds it, ready,
 * linked to the run and to its registered version), the training data a dataset input whose digest is Ember's
 * fingerprint, the signature the model's inputs only; the evaluators' metrics are in the run under their names and
 * context, with ROC, precision-recall and confusion-matrix images; the loss points carry the times their
 * iterations ended.
 */
@IntegrationTest
@Timeout(600)
@ExtendWith(SharedMlflowServer.class)
class MlflowAsUsersExpectTest {
    private static Runtime runtime;
    private static Frame data;

    /** Reads back, with MLflow's Python client, what the test logged. */
    private static final String READ = """
        import json, sys, tempfile, os
        import mlflow
        from mlflow import MlflowClient
        c = MlflowClient()
        run_id, experiment, registered = sys.argv[1], sys.argv[2], sys.argv[3]
        exp_id = mlflow.get_experiment_by_name(experiment).experiment_id
        r = mlflow.get_run(run_id)
        out = {"metrics": r.data.metrics}
        loss = sorted(c.get_metric_history(run_id, "LogisticRegression.loss"), key=lambda m: m.step)
        out["loss_times"] = [m.timestamp for m in loss]
        out["datasets"] = [{"name": d.dataset.name, "digest": d.dataset.digest, "source_type": d.dataset.source_type,
                            "source": d.dataset.source, "schema": d.dataset.schema, "profile": d.dataset.profile,
                            "tags": {t.key: t.value for t in d.tags}} for d in r.inputs.dataset_inputs]
        models = mlflow.search_logged_models(experiment_ids=[exp_id], output_format="list")
        out["logged_models"] = [{"model_id": m.model_id, "name": m.name, "source_run_id": m.source_run_id,
                                 "status": str(m.status)} for m in models]
        out["run_outputs"] = [o.model_id for o in (r.outputs.model_outputs if r.outputs else [])]
        mine = [m for m in models if m.source_run_id == run_id]
        info = mlflow.models.get_model_info(f"models:/{mine[0].model_id}")
        out["signature_inputs"] = [s.name for s in info.signature.inputs.inputs]
        out["flavors"] = sorted(info.flavors)
        d = mlflow.artifacts.download_artifacts(run_id=run_id, artifact_path="evaluation", dst_path=tempfile.mkdtemp())
        pngs = {}
        for root, _, files in os.walk(d):
            for f in files:
                with open(os.path.join(root, f), "rb") as fh:
                    head = fh.read(8)
                pngs[os.path.relpath(os.path.join(root, f), d)] = head == b"\\x89PNG\\r\\n\\x1a\\n"
        out["pngs"] = pngs
        out["version_source"] = c.get_model_version(registered, "1").source
        out["model_versions_tag"] = json.loads(mlflow.get_logged_model(mine[0].model_id).tags["mlflow.modelVersions"])
        print(json.dumps(out))
        """;

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
    void shouldLogALoggedModelADatasetEvaluationsAndTimedLoss(MlflowServer server) {
        Tracking.setTrackingUri(server.uri());
        long seed = Seeds.announce("MlflowAsUsersExpectTest", 20261206L);
        Frame[] split = data.randomSplit(new double[] {0.7, 0.3}, seed);
        String[] measurements = data.schema().fields().stream()
            .filter(f -> f.type().isNumeric() && !f.name().equals("label")).map(Field::name).toArray(String[]::new);
        Pipeline pipeline = new Pipeline(new VectorAssembler().inputCols(measurements).outputCol("raw"),
            new LogisticRegression().with(LogisticRegression.FEATURES_COL, "raw").with(LogisticRegression.REG_PARAM,
                0.01));
        String runId;
        long fitStart;
        long fitEnd;
        double[] auc;
        double accuracy;
        PipelineModel model;
        try (Run run = Tracking.newRun().experiment("ember-users-expect").name("pipeline").start()) {
            runId = run.id();
            fitStart = System.currentTimeMillis();
            model = pipeline.fit(split[0]);
            fitEnd = System.currentTimeMillis();
            try (EvaluationContext test = Tracking.evaluationContext("test")) {
                Frame predictions = model.transform(split[1]);
                auc = new BinaryClassificationEvaluator().evaluateAll(predictions);
                accuracy = new MulticlassClassificationEvaluator().metric("accuracy").evaluate(predictions);
            }
        }
        assertTrue(Tracking.store(server.uri()).flush(60_000), "everything sent");
        ModelVersion v = ModelRegistry.forTrackingUri(server.uri()).register("ember-users-expect",
            "runs:/" + runId + "/model", Map.of());
        assertEquals(1, v.version());

        JsonNode py = PythonMlflow.run(server.uri(), READ, runId, "ember-users-expect", "ember-users-expect");

        JsonNode metrics = py.path("metrics");
        assertEquals(auc[0], metrics.path("test.BinaryClassificationEvaluator.areaUnderROC").asDouble(), 1e-12);
        assertEquals(auc[1], metrics.path("test.BinaryClassificationEvaluator.areaUnderPR").asDouble(), 1e-12);
        assertEquals(accuracy, metrics.path("test.MulticlassClassificationEvaluator.accuracy").asDouble(), 1e-12);
        assertTrue(auc[0] > 0.95, "a real model: AUC " + auc[0]);
        Map<String, Boolean> pngs = new java.util.TreeMap<>();
        py.path("pngs").fields().forEachRemaining(e -> pngs.put(e.getKey(), e.getValue().asBoolean()));
        assertEquals(Map.of("test/BinaryClassificationEvaluator.roc_curve.png", true,
            "test/BinaryClassificationEvaluator.precision_recall_curve.png", true,
            "test/MulticlassClassificationEvaluator.confusion_matrix.png", true), pngs);

        List<Long> times = new ArrayList<>();
        py.path("loss_times").forEach(t -> times.add(t.asLong()));
        assertTrue(times.size() > 3, times.toString());
        for (int i = 0; i < times.size(); i++) {
            assertTrue(times.get(i) >= fitStart && times.get(i) <= fitEnd, "loss point " + i + " at " + times.get(i)
                + ", outside the fit [" + fitStart + ", " + fitEnd + "]");
            assertTrue(i == 0 || times.get(i) >= times.get(i - 1), "in iteration order: " + times);
        }

        JsonNode datasets = py.path("datasets");
        assertEquals(1, datasets.size(), datasets.toString());
        JsonNode ds = datasets.get(0);
        assertEquals(model.provenance().data().contentHash(), ds.path("digest").asText());
        assertEquals("breast_cancer", ds.path("name").asText());
        assertEquals("local", ds.path("source_type").asText());
        assertTrue(ds.path("source").asText().contains("breast_cancer.csv"), ds.toString());
        assertTrue(ds.path("schema").asText().contains("mlflow_colspec")
            && ds.path("schema").asText().contains("mean_radius"), ds.toString());
        assertTrue(ds.path("profile").asText().contains("\"num_rows\":" + split[0].count()), ds.toString());
        assertEquals("training", ds.path("tags").path("mlflow.data.context").asText());

        String modelId = null;
        for (JsonNode m : py.path("logged_models")) {
            if (m.path("source_run_id").asText().equals(runId)) {
                modelId = m.path("model_id").asText();
                assertEquals("model", m.path("name").asText());
                assertTrue(m.path("status").asText().contains("READY"), m.toString());
            }
        }
        assertTrue(modelId != null, "search_logged_models finds the run's model: " + py.path("logged_models"));
        assertTrue(py.path("run_outputs").toString().contains(modelId), "linked to the run as an output");
        assertEquals("models:/" + modelId, py.path("version_source").asText(), "the registered version is of it");
        JsonNode listed = py.path("model_versions_tag");
        assertEquals(1, listed.size(), "the LoggedModel lists the version once: " + listed);
        assertEquals("ember-users-expect", listed.get(0).path("name").asText());
        assertEquals("1", listed.get(0).path("version").asText());
        PipelineModel loaded = Models.load("models:/ember-users-expect/1", PipelineModel.class);
        assertTrue(Fixtures.sameValues(model.transform(split[1]), loaded.transform(split[1]), "probability"),
            "the version loads back from the LoggedModel's artifacts");
        assertTrue(py.path("flavors").toString().contains("ember"));
        List<String> inputs = new ArrayList<>();
        py.path("signature_inputs").forEach(n -> inputs.add(n.asText()));
        assertEquals(List.of(measurements), inputs, "the signature lists the model's inputs only");
        assertFalse(inputs.contains("label") || inputs.contains("features") || inputs.contains("diagnosis"));
    }
}
