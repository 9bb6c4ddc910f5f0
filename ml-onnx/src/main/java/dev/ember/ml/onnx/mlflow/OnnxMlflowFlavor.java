package dev.ember.ml.onnx.mlflow;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ember.ml.core.tracking.ModelArtifact;
import dev.ember.ml.core.tracking.TrackingException;
import dev.ember.ml.onnx.OnnxExport;
import dev.ember.ml.onnx.OnnxExportException;
import dev.ember.ml.onnx.OnnxModel;
import dev.ember.ml.registry.mlflow.MlflowFlavor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * MLflow's {@code onnx} flavor beside the {@code ember} flavor: every logged model that has an ONNX equivalent is
 * also exported to {@code model.onnx} in the model directory, with the {@code onnx} and {@code python_function}
 * ({@code loader_module: mlflow.onnx}) entries MLflow's own {@code mlflow.onnx.save_model} writes, so Python
 * users load it with {@code mlflow.pyfunc.load_model} and serve it with {@code mlflow models serve}.
 *
 * <p>The graph's inputs are the raw columns the model reads (so a pandas DataFrame of them is the pyfunc input);
 * its outputs are {@code prediction} and, for classifiers, {@code probability_0 .. probability_{k-1}}, one
 * {@code [N]} output per class, because MLflow's pyfunc returns one DataFrame column per output. A model with a
 * stage that has no ONNX equivalent is logged without the flavor, with a warning naming the stage.
 */
public final class OnnxMlflowFlavor implements MlflowFlavor {
    /** The flavor's name in {@code MLmodel}. */
    public static final String FLAVOR = "onnx";
    /** The file the graph is written to, in the model directory. */
    public static final String MODEL_FILE = "model.onnx";
    /** The onnx package version MLmodel names (the version the export is tested with). */
    public static final String ONNX_VERSION = "1.23.2";
    /** The onnxruntime package version the requirements name (tested with). */
    public static final String ONNXRUNTIME_VERSION = "1.31.1";
    /** The MLflow version the requirements name (tested with). */
    public static final String MLFLOW_VERSION = "3.17.2";
    private static final Logger LOG = LoggerFactory.getLogger(OnnxMlflowFlavor.class);

    @Override
    public Map<String, ObjectNode> write(ModelArtifact model, Path modelDir) {
        if (model.inputSchema() == null) {
            LOG.warn("model {} is logged without the onnx flavor: its input schema is unknown",
                model.model().uid());
            return Map.of();
        }
        OnnxModel onnx;
        try {
            onnx = OnnxExport.of(model.model(), model.inputSchema()).splitVectorOutputs(true).export();
        } catch (OnnxExportException e) {
            LOG.warn("model {} is logged without the onnx flavor: {}", model.model().uid(), e.getMessage());
            return Map.of();
        } catch (RuntimeException e) {
            // the ember flavor is what Ember loads: a failure of the export must not lose it
            LOG.warn("model {} is logged without the onnx flavor: the export failed", model.model().uid(), e);
            return Map.of();
        }
        onnx.write(modelDir.resolve(MODEL_FILE));
        try {
            Files.writeString(modelDir.resolve("requirements.txt"), "mlflow==" + MLFLOW_VERSION + "\nonnx=="
                + ONNX_VERSION + "\nonnxruntime==" + ONNXRUNTIME_VERSION + "\n");
            Files.writeString(modelDir.resolve("python_env.yaml"), "python: \"3.11\"\nbuild_dependencies:\n- pip\n"
                + "dependencies:\n- -r requirements.txt\n");
        } catch (IOException e) {
            throw new TrackingException("cannot write the onnx flavor's files into " + modelDir + ": "
                + e.getMessage(), e);
        }
        JsonNodeFactory json = JsonNodeFactory.instance;
        ObjectNode flavor = json.objectNode();
        flavor.putNull("code");
        flavor.put("data", MODEL_FILE);
        flavor.put("onnx_version", ONNX_VERSION);
        flavor.putArray("providers").add("CPUExecutionProvider");
        flavor.put("ember_inputs", String.join(",", onnx.inputs()));
        flavor.put("ember_outputs", String.join(",", onnx.outputs()));
        ObjectNode pyfunc = json.objectNode();
        pyfunc.put("loader_module", "mlflow.onnx");
        pyfunc.put("data", MODEL_FILE);
        pyfunc.put("python_version", "3.11");
        pyfunc.putObject("env").put("virtualenv", "python_env.yaml");
        Map<String, ObjectNode> out = new LinkedHashMap<>();
        out.put(FLAVOR, flavor);
        out.put("python_function", pyfunc);
        return out;
    }
}
