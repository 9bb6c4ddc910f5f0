package dev.ember.ml.core.tracking;

/**
 * A run as its store created it.
 *
 * @param runId the run's id (MLflow's 32 hex digits; a store that could not reach its server may hand out a
 *     provisional id, see {@link TrackingStore#resolveRunId})
 * @param experimentId the experiment's id, or null while it is not known (server unreachable)
 * @param runName the run's display name
 * @param artifactUri where the run's artifacts go, or null while it is not known
 * @param startTimeMillis the start time, milliseconds since the epoch
 */
public record RunInfo(String runId, String experimentId, String runName, String artifactUri, long startTimeMillis) {
}
