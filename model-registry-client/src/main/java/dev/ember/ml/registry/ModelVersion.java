package dev.ember.ml.registry;

import java.util.List;
import java.util.Map;

/**
 * A registered model version.
 *
 * @param name the registered model's name
 * @param version the version number, from 1
 * @param source where the model's files are (an artifact URI such as {@code mlflow-artifacts:/...} or
 *     {@code file:///...}, or {@code runs:/<id>/model})
 * @param runId the run that logged it, or null
 * @param status MLflow's status, such as {@code READY}
 * @param aliases the aliases pointing at it
 * @param tags its tags
 * @param creationTimestamp when it was registered, milliseconds since the epoch
 */
public record ModelVersion(String name, long version, String source, String runId, String status,
                           List<String> aliases, Map<String, String> tags, long creationTimestamp) {

    /** Copies the collections. */
    public ModelVersion {
        aliases = List.copyOf(aliases);
        tags = java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(tags));
    }

    /** @return the URI of this version, {@code models:/<name>/<version>} */
    public String uri() {
        return "models:/" + name + "/" + version;
    }
}
