package dev.ember.ml.registry.mlflow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ember.ml.core.tracking.MetricPoint;
import dev.ember.ml.core.tracking.RunStatus;
import dev.ember.ml.registry.RegistryException;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * MLflow's tracking REST API for experiments and runs ({@code experiments/search}, {@code experiments/create},
 * {@code runs/create}, {@code runs/get}, {@code runs/log-batch}, {@code runs/update}), over {@link RestClient}.
 *
 * <p>This replaces MLflow's official Java client ({@code org.mlflow:mlflow-client} 2.17), whose HTTP layer sends
 * every failed request again up to three times whatever the status (a 404 for a run that does not exist is sent
 * four times, each retry logged as "Rate limit exceeded"), waits up to a minute on a 429 before the caller can
 * decide, and sets no timeouts. Here a request is sent once and fails with a {@link RegistryException} carrying the
 * status; whether to send it again is decided in one place, {@link RetryPolicy} (429, 5xx and connection errors
 * only).
 */
final class TrackingApi implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int SEARCH_PAGE = 1000;
    private final RestClient rest;

    /**
     * A run as the server describes it.
     *
     * @param runId the run's id
     * @param experimentId its experiment
     * @param artifactUri where its artifacts go
     */
    record RunRef(String runId, String experimentId, String artifactUri) {
    }

    TrackingApi(RestClient rest) {
        this.rest = rest;
    }

    /** @return the REST client this API sends with */
    RestClient rest() {
        return rest;
    }

    /**
     * @param name an experiment name
     * @return the id of the active experiment of that name, if any
     */
    Optional<String> experimentIdByName(String name) {
        String filter = "name = '" + name.replace("\\", "\\\\").replace("'", "\\'") + "'";
        ObjectNode body = JSON.createObjectNode().put("filter", filter).put("max_results", SEARCH_PAGE);
        for (JsonNode e : rest.post("experiments/search", body).path("experiments")) {
            if (name.equals(e.path("name").asText())) {
                return Optional.of(e.path("experiment_id").asText());
            }
        }
        return Optional.empty();
    }

    /**
     * @param name a new experiment's name
     * @return its id
     */
    String createExperiment(String name) {
        return rest.post("experiments/create", JSON.createObjectNode().put("name", name)).path("experiment_id")
            .asText();
    }

    /**
     * @param experimentId the experiment
     * @param runName the run's name
     * @param startTime its start, milliseconds since the epoch
     * @param user the user, or null
     * @param tags its tags
     * @return the new run
     */
    RunRef createRun(String experimentId, String runName, long startTime, String user, Map<String, String> tags) {
        ObjectNode body = JSON.createObjectNode().put("experiment_id", experimentId).put("run_name", runName)
            .put("start_time", startTime).put("user_id", user == null ? "" : user);
        putPairs(body.putArray("tags"), tags);
        return runRef(rest.post("runs/create", body));
    }

    /**
     * @param runId a run's id
     * @return the run
     * @throws RegistryException with status 404 if there is no such run
     */
    RunRef getRun(String runId) {
        return runRef(rest.get("runs/get", Map.of("run_id", runId)));
    }

    /**
     * @param runId a run's id
     * @return the run's {@code info} object as the server describes it (status, lifecycle_stage, run_name, ...)
     * @throws RegistryException with status 404 if there is no such run
     */
    JsonNode getRunInfo(String runId) {
        return rest.get("runs/get", Map.of("run_id", runId)).path("run").path("info");
    }

    /**
     * Sets an ended run's status back to RUNNING ({@code runs/update}, as MLflow's {@code start_run(run_id=...)}
     * does; the server keeps the old end time until the run ends again).
     *
     * @param runId the run
     */
    void setRunning(String runId) {
        rest.post("runs/update", JSON.createObjectNode().put("run_id", runId).put("status", RunStatus.RUNNING.name()));
    }

    /**
     * Sends one {@code log-batch} request (the caller keeps it within MLflow's limits, {@link Batches}).
     *
     * @param runId the run
     * @param metrics metric values
     * @param params params
     * @param tags tags
     */
    void logBatch(String runId, List<MetricPoint> metrics, Map<String, String> params, Map<String, String> tags) {
        ObjectNode body = JSON.createObjectNode().put("run_id", runId);
        ArrayNode ms = body.putArray("metrics");
        for (MetricPoint m : metrics) {
            ObjectNode o = ms.addObject().put("key", m.key());
            if (Double.isFinite(m.value())) {
                o.put("value", m.value());
            } else {
                // protobuf's JSON form of a non-finite double, which the server parses
                o.put("value", Double.isNaN(m.value()) ? "NaN" : m.value() > 0 ? "Infinity" : "-Infinity");
            }
            o.put("timestamp", m.timestampMillis()).put("step", m.step());
        }
        putPairs(body.putArray("params"), params);
        putPairs(body.putArray("tags"), tags);
        rest.post("runs/log-batch", body);
    }

    /**
     * @param runId the run
     * @param status its terminal status
     * @param endTime its end, milliseconds since the epoch
     */
    void setTerminated(String runId, RunStatus status, long endTime) {
        rest.post("runs/update", JSON.createObjectNode().put("run_id", runId).put("status", status.name())
            .put("end_time", endTime));
    }

    /**
     * A LoggedModel as the server describes it.
     *
     * @param modelId its id ({@code m-...})
     * @param artifactLocation where its artifacts go, such as {@code mlflow-artifacts:/1/models/m-.../artifacts}
     */
    record LoggedModelRef(String modelId, String artifactLocation) {
    }

    /**
     * Creates an MLflow 3 LoggedModel ({@code POST logged-models}), pending until {@link #finalizeLoggedModel}.
     *
     * @param experimentId the experiment
     * @param name the model's name (Ember uses its artifact path, such as {@code model})
     * @param sourceRunId the run that logs it
     * @param modelType a free-form type, such as the model's class
     * @param tags the model's tags
     * @return the new model
     */
    LoggedModelRef createLoggedModel(String experimentId, String name, String sourceRunId, String modelType,
                                     Map<String, String> tags) {
        ObjectNode body = JSON.createObjectNode().put("experiment_id", experimentId).put("name", name)
            .put("source_run_id", sourceRunId).put("model_type", modelType);
        putPairs(body.putArray("tags"), tags);
        JsonNode m = rest.post("logged-models", body).path("model").path("info");
        return new LoggedModelRef(m.path("model_id").asText(), m.path("artifact_uri").asText(null));
    }

    /**
     * @param modelId a LoggedModel's id
     * @return the model
     */
    LoggedModelRef getLoggedModel(String modelId) {
        JsonNode m = rest.get("logged-models/" + modelId, Map.of()).path("model").path("info");
        return new LoggedModelRef(m.path("model_id").asText(), m.path("artifact_uri").asText(null));
    }

    /**
     * Marks a LoggedModel's artifacts complete ({@code LOGGED_MODEL_READY}).
     *
     * @param modelId the model
     */
    void finalizeLoggedModel(String modelId) {
        rest.patch("logged-models/" + modelId, JSON.createObjectNode().put("model_id", modelId)
            .put("status", "LOGGED_MODEL_READY"));
    }

    /**
     * Links a LoggedModel to a run as one of its outputs ({@code runs/outputs}), so the run's page lists it.
     *
     * @param runId the run
     * @param modelId the model
     * @param step the step it was logged at
     */
    void logOutputs(String runId, String modelId, long step) {
        ObjectNode body = JSON.createObjectNode().put("run_id", runId);
        body.putArray("models").addObject().put("model_id", modelId).put("step", step);
        rest.post("runs/outputs", body);
    }

    /**
     * Logs a dataset input of a run ({@code runs/log-inputs}).
     *
     * @param runId the run
     * @param datasetInput MLflow's DatasetInput as JSON: {@code {"dataset": {...}, "tags": [...]}}
     */
    void logInputs(String runId, ObjectNode datasetInput) {
        ObjectNode body = JSON.createObjectNode().put("run_id", runId);
        body.putArray("datasets").add(datasetInput);
        rest.post("runs/log-inputs", body);
    }

    private static void putPairs(ArrayNode arr, Map<String, String> pairs) {
        pairs.forEach((k, v) -> arr.addObject().put("key", k).put("value", v));
    }

    private static RunRef runRef(JsonNode response) {
        JsonNode info = response.path("run").path("info");
        return new RunRef(info.path("run_id").asText(), info.path("experiment_id").asText(),
            info.path("artifact_uri").asText(null));
    }

    /** Nothing to release: the HTTP client's connections close with it. */
    @Override
    public void close() {
    }
}
