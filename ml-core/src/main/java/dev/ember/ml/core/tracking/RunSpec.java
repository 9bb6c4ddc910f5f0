package dev.ember.ml.core.tracking;

import dev.ember.ml.core.InvalidArgumentException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a {@link TrackingStore} needs to create a run.
 *
 * @param experimentName the experiment's name, created if it does not exist; null when {@code experimentId} is
 *     given
 * @param experimentId an existing experiment's id, or null to use {@code experimentName}
 * @param runName the run's display name
 * @param parentRunId the parent run's id, as this store handed it out, for a nested run (tagged
 *     {@code mlflow.parentRunId}; a remote store replaces a provisional id with the server's), or null
 * @param tags tags to set when the run is created
 * @param startTimeMillis the start time, milliseconds since the epoch
 */
public record RunSpec(String experimentName, String experimentId, String runName, String parentRunId,
                      Map<String, String> tags, long startTimeMillis) {

    /** Copies the tags and checks that an experiment is named. */
    public RunSpec {
        if (experimentName == null && experimentId == null) {
            throw new InvalidArgumentException("a run needs an experiment: found neither a name nor an id");
        }
        tags = Collections.unmodifiableMap(new LinkedHashMap<>(tags));
    }
}
