package dev.ember.ml.core.tracking;

import dev.ember.ml.core.InvalidArgumentException;
import dev.ember.ml.core.Model;
import dev.ember.ml.core.data.Schema;

import java.util.Objects;

/**
 * A model to log with a run, and what describes it: the store writes it as an MLflow model directory (an
 * {@code MLmodel} file with an {@code ember} flavor, a signature built from the schemas, the input example, and
 * the model saved with {@link dev.ember.ml.core.persist.StageIO} under it).
 *
 * @param model the fitted model
 * @param artifactPath where under the run's artifacts, such as {@code model}
 * @param inputSchema the schema the model was fitted on, or null if unknown
 * @param outputSchema the columns the model adds, or null if unknown
 * @param inputExample a few input rows, or null
 */
public record ModelArtifact(Model model, String artifactPath, Schema inputSchema, Schema outputSchema,
                            InputExample inputExample) {

    /** Checks the required parts. */
    public ModelArtifact {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(artifactPath, "artifactPath");
        if (artifactPath.isEmpty() || artifactPath.startsWith("/") || artifactPath.contains("..")) {
            throw new InvalidArgumentException("artifact path '" + artifactPath
                + "': expected a relative path such as 'model'");
        }
    }
}
