package dev.ember.ml.core.tracking;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Where runs are recorded: the service-provider interface that {@link Tracking} writes through. An
 * implementation is found at run time by {@link TrackingStoreProvider} for a tracking URI's scheme (the
 * {@code model-registry-client} module provides MLflow's: a real server for {@code http(s)://}, the file-store
 * layout for a local directory), so neither {@code ml-core} nor the algorithms depend on it.
 *
 * <p>Calls come from the thread that runs a fit. A store whose backend is remote must not make the fit wait on
 * it: it queues writes and sends them in the background, retrying, and keeps what it could not send. Params are
 * immutable once logged; {@link Run} enforces that before calling the store.
 */
public interface TrackingStore extends AutoCloseable {

    /** @return the tracking URI this store writes to */
    String uri();

    /**
     * Creates a run, and its experiment if it is named and does not exist.
     *
     * @param spec the experiment, name, parent and tags
     * @return the new run
     * @throws TrackingException for an experiment id that does not exist, naming it and the URI
     */
    RunInfo createRun(RunSpec spec);

    /**
     * Logs metrics, params and tags. The store splits them into batches within its backend's limits.
     *
     * @param runId a run this store created
     * @param metrics metric values, in order
     * @param params param values (already checked not to change an existing value)
     * @param tags tag values (a tag may be overwritten)
     */
    void logBatch(String runId, List<MetricPoint> metrics, Map<String, String> params, Map<String, String> tags);

    /**
     * Copies a local file or directory into the run's artifacts.
     *
     * @param runId a run this store created
     * @param local a file or a directory (copied recursively)
     * @param artifactPath the destination under the run's artifact root; empty for the root itself
     */
    void logArtifact(String runId, Path local, String artifactPath);

    /**
     * Logs a model as an MLflow model directory under the run's artifacts.
     *
     * @param runId a run this store created
     * @param model the model and what describes it
     */
    void logModel(String runId, ModelArtifact model);

    /**
     * Logs the data a model was trained on as the run's dataset input (MLflow's {@code log-inputs}). A store
     * without datasets ignores it.
     *
     * @param runId a run this store created
     * @param data the training data
     */
    default void logInput(String runId, TrainingData data) {
    }

    /**
     * Ends a run.
     *
     * @param runId a run this store created
     * @param status a terminal status
     * @param endTimeMillis the end time, milliseconds since the epoch
     */
    void endRun(String runId, RunStatus status, long endTimeMillis);

    /**
     * Reopens an ended run so it can be logged to again, as MLflow's {@code start_run(run_id=...)} does: its status
     * goes back to RUNNING (a file store also clears its end time; MLflow's server keeps the old end time until
     * the run ends again, which its REST API does not let a client clear). Params already logged stay immutable.
     *
     * @param runId the run's id in this store (a server's id, not a provisional one)
     * @return the run as the store holds it
     * @throws TrackingException naming the run and the URI if the run does not exist, is deleted, or this store
     *     cannot reopen runs
     */
    default RunInfo reopenRun(String runId) {
        throw new TrackingException("the tracking store for " + uri() + " cannot reopen run " + runId);
    }

    /**
     * A remote store hands out a provisional id when a run starts and creates the run in the background; this gives
     * the server's id, waiting briefly for it while the server answers, or the provisional id while it cannot be
     * reached.
     *
     * @param runId an id this store handed out
     * @return the server's id for it, or the same id
     * @throws TrackingException if the server refused to create the run
     */
    default String resolveRunId(String runId) {
        return runId;
    }

    /**
     * The server's id of a run if it is known now, without waiting (unlike {@link #resolveRunId}).
     *
     * @param runId an id this store handed out
     * @return the server's id, or empty while a remote store has not created the run yet
     */
    default java.util.Optional<String> knownRunId(String runId) {
        return java.util.Optional.of(runId);
    }

    /**
     * Sends what is queued, waiting at most until the deadline; what is left is kept (a remote store writes it to
     * its local spool).
     *
     * @param timeoutMillis how long to wait at most
     * @return whether everything queued was sent
     */
    default boolean flush(long timeoutMillis) {
        return true;
    }

    /** Flushes (with the store's own bound) and releases the store's resources. */
    @Override
    void close();
}
