package dev.ember.ml.registry.mlflow;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ember.ml.core.tracking.TrainingData;

import java.nio.file.Path;

/**
 * MLflow's dataset entities for Ember's training data, as MLflow's Python client writes them for a pandas
 * DataFrame read from a file: {@code source_type} {@code local} with {@code {"uri": "file:///..."}} as source
 * (data built in memory: {@code code}), the schema as {@code {"mlflow_colspec": [...]}}, the profile
 * {@code {"num_rows": N}}, the digest Ember's content fingerprint, and the input tagged
 * {@code mlflow.data.context = training}.
 */
final class Datasets {
    /** The tag MLflow puts on a dataset input to say what it was used for. */
    static final String CONTEXT_TAG = "mlflow.data.context";
    private static final ObjectMapper JSON = new ObjectMapper();

    private Datasets() {
    }

    /**
     * @param data the training data
     * @return MLflow's DatasetInput as JSON: {@code {"dataset": {...}, "tags": [...]}}
     */
    static ObjectNode input(TrainingData data) {
        ObjectNode in = JSON.createObjectNode();
        ObjectNode d = in.putObject("dataset");
        d.put("name", data.name());
        d.put("digest", data.digest());
        if (data.files().isEmpty()) {
            d.put("source_type", "code");
            d.put("source", "{}");
        } else {
            Path f = data.files().get(0);
            d.put("source_type", "local");
            d.put("source", JSON.createObjectNode().put("uri", f.toUri().toString()).toString());
        }
        ObjectNode schema = JSON.createObjectNode();
        schema.set("mlflow_colspec", MlflowModelFormat.columnSpecs(data.schema()));
        d.put("schema", schema.toString());
        d.put("profile", JSON.createObjectNode().put("num_rows", data.rowCount()).toString());
        in.putArray("tags").addObject().put("key", CONTEXT_TAG).put("value", TrainingData.TRAINING);
        return in;
    }
}
