package dev.ember.ml.registry.mlflow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ember.ml.core.tracking.ModelArtifact;
import dev.ember.ml.core.tracking.TrackingException;
import dev.ember.ml.core.tracking.TrainingData;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * MLflow 3's entities in the embedded store, written as MLflow 3.17's own {@code FileStore} writes them, so that
 * {@code mlflow.search_logged_models}, {@code mlflow.get_run(...).inputs}, {@code models:/<model_id>} URIs and the
 * UI's "Logged models" list read them:
 *
 * <pre>
 * EXP/models/MODEL_ID/meta.yaml             a LoggedModel: model_id (m-...), name, experiment_id, source_run_id,
 *                                           model_type, artifact_location (the experiment's artifact_location
 *                                           + /models/ID/artifacts),
 *                                           status (1 pending, 2 ready), status_message, creation/update times
 * EXP/models/MODEL_ID/tags/KEY              a model tag ({@code mlflow.source.run_id}, {@code ember.model})
 * EXP/models/MODEL_ID/params/, metrics/     empty (what MLflow creates)
 * EXP/models/MODEL_ID/artifacts/...         the MLflow model directory (MLmodel carries model_id and run_id)
 * EXP/RUN/outputs/MODEL_ID/meta.yaml        the run's output: source_type RUN_OUTPUT, destination_type
 *                                           MODEL_OUTPUT, source_id = destination_id = the model id, step, tags {}
 * EXP/datasets/DATASET_ID/meta.yaml         a dataset: name, digest, source_type, source, schema, profile;
 *                                           DATASET_ID = md5(name + digest)
 * EXP/RUN/inputs/INPUT_ID/meta.yaml         the run's input: source_type DATASET, source_id = destination_id = the
 *                                           dataset id (MLflow writes it so), destination_type RUN, tags
 *                                           {mlflow.data.context: training}; INPUT_ID = md5(dataset id + run id)
 * </pre>
 *
 * <p>Like MLflow's Python client, a LoggedModel is created pending, gets its artifacts, is linked to the run and is
 * then marked ready; Ember also keeps the model under the run's artifacts (where {@code runs:/} URIs and the
 * embedded registry find it), as it does on a tracking server.
 */
final class FileStoreEntities {
    /** MLflow's LoggedModelStatus values. */
    static final int PENDING = 1;
    static final int READY = 2;
    private static final String META = "meta.yaml";

    private FileStoreEntities() {
    }

