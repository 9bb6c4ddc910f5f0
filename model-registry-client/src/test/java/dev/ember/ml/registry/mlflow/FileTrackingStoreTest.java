package dev.ember.ml.registry.mlflow;

import dev.ember.ml.core.InvalidArgumentException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ember.ml.algo.classification.LogisticRegression;
import dev.ember.ml.algo.classification.LogisticRegressionModel;
import dev.ember.ml.algo.feature.StandardScaler;
import dev.ember.ml.algo.feature.StandardScalerModel;
import dev.ember.ml.core.Model;
import dev.ember.ml.core.data.Frame;
import dev.ember.ml.core.runtime.Runtime;
import dev.ember.ml.core.runtime.RuntimeConfig;
import dev.ember.ml.core.tracking.Run;
import dev.ember.ml.core.tracking.Tracking;
import dev.ember.ml.core.tracking.TrackingException;
import dev.ember.ml.registry.Fixtures;
import dev.ember.ml.registry.GradientMean;
import dev.ember.ml.registry.ModelRegistry;
import dev.ember.ml.registry.ModelVersion;
import dev.ember.ml.registry.Models;
import dev.ember.ml.registry.RegistryException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The embedded store: MLflow's file layout, loading models back, and the file registry. */
class FileTrackingStoreTest {
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
        Tracking.setExperiment(null);
    }

    private static String use(Path dir) {
        String uri = dir.resolve("mlruns").toUri().toString();
        Tracking.setTrackingUri(uri);
        return uri;
    }

    @Test
    void shouldWriteRunsInMlflowsFileLayout(@TempDir Path tmp) throws IOException {
        use(tmp);
        String runId;
        String parentId;
        try (Run parent = Tracking.newRun().experiment("layout").name("sweep").start()) {
            parentId = parent.id();
            try (Run run = parent.startChild("trial")) {
                runId = run.id();
                new GradientMean().with(GradientMean.COL, "mean_radius").with(GradientMean.MAX_ITER, 4)
                    .fit(data.select("mean_radius").cacheNow());
                run.logParam("extra", "v");
            }
        }
        assertTrue(Tracking.flush(Tracking.trackingUri(), 30_000));
        Path mlruns = tmp.resolve("mlruns");
        assertEquals("Default", Yaml.read(mlruns.resolve("0/meta.yaml")).path("name").asText());
        Path runDir;
        try (var s = Files.walk(mlruns, 2)) {
            runDir = s.filter(p -> p.getFileName().toString().equals(runId)).findFirst().orElseThrow();
        }
        Path expDir = runDir.getParent();
        JsonNode exp = Yaml.read(expDir.resolve("meta.yaml"));
        assertEquals("layout", exp.path("name").asText());
        assertEquals(expDir.getFileName().toString(), exp.path("experiment_id").asText());
        JsonNode meta = Yaml.read(runDir.resolve("meta.yaml"));
        assertEquals(3, meta.path("status").asInt(), "FINISHED");
        assertEquals("trial", meta.path("run_name").asText());
        assertTrue(meta.path("end_time").asLong() >= meta.path("start_time").asLong());
        assertEquals("mean_radius", Files.readString(runDir.resolve("params/col")));
        assertEquals("4", Files.readString(runDir.resolve("params/maxIter")));
        assertEquals("v", Files.readString(runDir.resolve("params/extra")));
        assertEquals(parentId, Files.readString(runDir.resolve("tags/mlflow.parentRunId")));
        assertEquals("569", Files.readString(runDir.resolve("tags/ember.data.rowCount")));
        List<String> loss = Files.readAllLines(runDir.resolve("metrics/loss"));
        assertEquals(5, loss.size());
        for (int i = 0; i < loss.size(); i++) {
            String[] parts = loss.get(i).split(" ");
            assertEquals(3, parts.length);
            assertEquals(Integer.toString(i), parts[2]);
        }
        assertTrue(Files.isRegularFile(runDir.resolve("artifacts/model/MLmodel")));
        assertTrue(Files.isRegularFile(runDir.resolve("artifacts/model/data/metadata.json")));
        JsonNode mlmodel = Yaml.read(runDir.resolve("artifacts/model/MLmodel"));
        assertEquals(GradientMean.Fitted.class.getName(), mlmodel.path("flavors").path("ember").path("model_class")
            .asText());
        assertEquals(runId, mlmodel.path("run_id").asText());
        JsonNode inputs = new ObjectMapper().readTree(mlmodel.path("signature").path("inputs").asText());
        assertEquals("mean_radius", inputs.get(0).path("name").asText());
        assertEquals("double", inputs.get(0).path("type").asText());
        JsonNode example = new ObjectMapper().readTree(runDir.resolve("artifacts/model/input_example.json").toFile());
        assertEquals(17.99, example.path("data").get(0).get(0).asDouble(), 1e-12);

        // MLflow 3 entities as MLflow's FileStore writes them: the LoggedModel, the run's output, the dataset input
        String modelId = mlmodel.path("model_id").asText();
        assertTrue(modelId.matches("m-[0-9a-f]{32}"), modelId);
        JsonNode logged = Yaml.read(expDir.resolve("models").resolve(modelId).resolve("meta.yaml"));
        assertEquals(FileStoreEntities.READY, logged.path("status").asInt());
        assertEquals(runId, logged.path("source_run_id").asText());
        assertEquals("model", logged.path("name").asText());
        assertEquals(exp.path("artifact_location").asText() + "/models/" + modelId + "/artifacts",
            logged.path("artifact_location").asText());
        assertEquals(modelId, Yaml.read(expDir.resolve("models").resolve(modelId).resolve("artifacts/MLmodel"))
            .path("model_id").asText());
        JsonNode output = Yaml.read(runDir.resolve("outputs").resolve(modelId).resolve("meta.yaml"));
        assertEquals("RUN_OUTPUT", output.path("source_type").asText());
        assertEquals("MODEL_OUTPUT", output.path("destination_type").asText());
        assertEquals(modelId, output.path("destination_id").asText());
        String digest = Files.readString(runDir.resolve("tags/ember.data.contentHash"));
        String datasetId = FileStoreEntities.md5("breast_cancer", digest);   // MLflow's id: md5(name + digest)
        JsonNode dataset = Yaml.read(expDir.resolve("datasets").resolve(datasetId).resolve("meta.yaml"));
        assertEquals(digest, dataset.path("digest").asText(), "the digest is Ember's fingerprint");
        assertEquals("local", dataset.path("source_type").asText());
        assertTrue(dataset.path("source").asText().contains("breast_cancer.csv"), dataset.toString());
        JsonNode input = Yaml.read(runDir.resolve("inputs").resolve(FileStoreEntities.md5(datasetId, runId))
            .resolve("meta.yaml"));
        assertEquals("DATASET", input.path("source_type").asText());
        assertEquals(datasetId, input.path("source_id").asText());
        assertEquals("training", input.path("tags").path("mlflow.data.context").asText());
    }

    @Test
    void shouldLoadLoggedAndRegisteredModelsThatPredictAsTheOriginals(@TempDir Path tmp) {
        String uri = use(tmp);
        StandardScaler scaler = new StandardScaler().outputCol("scaled").with(StandardScaler.WITH_MEAN, true);
        LogisticRegression lr = new LogisticRegression().regParam(0.01).maxIter(50);
        String runId;
        StandardScalerModel scalerModel;
        LogisticRegressionModel lrModel;
        try (Run run = Tracking.newRun().experiment("models").name("lr").start()) {
            runId = run.id();
            scalerModel = scaler.fit(data);
            lrModel = lr.fit(data);
        }
        Model loaded = Models.load("runs:/" + runId + "/model");
        assertTrue(Fixtures.sameValues(scalerModel.transform(data), loaded.transform(data), "scaled"));

        ModelRegistry registry = ModelRegistry.forTrackingUri(uri);
        ModelVersion v1 = registry.register("breast-cancer", "runs:/" + runId + "/model_2", Map.of("stage", "test"));
        assertEquals(1, v1.version());
        assertEquals(runId, v1.runId());
        registry.setAlias("breast-cancer", "champion", 1);
        registry.setVersionTag("breast-cancer", 1, "reviewed", "yes");
        LogisticRegressionModel champion = Models.load("models:/breast-cancer@champion", LogisticRegressionModel.class);
        assertArrayEquals(lrModel.transform(data).collectDoubles("prediction"),
            champion.transform(data).collectDoubles("prediction"), 0.0);
        assertArrayEquals(lrModel.coefficients(), Models.load("models:/breast-cancer/1", LogisticRegressionModel.class)
            .coefficients(), 0.0);

        ModelVersion v2 = registry.register("breast-cancer", "runs:/" + runId + "/model_2", Map.of());
        registry.setAlias("breast-cancer", "champion", 2);
        assertEquals(2, registry.versionByAlias("breast-cancer", "champion").version());
        assertEquals(List.of("champion"), registry.version("breast-cancer", 2).aliases());
        assertEquals(List.of(), registry.version("breast-cancer", 1).aliases());
        assertEquals(Map.of("stage", "test", "reviewed", "yes"), registry.version("breast-cancer", 1).tags());
        assertEquals(List.of(2L, 1L), registry.searchVersions("name = 'breast-cancer'").stream()
            .map(ModelVersion::version).toList());
        assertEquals(1, registry.searchVersions("tags.reviewed = 'yes'").size());
        assertEquals(v2.version(), registry.latestVersion("breast-cancer").version());
        assertEquals(Map.of("champion", 2L), registry.listModels().get(0).aliases());
        registry.deleteAlias("breast-cancer", "champion");
        assertTrue(registry.model("breast-cancer").aliases().isEmpty());

        Path downloaded = Models.download("models:/breast-cancer/1", tmp.resolve("dl"));
        assertTrue(Files.isRegularFile(downloaded.resolve("MLmodel")));
    }

    @Test
    void shouldNameTheUriForModelsAndRunsThatDoNotExist(@TempDir Path tmp) {
        String uri = use(tmp);
        RegistryException noRun = assertThrows(RegistryException.class,
            () -> Models.load("runs:/0123456789abcdef0123456789abcdef/model"));
        assertTrue(noRun.getMessage().contains("runs:/0123456789abcdef0123456789abcdef/model")
            && noRun.getMessage().contains(uri) && noRun.getMessage().contains("not found"), noRun.getMessage());
        RegistryException noModel = assertThrows(RegistryException.class, () -> Models.load("models:/nope@champion"));
        assertTrue(noModel.getMessage().contains("models:/nope@champion")
            && noModel.getMessage().contains("registered model 'nope' not found"), noModel.getMessage());
        assertThrows(InvalidArgumentException.class, () -> Models.load("models:/nope/Production"));
        TrackingException noExp = assertThrows(TrackingException.class,
            () -> Tracking.newRun().experimentId("424242").start());
        assertTrue(noExp.getMessage().contains("experiment id 424242 not found") && noExp.getMessage().contains(uri),
            noExp.getMessage());
        assertTrue(Tracking.activeRun().isEmpty());
    }

    @Test
    void shouldRefuseToRegisterARunWithoutAModel(@TempDir Path tmp) {
        String uri = use(tmp);
        String runId;
        try (Run run = Tracking.startRun("empty")) {
            runId = run.id();
        }
        RegistryException e = assertThrows(RegistryException.class,
            () -> ModelRegistry.forTrackingUri(uri).register("m", "runs:/" + runId + "/model", Map.of()));
        assertTrue(e.getMessage().contains("has no MLflow model at 'model'"), e.getMessage());
        assertNull(Tracking.activeRun().orElse(null));
    }
}
