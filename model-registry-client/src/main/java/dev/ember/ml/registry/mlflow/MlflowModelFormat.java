package dev.ember.ml.registry.mlflow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ember.ml.core.EmberVersion;
import dev.ember.ml.core.PipelineStage;
import dev.ember.ml.core.data.DataType;
import dev.ember.ml.core.data.Field;
import dev.ember.ml.core.data.Schema;
import dev.ember.ml.core.persist.StageIO;
import dev.ember.ml.core.tracking.InputExample;
import dev.ember.ml.core.tracking.ModelArtifact;
import dev.ember.ml.core.tracking.TrackingException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.UUID;

/**
 * The MLflow model directory Ember writes and reads:
 *
 * <pre>
 * MLmodel               YAML: artifact_path, flavors.ember {ember_version, model_class, data, format,
 *                       format_version, java_version}, model_uuid, run_id, utc_time_created,
 *                       signature {inputs, outputs} (MLflow column specs, as JSON text),
 *                       saved_input_example_info {artifact_path, type: dataframe, pandas_orient: split}
 * input_example.json    {"columns": [...], "data": [[...], ...]} (pandas "split")
 * data/                 the model saved by StageIO (metadata.json, arrays/*.npy, stages/...)
 * </pre>
 *
 * <p>Column types map to MLflow's: double, float, long, int to {@code integer}, boolean, string, timestamp to
 * {@code datetime}, and a vector to {@code {"type": "array", "items": {"type": "double"}}}; a column is
 * {@code required} when it is not nullable. Each installed {@link MlflowFlavor} adds its flavors and files beside.
 */
public final class MlflowModelFormat {
    /** The model file's name. */
    public static final String MLMODEL = "MLmodel";
    /** The flavor's name in {@code MLmodel}. */
    public static final String FLAVOR = "ember";
    /** Where the saved stage goes in the model directory. */
    public static final String DATA = "data";
    /** The input example's file name. */
    public static final String EXAMPLE = "input_example.json";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final DateTimeFormatter UTC = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSS");

    private MlflowModelFormat() {
    }

    /**
     * Writes a model directory.
     *
     * @param model the model and what describes it
     * @param runId the run that logs it, or null
     * @param dir a directory that does not exist or is empty
     */
    public static void write(ModelArtifact model, String runId, Path dir) {
        try {
            Files.createDirectories(dir);
            StageIO.save(model.model(), dir.resolve(DATA));
            ObjectNode mlmodel = Yaml.object();
            mlmodel.put("artifact_path", model.artifactPath());
            ObjectNode flavors = mlmodel.putObject("flavors");
            ObjectNode flavor = flavors.putObject(FLAVOR);
            flavor.put("data", DATA);
            flavor.put("ember_version", EmberVersion.get());
            flavor.put("format", "ember-stage");
            flavor.put("format_version", StageIO.CURRENT_VERSION);
            flavor.put("java_version", System.getProperty("java.version"));
            flavor.put("model_class", model.model().getClass().getName());
            MlflowFlavor.writeInstalled(model, dir, flavors);
            mlmodel.put("model_uuid", UUID.randomUUID().toString().replace("-", ""));
            if (runId != null) {
                mlmodel.put("run_id", runId);
            }
            if (model.inputSchema() != null) {
                ObjectNode sig = mlmodel.putObject("signature");
                sig.put("inputs", columnSpecs(model.inputSchema()).toString());
                if (model.outputSchema() != null && model.outputSchema().size() > 0) {
                    sig.put("outputs", columnSpecs(model.outputSchema()).toString());
                } else {
                    sig.putNull("outputs");
                }
                sig.putNull("params");
            }
            InputExample ex = model.inputExample();
            if (ex != null && !ex.rows().isEmpty()) {
                ObjectNode split = JSON.createObjectNode();
                ArrayNode cols = split.putArray("columns");
                ex.columns().forEach(cols::add);
                split.set("data", JSON.valueToTree(ex.rows()));
                Files.writeString(dir.resolve(EXAMPLE), JSON.writeValueAsString(split));
                ObjectNode info = mlmodel.putObject("saved_input_example_info");
                info.put("artifact_path", EXAMPLE);
                info.put("type", "dataframe");
                info.put("pandas_orient", "split");
            }
            mlmodel.put("utc_time_created", ZonedDateTime.now(ZoneOffset.UTC).format(UTC));
            Yaml.write(dir.resolve(MLMODEL), mlmodel);
        } catch (IOException e) {
            throw new TrackingException("cannot write the MLflow model directory " + dir + ": " + e.getMessage(), e);
        }
    }

    /**
     * @param schema a schema
     * @return MLflow's column-based schema for it
     */
    public static ArrayNode columnSpecs(Schema schema) {
        ArrayNode arr = JSON.createArrayNode();
        for (Field f : schema) {
            ObjectNode c = arr.addObject();
            if (f.type() == DataType.VECTOR) {
                c.put("type", "array");
                c.putObject("items").put("type", mlflowType(f.elementType()));
            } else {
                c.put("type", mlflowType(f.type()));
            }
            c.put("name", f.name());
            c.put("required", !f.nullable());
        }
        return arr;
    }

    private static String mlflowType(DataType t) {
        return switch (t) {
            case DOUBLE -> "double";
            case FLOAT -> "float";
            case LONG -> "long";
            case INT -> "integer";
            case BOOLEAN -> "boolean";
            case STRING -> "string";
            case TIMESTAMP -> "datetime";
            case VECTOR -> "array";
        };
    }

    /**
     * Reads the {@code MLmodel} file of a model directory and loads the Ember model under it.
     *
     * @param dir a model directory
     * @param uri the model URI it came from, for messages
     * @return the stage
     * @throws TrackingException if the directory is not an MLflow model or has no {@code ember} flavor
     */
    public static PipelineStage load(Path dir, String uri) {
        Path file = dir.resolve(MLMODEL);
        if (!Files.isRegularFile(file)) {
            throw new TrackingException("model " + uri + " has no " + MLMODEL + " file (looked in " + dir
                + "); expected an MLflow model directory logged by Ember");
        }
        JsonNode mlmodel = Yaml.read(file);
        JsonNode flavor = mlmodel.path("flavors").path(FLAVOR);
        if (!flavor.isObject()) {
            List<String> flavors = new ArrayList<>();
            Iterator<String> it = mlmodel.path("flavors").fieldNames();
            it.forEachRemaining(flavors::add);
            throw new TrackingException("model " + uri + " has no '" + FLAVOR + "' flavor; its flavors are "
                + flavors + " (Ember loads only models it logged)");
        }
        String data = flavor.path("data").asText(DATA);
        if (data.contains("..") || data.startsWith("/")) {
            throw new TrackingException("model " + uri + ": flavor data path '" + data
                + "' leaves the model directory");
        }
        return StageIO.load(dir.resolve(data));
    }

    /**
     * @param dir a model directory
     * @return its {@code MLmodel} content
     */
    public static JsonNode readMlmodel(Path dir) {
        return Yaml.read(dir.resolve(MLMODEL));
    }
}
