package dev.ember.ml.core.tracking;

import dev.ember.ml.core.InvalidArgumentException;
import dev.ember.ml.core.InvalidStateException;
import dev.ember.ml.core.Model;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A handle on a run: log params, metrics, tags, artifacts and models to it, and end it. Started by
 * {@link Tracking#newRun()} (or {@link #startChild}), it is the thread's active run until it ends, so that the
 * fits inside it log to it; use it in try-with-resources:
 *
 * <pre>{@code
 * try (Run run = Tracking.newRun().experiment("churn").name("baseline").start()) {
 *     run.logParam("features", "v2");
 *     LogisticRegressionModel model = lr.fit(train);   // params, provenance, loss history, model
 * }
 * }</pre>
 *
 * <p>Params are immutable, as in MLflow: logging a key again with another value fails. A run that has ended
 * refuses further writes with an error naming it. Thread-safe.
 */
public final class Run implements AutoCloseable {
    private final TrackingStore store;
    private final RunInfo info;
    private final Run parent;
    private final Map<String, String> params = new ConcurrentHashMap<>();
    private final AtomicInteger fits = new AtomicInteger();
    private final Map<String, Integer> prefixes = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> evaluationSteps = new ConcurrentHashMap<>();
    private final java.util.Set<String> inputsLogged = ConcurrentHashMap.newKeySet();
    private final Map<Object, java.util.Set<String>> figuresLogged = new java.util.WeakHashMap<>();
    private volatile RunStatus status = RunStatus.RUNNING;

    Run(TrackingStore store, RunInfo info, Run parent) {
        this.store = Objects.requireNonNull(store, "store");
        this.info = Objects.requireNonNull(info, "info");
        this.parent = parent;
    }

    /**
     * @return the run's id: the server's id (a remote store creates runs in the background; this waits, briefly,
     *     for the server's answer), or a provisional id while the server cannot be reached (see
     *     {@link TrackingStore#resolveRunId})
     * @throws TrackingException if the server refused to create the run (an unknown experiment id, say)
     */
    public String id() {
        return store.resolveRunId(info.runId());
    }

    /** @return the run's id for a message: never waits long, never throws */
    String safeId() {
        try {
            return id();
        } catch (RuntimeException e) {
            return localId();
        }
    }

    /** @return the id the store handed out when the run started (what the store's methods take) */
    String localId() {
        return info.runId();
    }

    /**
     * @return the run's id if the store knows it now, without waiting for a server (see {@link #id()}); empty while
     *     a remote store has not created the run yet
     */
    public Optional<String> knownId() {
        return store.knownRunId(info.runId());
    }

    /** @return the run's display name */
    public String name() {
        return info.runName();
    }

    /** @return the experiment's id, or null while the server has not been reached */
    public String experimentId() {
        return info.experimentId();
    }

    /** @return where the run's artifacts go, or null while the server has not been reached */
    public String artifactUri() {
        return info.artifactUri();
    }

    /** @return the tracking URI of the store this run writes to */
    public String trackingUri() {
        return store.uri();
    }

    /** @return the store this run writes to */
    public TrackingStore store() {
        return store;
    }

    /** @return the parent run, for a nested run */
    public Optional<Run> parent() {
        return Optional.ofNullable(parent);
    }

    /** @return {@link RunStatus#RUNNING} until the run ends, then how it ended */
    public RunStatus status() {
        return status;
    }

    /** @return whether the run has not ended */
    public boolean isActive() {
        return status == RunStatus.RUNNING;
    }

    /** @return a view of the params logged so far */
    public Map<String, String> params() {
        return Collections.unmodifiableMap(params);
    }

    /**
     * Starts a child run (tagged {@code mlflow.parentRunId} with this run's id), active on the calling thread until
     * it ends; for sweeps, where each trial is a child run, possibly on another thread.
     *
     * @param name the child's name
     * @return the child run
     */
    public Run startChild(String name) {
        return Tracking.newRun().parent(this).name(name).start();
    }

    /**
     * @param key the param name
     * @param value its value ({@code String.valueOf} of it)
     * @return this run
     * @throws InvalidArgumentException if the key was logged with another value
     */
    public Run logParam(String key, Object value) {
        return logParams(Map.of(key, String.valueOf(value)));
    }

    /**
     * @param values param names and values ({@code String.valueOf} of each value)
     * @return this run
     * @throws InvalidArgumentException if a key was logged with another value
     */
    public Run logParams(Map<String, ?> values) {
        requireActive();
        Map<String, String> fresh = new LinkedHashMap<>();
        for (Map.Entry<String, ?> e : values.entrySet()) {
            String v = String.valueOf(e.getValue());
            String old = params.get(e.getKey());
            if (old != null && !old.equals(v)) {
                throw new InvalidArgumentException("param '" + e.getKey() + "' of run " + safeId() + " at "
                    + trackingUri() + " was logged as '" + old + "'; found '" + v
                    + "', expected the same value (params cannot change)");
            }
            if (old == null) {
                fresh.put(e.getKey(), v);
            }
        }
        if (!fresh.isEmpty()) {
            params.putAll(fresh);
            store.logBatch(info.runId(), List.of(), fresh, Map.of());
        }
        return this;
    }

    /**
     * @param key the metric name
     * @param value its value, at step 0, now
     * @return this run
     */
    public Run logMetric(String key, double value) {
        return logMetric(key, value, 0);
    }

    /**
     * @param key the metric name
     * @param value its value, now
     * @param step the step (iteration)
     * @return this run
     */
    public Run logMetric(String key, double value, long step) {
        return logMetrics(List.of(new MetricPoint(key, value, System.currentTimeMillis(), step)));
    }

    /**
     * @param points metric values with their timestamps and steps
     * @return this run
     */
    public Run logMetrics(List<MetricPoint> points) {
        requireActive();
        if (!points.isEmpty()) {
            store.logBatch(info.runId(), List.copyOf(points), Map.of(), Map.of());
        }
        return this;
    }

    /**
     * @param key the tag name
     * @param value its value (a tag may be overwritten)
     * @return this run
     */
    public Run setTag(String key, String value) {
        return setTags(Map.of(key, value));
    }

    /**
     * @param tags tag names and values
     * @return this run
     */
    public Run setTags(Map<String, String> tags) {
        requireActive();
        if (!tags.isEmpty()) {
            store.logBatch(info.runId(), List.of(), Map.of(), new LinkedHashMap<>(tags));
        }
        return this;
    }

    /**
     * Logs metrics, params and tags together (one batch where the store allows).
     *
     * @param metrics metric values
     * @param newParams param values
     * @param tags tag values
     * @return this run
     */
    public Run log(List<MetricPoint> metrics, Map<String, String> newParams, Map<String, String> tags) {
        requireActive();
        Map<String, String> fresh = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : newParams.entrySet()) {
            String old = params.get(e.getKey());
            if (old != null && !old.equals(e.getValue())) {
                throw new InvalidArgumentException("param '" + e.getKey() + "' of run " + safeId() + " at "
                    + trackingUri() + " was logged as '" + old + "'; found '" + e.getValue()
                    + "', expected the same value (params cannot change)");
            }
            if (old == null) {
                fresh.put(e.getKey(), e.getValue());
            }
        }
        params.putAll(fresh);
        if (!metrics.isEmpty() || !fresh.isEmpty() || !tags.isEmpty()) {
            store.logBatch(info.runId(), List.copyOf(metrics), fresh, new LinkedHashMap<>(tags));
        }
        return this;
    }

    /**
     * @param local a file, logged at the artifact root under its own name
     * @return this run
     */
    public Run logArtifact(Path local) {
        return logArtifact(local, "");
    }

    /**
     * @param local a file or a directory
     * @param artifactPath the directory under the run's artifacts to put it in (a file keeps its name; a
     *     directory's content goes there); empty for the root
     * @return this run
     */
    public Run logArtifact(Path local, String artifactPath) {
        requireActive();
        store.logArtifact(info.runId(), local, artifactPath);
        return this;
    }

    /**
     * Logs a model as an MLflow model directory, without a signature or an input example. Fits inside the run log
     * their models with both ({@link Tracking#onFit}).
     *
     * @param model the model
     * @param artifactPath where, such as {@code model}
     * @return this run
     */
    public Run logModel(Model model, String artifactPath) {
        return logModel(new ModelArtifact(model, artifactPath, null, null, null));
    }

    /**
     * @param model the model and what describes it
     * @return this run
     */
    public Run logModel(ModelArtifact model) {
        requireActive();
        store.logModel(info.runId(), model);
        return this;
    }

    /**
     * Logs the data a model was trained on as a dataset input of this run (once per digest).
     *
     * @param data the training data
     * @return this run
     */
    public Run logInput(TrainingData data) {
        requireActive();
        if (inputsLogged.add(data.name() + "@" + data.digest())) {
            store.logInput(info.runId(), data);
        }
        return this;
    }

    /**
     * Ends the run (once; later calls do nothing) and makes it no longer active on this thread.
     *
     * @param endStatus a terminal status
     */
    public void end(RunStatus endStatus) {
        if (!endStatus.isTerminal()) {
            throw new InvalidArgumentException("run " + localId() + ": found end status " + endStatus
                + ", expected FINISHED, FAILED or KILLED");
        }
        synchronized (this) {
            if (status.isTerminal()) {
                return;
            }
            status = endStatus;
        }
        Tracking.ended(this);
        store.endRun(info.runId(), endStatus, System.currentTimeMillis());
    }

    /** Ends the run as {@link RunStatus#FINISHED} unless it has ended already. */
    @Override
    public void close() {
        end(RunStatus.FINISHED);
    }

    /**
     * @return 1 for the first fit logged to this run, 2 for the next, and so on
     */
    int nextFitIndex() {
        return fits.incrementAndGet();
    }

    /**
     * @param base a prefix such as an estimator's simple class name
     * @return {@code base}, or {@code base_2}, {@code base_3} ... if it was taken in this run
     */
    String uniquePrefix(String base) {
        int n = prefixes.merge(base, 1, Integer::sum);
        return n == 1 ? base : base + "_" + n;
    }

    /**
     * @param prefix an evaluation's metric prefix, such as {@code test.BinaryClassificationEvaluator}
     * @return 0 for its first evaluation logged to this run, then 1, 2, ...
     */
    long nextEvaluationStep(String prefix) {
        return evaluationSteps.computeIfAbsent(prefix, k -> new AtomicInteger()).getAndIncrement();
    }

    /**
     * @param predictions a frame of predictions
     * @param prefix an evaluation's metric prefix
     * @return whether this is the first time charts of that evaluation of that frame are logged to this run
     */
    boolean firstFiguresFor(Object predictions, String prefix) {
        synchronized (figuresLogged) {
            return figuresLogged.computeIfAbsent(predictions, k -> new java.util.HashSet<>()).add(prefix);
        }
    }

    private void requireActive() {
        RunStatus s = status;
        if (s.isTerminal()) {
            throw new InvalidStateException("run " + safeId() + " at " + trackingUri() + " has ended (" + s
                + "); start a new run to log more");
        }
    }

    @Override
    public String toString() {
        List<String> parts = new ArrayList<>();
        parts.add("id=" + safeId());
        parts.add("name=" + name());
        parts.add("status=" + status);
        parts.add("uri=" + trackingUri());
        return "Run" + parts;
    }
}
