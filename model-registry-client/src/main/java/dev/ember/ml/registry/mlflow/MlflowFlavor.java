package dev.ember.ml.registry.mlflow;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ember.ml.core.tracking.ModelArtifact;

import java.nio.file.Path;
import java.util.Map;
import java.util.ServiceLoader;

/**
 * A further MLflow flavor written beside the {@code ember} flavor when a model is logged, found with
 * {@link ServiceLoader} (a {@code META-INF/services/dev.ember.ml.registry.mlflow.MlflowFlavor} entry): for example
 * ml-onnx's {@code onnx} and {@code python_function} flavors, so that Python loads and serves the model.
 */
public interface MlflowFlavor {
    /**
     * Writes this flavor's files into the model directory.
     *
     * @param model the model being logged
     * @param modelDir the model directory (its {@code MLmodel} is written after this returns)
     * @return the {@code MLmodel} entries to add under {@code flavors}, by flavor name; empty when the model has no
     *     form in this flavor (the flavor says why in the log)
     */
    Map<String, ObjectNode> write(ModelArtifact model, Path modelDir);

    /**
     * Writes every installed flavor and adds its entries.
     *
     * @param model the model being logged
     * @param modelDir the model directory
     * @param flavors the {@code flavors} object of {@code MLmodel}
     */
    static void writeInstalled(ModelArtifact model, Path modelDir, ObjectNode flavors) {
        for (MlflowFlavor f : ServiceLoader.load(MlflowFlavor.class, MlflowFlavor.class.getClassLoader())) {
            f.write(model, modelDir).forEach(flavors::set);
        }
    }
}