    /**
     * Writes a model as a LoggedModel of the run's experiment, linked to the run as an output, and returns its id.
     *
     * @param runDir the run's directory (its parent is the experiment's)
     * @param runId the run
     * @param model the model to write
     * @return the LoggedModel's id
     */
    static String logModel(Path runDir, String runId, ModelArtifact model) {
        Path expDir = runDir.getParent();
        JsonNode expMeta = Yaml.read(expDir.resolve(META));
        String experimentId = expMeta.path("experiment_id").asText(expDir.getFileName().toString());
        String expLocation = expMeta.path("artifact_location").asText(expDir.toUri().toString())
            .replaceAll("/$", "");
        String modelId = "m-" + UUID.randomUUID().toString().replace("-", "");
        Path modelDir = expDir.resolve("models").resolve(modelId);
        long now = System.currentTimeMillis();
        ObjectNode meta = Yaml.object();
        meta.put("artifact_location", expLocation + "/models/" + modelId + "/artifacts");
        meta.put("creation_timestamp", now);
        meta.put("experiment_id", experimentId);
        meta.put("last_updated_timestamp", now);
        meta.put("model_id", modelId);
        meta.put("model_type", MlflowModelFormat.FLAVOR);
        meta.put("name", model.artifactPath());
        meta.put("source_run_id", runId);
        meta.put("status", PENDING);
        meta.putNull("status_message");
        try {
            Files.createDirectories(modelDir.resolve("metrics"));
            Files.createDirectories(modelDir.resolve("params"));
            Yaml.write(modelDir.resolve(META), meta);
            Map<String, String> tags = new LinkedHashMap<>();
            tags.put("mlflow.source.run_id", runId);
            tags.put("ember.model", model.model().getClass().getName());
            for (Map.Entry<String, String> t : tags.entrySet()) {
                Path f = FileTrackingStore.keyFile(modelDir.resolve("tags"), t.getKey(), "tag");
                Files.createDirectories(f.getParent());
                Files.writeString(f, t.getValue());
            }
        } catch (IOException e) {
            throw new TrackingException("cannot create LoggedModel " + modelDir + ": " + e, e);
        }
        Path artifacts = modelDir.resolve("artifacts");
        MlflowModelFormat.write(model, runId, artifacts);
        Path mlmodel = artifacts.resolve(MlflowModelFormat.MLMODEL);
        ObjectNode m = (ObjectNode) Yaml.read(mlmodel);
        m.put("model_id", modelId);
        m.put("model_uuid", modelId);
        Yaml.write(mlmodel, m);
        Path inRun = new Artifacts.Local(runDir.resolve("artifacts")).resolve(model.artifactPath());
        if (Files.exists(inRun)) {
            // logged again under the same path (a reopened run: a re-run sweep trial): the new model replaces it,
            // as an artifact logged again replaces the file
            Artifacts.deleteTree(inRun);
        }
        Artifacts.copy(artifacts, inRun);
        ObjectNode output = Yaml.object();
        output.put("destination_id", modelId);
        output.put("destination_type", "MODEL_OUTPUT");
        output.put("source_id", modelId);
        output.put("source_type", "RUN_OUTPUT");
        output.put("step", 0);
        output.putObject("tags");
        Yaml.write(runDir.resolve("outputs").resolve(modelId).resolve(META), output);
        meta.put("status", READY);
        meta.put("last_updated_timestamp", System.currentTimeMillis());
        Yaml.write(modelDir.resolve(META), meta);
        return modelId;
    }

    /**
     * Writes the training data as a dataset of the run's experiment (once per name and digest) and as an input of
     * the run tagged {@code mlflow.data.context = training}.
     *
     * @param runDir the run's directory
     * @param runId the run
     * @param data the training data
     */
    static void logInput(Path runDir, String runId, TrainingData data) {
        ObjectNode input = Datasets.input(data);
        JsonNode d = input.path("dataset");
        String datasetId = md5(d.path("name").asText(), d.path("digest").asText());
        Path datasetDir = runDir.getParent().resolve("datasets").resolve(datasetId);
        if (!Files.isRegularFile(datasetDir.resolve(META))) {
            ObjectNode meta = Yaml.object();
            for (String k : new String[] {"digest", "name", "profile", "schema", "source", "source_type"}) {
                meta.put(k, d.path(k).asText());
            }
            Yaml.write(datasetDir.resolve(META), meta);
        }
        Path inputDir = runDir.resolve("inputs").resolve(md5(datasetId, runId));
        if (!Files.isRegularFile(inputDir.resolve(META))) {
            ObjectNode meta = Yaml.object();
            meta.put("destination_id", datasetId);
            meta.put("destination_type", "RUN");
            meta.put("source_id", datasetId);
            meta.put("source_type", "DATASET");
            ObjectNode tags = meta.putObject("tags");
            input.path("tags").forEach(t -> tags.put(t.path("key").asText(), t.path("value").asText()));
            Yaml.write(inputDir.resolve(META), meta);
        }
    }

    /** MLflow's ids for datasets and inputs: the md5 of two strings, in hex. */
    static String md5(String a, String b) {
        try {
            MessageDigest md = MessageDigest.getInstance("MD5");
            md.update(a.getBytes(StandardCharsets.UTF_8));
            md.update(b.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new TrackingException("the JDK has no MD5: " + e, e);
        }
    }
}
