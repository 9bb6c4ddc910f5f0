package dev.ember.ml.registry.mlflow;

import dev.ember.ml.core.InvalidStateException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ember.ml.core.tracking.MetricPoint;
import dev.ember.ml.core.tracking.ModelArtifact;
import dev.ember.ml.core.tracking.RunInfo;
import dev.ember.ml.core.tracking.RunSpec;
import dev.ember.ml.core.tracking.RunStatus;
import dev.ember.ml.core.tracking.Tracking;
import dev.ember.ml.core.tracking.TrackingException;
import dev.ember.ml.core.tracking.TrackingStore;
import dev.ember.ml.registry.RegistryException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The store for an MLflow tracking server ({@code http(s)://}). Nothing a fit does waits on the server: writes are
 * queued per run and sent by one background thread (MLflow's REST API, {@link TrackingApi}, for runs, params, metrics
 * and tags, in {@code log-batch} requests within MLflow's limits; the REST artifact proxy for files and models, which the
 * sender saves as MLflow model directories off the fit's thread), retried with exponential backoff while the server
 * is down, slow, failing (5xx) or rate-limiting (429); any other refusal (a 404, a 400) is not retried
 * ({@link RetryPolicy}).
 *
 * <p>A run starts at once with a provisional id ({@code offline-...}) and is created on the server in the
 * background; {@link #resolveRunId} (what {@code Run.id()} calls) waits briefly ({@code startTimeoutMillis}) for the
 * server's id, and keeps the provisional one while the server cannot be reached (the run is then tagged
 * {@code ember.localRunId} with it when it is created). A run that ends while the server is unreachable is written
 * to the local spool at once ({@link Spool}); so is whatever is still queued when the store closes (JVM exit) after
 * waiting {@code flushTimeoutMillis}. Spooled runs are sent by this store when the server answers again, at the
 * next run against the same server, or by {@code ember models replay}; the user is told once where they are.
 */
final class RestTrackingStore implements TrackingStore {
    private static final Logger LOG = LoggerFactory.getLogger(RestTrackingStore.class);
    private static final AtomicBoolean TOLD_SPOOL = new AtomicBoolean();
    private static final long LINGER_MILLIS = 20;
    private static final long SPOOL_SCAN_MILLIS = 5000;

    private final String uri;
    private final Settings settings;
    private final RestClient rest;
    private final TrackingApi client;
    private final Spool spool;
    private final Object lock = new Object();
    private final Map<String, PendingRun> runs = new LinkedHashMap<>();
    private final Map<String, String> serverIds = new ConcurrentHashMap<>();
    private final Map<String, String> experimentIds = new ConcurrentHashMap<>();
    private final Map<String, String> abandoned = new LinkedHashMap<>();
    private final Thread sender;
    private volatile boolean closing;
    private volatile boolean stopped;
    private volatile boolean failing;
    private volatile String lastError = "";
    private volatile String lastProblem = "is not reachable";
    private long backoffMillis;
    private long lastSpoolScan;
    private volatile boolean scanSpoolNow = true;
    private volatile int sentRuns;

    RestTrackingStore(String uri, Settings settings) {
        this.uri = RestClient.stripTrailingSlash(uri);
        this.settings = settings;
        this.rest = new RestClient(this.uri, settings);
        this.client = new TrackingApi(rest);
        this.spool = new Spool(settings.spoolDir());
        this.sender = new Thread(this::sendLoop, "ember-mlflow-sender " + this.uri);
        this.sender.setDaemon(true);
        this.sender.start();
    }

    @Override
    public String uri() {
        return uri;
    }

    RestClient rest() {
        return rest;
    }

    TrackingApi client() {
        return client;
    }

    Spool spool() {
        return spool;
    }

    /** @return whether the last request failed for want of the server */
    boolean isFailing() {
        return failing;
    }

    // ------------------------------------------------------------------------------------------ the SPI, fit side

    @Override
    public RunInfo createRun(RunSpec spec) {
        String localId = "offline-" + UUID.randomUUID().toString().replace("-", "").substring(0, 24);
        PendingRun run = new PendingRun(localId, uri, System.currentTimeMillis());
        run.ops.add(new PendingRun.Create(spec));
        synchronized (lock) {
            if (closing) {
                throw new TrackingException("the tracking store for " + uri + " is closed");
            }
            runs.put(localId, run);
            lock.notifyAll();
        }
        return new RunInfo(localId, null, spec.runName(), null, spec.startTimeMillis());
    }

    /**
     * Reopens an ended run on the server, at once (the caller needs to know it worked): checks it exists and is not
     * deleted ({@code runs/get}), sets it RUNNING ({@code runs/update}), and queues later writes under its own id.
     */
    @Override
    public RunInfo reopenRun(String runId) {
        com.fasterxml.jackson.databind.JsonNode info;
        try {
            info = client.getRunInfo(runId);
        } catch (RegistryException e) {
            if (e.isNotFound()) {
                throw new TrackingException("cannot reopen run " + runId + ": the MLflow server " + uri
                    + " has no such run (was it logged to another tracking URI?)", e);
            }
            throw new TrackingException("cannot reopen run " + runId + " at " + uri + ": " + e.getMessage(), e);
        }
        if ("deleted".equals(info.path("lifecycle_stage").asText("active"))) {
            throw new TrackingException("cannot reopen run " + runId + " at " + uri + ": it is deleted (restore it "
                + "with `mlflow runs restore --run-id " + runId + "`)");
        }
        client.setRunning(runId);
        PendingRun run = new PendingRun(runId, uri, System.currentTimeMillis());
        run.serverId = runId;
        run.experimentId = info.path("experiment_id").asText(null);
        run.artifactUri = info.path("artifact_uri").asText(null);
        synchronized (lock) {
            if (closing) {
                throw new TrackingException("the tracking store for " + uri + " is closed");
            }
            serverIds.put(runId, runId);
            runs.put(runId, run);
            lock.notifyAll();
        }
        return new RunInfo(runId, run.experimentId, info.path("run_name").asText(), run.artifactUri,
            info.path("start_time").asLong());
    }

    @Override
    public Optional<String> knownRunId(String runId) {
        return Optional.ofNullable(serverIds.get(runId));
    }

    /**
     * The server's id of a run: known, or waited for (at most {@code startTimeoutMillis}) while the server answers;
     * the provisional id while the server is unreachable.
     */
    @Override
    public String resolveRunId(String runId) {
        String s = serverIds.get(runId);
        if (s != null) {
            return s;
        }
        long deadline = System.currentTimeMillis() + settings.startTimeoutMillis();
        synchronized (lock) {
            while (true) {
                s = serverIds.get(runId);
                if (s != null) {
                    return s;
                }
                String error = abandoned.get(runId);
                if (error != null) {
                    throw new TrackingException("run " + runId + " could not be created at " + uri + ": " + error);
                }
                PendingRun run = runs.get(runId);
                long left = deadline - System.currentTimeMillis();
                if (run == null || failing || left <= 0) {
                    if (run != null) {
                        run.localIdShown = true;
                    }
                    if (!failing && left <= 0 && run != null) {
                        LOG.warn("MLflow server {} has not created run {} within {} ms; going on with its provisional "
                            + "id", uri, runId, settings.startTimeoutMillis());
                    }
                    return runId;
                }
                try {
                    lock.wait(left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return runId;
                }
            }
        }
    }

    @Override
    public void logBatch(String runId, List<MetricPoint> metrics, Map<String, String> params,
                         Map<String, String> tags) {
        synchronized (lock) {
            PendingRun run = requireRun(runId);
            PendingRun.Op last = run.ops.peekLast();
            PendingRun.Data data;
            if (last instanceof PendingRun.Data d && last != run.inFlight) {
                data = d;
            } else {
                data = new PendingRun.Data();
                run.ops.add(data);
            }
            data.add(metrics, params, tags);
            lock.notifyAll();
        }
    }

    @Override
    public void logArtifact(String runId, Path local, String artifactPath) {
        if (!Files.exists(local)) {
            throw new TrackingException("cannot log artifact " + local + " to run " + resolveRunId(runId) + ": it does"
                + " not exist");
        }
        Path staged = spool.staging(runId).resolve(UUID.randomUUID().toString());
        Path target = Files.isDirectory(local) ? staged : staged.resolve(local.getFileName().toString());
        Artifacts.copy(local, target);
        enqueue(runId, new PendingRun.Upload(target.toString(), artifactPath, false));
    }

    /** Queues the training data as a dataset input of the run ({@code runs/log-inputs}). */
    @Override
    public void logInput(String runId, dev.ember.ml.core.tracking.TrainingData data) {
        enqueue(runId, new PendingRun.Input(Datasets.input(data)));
    }

    /** Queues the model; the sender saves it as an MLflow model directory, off the fit's thread. */
    @Override
    public void logModel(String runId, ModelArtifact model) {
        enqueue(runId, new PendingRun.Upload(model));
    }

    /** Saves a queued model into the spool's staging directory (by the sender, or before spooling its run). */
    private void stage(PendingRun run, PendingRun.Upload u) {
        synchronized (u) {
            ModelArtifact a = u.artifact;
            if (a == null || u.staged != null) {
                return;
            }
            Path staged = spool.staging(run.localId).resolve(UUID.randomUUID().toString());
            MlflowModelFormat.write(a, run.serverId, staged);
            u.staged = staged.toString();
            u.artifact = null;
        }
    }

    private void stageAll(PendingRun run) {
        for (PendingRun.Op op : run.ops) {
            if (op instanceof PendingRun.Upload u) {
                stage(run, u);
            }
        }
    }

    @Override
    public void endRun(String runId, RunStatus status, long endTimeMillis) {
        synchronized (lock) {
            if (abandoned.containsKey(runId)) {
                return;
            }
            PendingRun run = requireRun(runId);
            run.ops.add(new PendingRun.End(status, endTimeMillis));
            run.ended = true;
            if (failing && run.spoolFile == null) {
                spoolRun(run);
            }
            lock.notifyAll();
        }
    }

    private void enqueue(String runId, PendingRun.Op op) {
        synchronized (lock) {
            requireRun(runId).ops.add(op);
            lock.notifyAll();
        }
    }

    private PendingRun requireRun(String runId) {
        PendingRun run = runs.get(runId);
        String error = abandoned.get(runId);
        if (error != null) {
            throw new TrackingException("run " + runId + " could not be created at " + uri + ": " + error);
        }
        if (run == null) {
            throw new TrackingException("run " + resolveRunId(runId) + " is not open in the tracking store for " + uri
                + (closing ? " (the store is closed)" : " (it has ended)"));
        }
        return run;
    }

    /**
     * Waits until the queued writes are sent; returns false at once while the server is known to be down (what is
     * queued then goes to the spool when its run ends or the store closes).
     */
    @Override
    public boolean flush(long timeoutMillis) {
        if (failing) {
            return false;
        }
        long deadline = System.currentTimeMillis() + timeoutMillis;
        synchronized (lock) {
            lock.notifyAll();
            while (hasUnsentInMemory()) {
                long left = deadline - System.currentTimeMillis();
                if (left <= 0 || stopped) {
                    return false;
                }
                try {
                    lock.wait(Math.min(left, 50));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
            return true;
        }
    }

    private boolean hasUnsentInMemory() {
        for (PendingRun r : runs.values()) {
            if (r.spoolFile == null && (!r.ops.isEmpty() || r.inFlight != null)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Waits (at most {@code flushTimeoutMillis}) for queued writes, then stops sending and spools what is left,
     * telling the user where it is.
     */
    @Override
    public void close() {
        if (closing) {
            return;
        }
        boolean sent = flush(failing ? 0 : settings.flushTimeoutMillis());
        synchronized (lock) {
            closing = true;
            lock.notifyAll();
        }
        sender.interrupt();
        try {
            sender.join(Math.max(1000, settings.requestTimeoutMillis()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        client.close();
        stopped = true;
        synchronized (lock) {
            int spooled = 0;
            for (PendingRun run : runs.values()) {
                if (!run.ops.isEmpty() || run.inFlight != null) {
                    if (run.spoolFile == null) {
                        spoolRun(run);
                    } else {
                        stageAll(run);
                        spool.write(run, run.inFlight);
                    }
                    spooled++;
                }
                spool.release(run);
            }
            runs.clear();
            if (spooled > 0 && !sent) {
                LOG.warn("MLflow server {} did not take everything before exit ({}); {} run(s) kept in {}", uri,
                    failing ? lastError : "timed out", spooled, spool.dir());
            }
        }
    }

    /** Writes a run's queue to the spool file and tells the user, once per JVM, where spooled runs are. */
    private void spoolRun(PendingRun run) {
        stageAll(run);
        for (PendingRun.Op op : run.ops) {
            if (op instanceof PendingRun.Create c && c.spec().parentRunId() != null) {
                String parentServerId = serverIds.get(c.spec().parentRunId());
                if (parentServerId != null) {
                    // the parent was created by this process without being spooled: whoever replays this child
                    // (this store later, another process, `ember models replay`) must find the parent's id
                    spool.remember(c.spec().parentRunId(), parentServerId);
                }
            }
        }
        if (!spool.lock(run)) {
            LOG.debug("spool lock for {} held elsewhere", run.localId);
        }
        run.spoolFile = spool.write(run, run.inFlight);
        if (TOLD_SPOOL.compareAndSet(false, true)) {
            LOG.warn("MLflow server {} {} ({}); run {} and what it had not sent are kept in the spool {}."
                + " Spooled runs are sent when the server answers: by this process, at the next run against it, or "
                + "with `ember models replay`.", uri, lastProblem, lastError.isEmpty() ? "no answer" : lastError,
                resolveRunId(run.localId), spool.dir());
        } else {
            LOG.debug("spooled run {} to {}", run.localId, run.spoolFile);
        }
    }

    // ---------------------------------------------------------------------------------------- the sender thread

    private void sendLoop() {
        while (!closing) {
            PendingRun run;
            PendingRun.Op op;
            synchronized (lock) {
                run = next();
                while (run == null && !closing) {
                    try {
                        lock.wait(failing ? backoffMillis : 1000);
                    } catch (InterruptedException e) {
                        if (closing) {
                            return;
                        }
                    }
                    if (closing) {
                        return;
                    }
                    if (System.currentTimeMillis() - lastSpoolScan > SPOOL_SCAN_MILLIS || scanSpoolNow) {
                        break;
                    }
                    run = next();
                }
                if (run == null) {
                    op = null;
                } else {
                    op = run.ops.peekFirst();
                    run.inFlight = op;
                }
            }
            if (run == null) {
                loadSpooled(false);
                continue;
            }
            if (op instanceof PendingRun.Data d && !run.ended) {
                sleepQuietly(LINGER_MILLIS);
            }
            try {
                execute(run, op);
                onSuccess(run, op);
            } catch (RegistryException e) {
                if (RetryPolicy.isRetryable(e)) {
                    onTransient(run, e);
                } else {
                    onPermanent(run, op, e);
                }
            } catch (RuntimeException e) {
                onPermanent(run, op, e);
            }
        }
    }

    /** @return the first run with a write to send (runs in start order, so a parent is created first) */
    private PendingRun next() {
        for (PendingRun r : runs.values()) {
            if (!r.ops.isEmpty()) {
                return r;
            }
        }
        return null;
    }

    private void onSuccess(PendingRun run, PendingRun.Op op) {
        boolean recovered = failing;
        synchronized (lock) {
            if (run.ops.peekFirst() == op) {
                run.ops.pollFirst();
            }
            run.inFlight = null;
            failing = false;
            backoffMillis = 0;
            if (run.ops.isEmpty() && run.ended) {
                runs.remove(run.localId);
                if (run.spoolFile != null) {
                    spool.delete(run);
                    LOG.info("sent spooled run {} to {}", resolveRunId(run.localId), uri);
                } else {
                    Artifacts.deleteTree(spool.staging(run.localId));
                }
                sentRuns++;
            } else if (run.spoolFile != null) {
                stageAll(run);
                spool.write(run, null);
            }
            lock.notifyAll();
        }
        if (recovered) {
            LOG.info("MLflow server {} answers again; sending what was queued", uri);
            scanSpoolNow = true;
        }
    }

    private void onTransient(PendingRun run, RegistryException e) {
        boolean first = !failing;
        synchronized (lock) {
            run.inFlight = null;
            failing = true;
            lastError = e.getMessage();
            lastProblem = RetryPolicy.describe(e);
            backoffMillis = backoffMillis == 0 ? 250 : Math.min(settings.maxBackoffMillis(), backoffMillis * 2);
            for (PendingRun r : runs.values()) {
                if (r.ended && r.spoolFile == null) {
                    spoolRun(r);
                }
            }
            lock.notifyAll();
        }
        if (first && !closing) {
            LOG.warn("MLflow server {} {} ({}); fits go on, writes are queued and retried with backoff", uri,
                RetryPolicy.describe(e), e.getMessage());
        }
        synchronized (lock) {
            if (!closing) {
                try {
                    lock.wait(backoffMillis);
                } catch (InterruptedException ignored) {
                    // closing
                }
            }
        }
    }

    private void onPermanent(PendingRun run, PendingRun.Op op, RuntimeException e) {
        synchronized (lock) {
            run.inFlight = null;
            if (op instanceof PendingRun.Create) {
                runs.remove(run.localId);
                abandoned.put(run.localId, e.getMessage());
                if (run.spoolFile != null) {
                    spool.delete(run);
                }
                LOG.error("MLflow server {} refused to create run {}: {}; its writes are dropped", uri, run.localId,
                    e.getMessage());
            } else {
                if (run.ops.peekFirst() == op) {
                    run.ops.pollFirst();
                }
                LOG.warn("MLflow server {} refused a write to run {} ({}); skipped it: {}", uri,
                    resolveRunId(run.localId), describe(op), e.getMessage());
                if (run.ops.isEmpty() && run.ended) {
                    runs.remove(run.localId);
                    if (run.spoolFile != null) {
                        spool.delete(run);
                    }
                } else if (run.spoolFile != null) {
                    stageAll(run);
                    spool.write(run, null);
                }
            }
            lock.notifyAll();
        }
    }

    private static String describe(PendingRun.Op op) {
        if (op instanceof PendingRun.Data d) {
            return d.metrics.size() + " metric values, params " + d.params.keySet() + ", tags " + d.tags.keySet();
        }
        if (op instanceof PendingRun.Upload u) {
            return "upload to " + u.artifactPath();
        }
        if (op instanceof PendingRun.Input) {
            return "dataset input";
        }
        if (op instanceof PendingRun.End en) {
            return "end " + en.status();
        }
        return "create";
    }

    static boolean transientError(RegistryException e) {
        return RetryPolicy.isRetryable(e);
    }

    private void execute(PendingRun run, PendingRun.Op op) {
        if (op instanceof PendingRun.Create c) {
            create(run, c.spec());
        } else if (op instanceof PendingRun.Data d) {
            String id = serverId(run);
            for (Batches.Batch b : Batches.split(d.metrics, d.params, d.tags)) {
                client.logBatch(id, b.metrics(), b.params(), b.tags());
                synchronized (lock) {
                    d.remove(b);
                }
            }
        } else if (op instanceof PendingRun.Input in) {
            client.logInputs(serverId(run), in.datasetInput());
        } else if (op instanceof PendingRun.Upload u) {
            upload(run, u);
        } else if (op instanceof PendingRun.End e) {
            client.setTerminated(serverId(run), e.status(), e.endTime());
        }
    }

    private String serverId(PendingRun run) {
        String id = run.serverId;
        if (id == null) {
            throw new InvalidStateException("run " + run.localId + " has no server id and no create op");
        }
        return id;
    }

    private void create(PendingRun run, RunSpec spec) {
        String expId = spec.experimentId() != null ? spec.experimentId() : experimentId(spec.experimentName());
        Map<String, String> tags = new LinkedHashMap<>(spec.tags());
        String parent = spec.parentRunId();
        if (parent != null) {
            String resolved = resolveParent(parent);
            tags.put(Tracking.PARENT_RUN_TAG, resolved);
        }
        if (run.localIdShown || run.spoolFile != null) {
            tags.put("ember.localRunId", run.localId);
        }
        TrackingApi.RunRef info = client.createRun(expId, spec.runName(), spec.startTimeMillis(),
            spec.tags().get("mlflow.user"), tags);
        synchronized (lock) {
            run.serverId = info.runId();
            run.experimentId = info.experimentId();
            run.artifactUri = info.artifactUri();
            serverIds.put(run.localId, info.runId());
            if (run.spoolFile != null || failing) {
                spool.remember(run.localId, info.runId());
            }
            lock.notifyAll();
        }
    }

    private String resolveParent(String parent) {
        if (!parent.startsWith("offline-")) {
            return parent;
        }
        String s = serverIds.get(parent);
        if (s == null) {
            s = spool.serverIdOf(parent);
        }
        if (s == null) {
            synchronized (lock) {
                if (abandoned.containsKey(parent)) {
                    return parent;
                }
            }
            throw new RegistryException("parent run " + parent + " has not been created on " + uri + " yet", 0, null,
                null);
        }
        return s;
    }

    private String experimentId(String name) {
        String id = experimentIds.get(name);
        if (id != null) {
            return id;
        }
        Optional<String> found = client.experimentIdByName(name);
        if (found.isPresent()) {
            id = found.get();
        } else {
            try {
                id = client.createExperiment(name);
            } catch (RegistryException e) {
                if (!"RESOURCE_ALREADY_EXISTS".equals(e.errorCode())) {
                    throw e;
                }
                id = client.experimentIdByName(name).orElseThrow(() -> e);
            }
        }
        experimentIds.put(name, id);
        return id;
    }

    private void upload(PendingRun run, PendingRun.Upload u) {
        String id = serverId(run);
        if (run.artifactUri == null) {
            run.artifactUri = client.getRun(id).artifactUri();
        }
        stage(run, u);
        Path staged = Path.of(u.staged);
        if (!Files.exists(staged)) {
            throw new TrackingException("staged artifact " + staged + " of run " + id + " is gone");
        }
        if (u.model) {
            loggedModel(run, u, staged);
        }
        Artifacts.at(run.artifactUri, rest).upload(staged, u.artifactPath);
        if (u.model) {
            client.logOutputs(id, u.modelId, 0);
            client.finalizeLoggedModel(u.modelId);
        }
        Artifacts.deleteTree(staged);
    }

    /**
     * Makes a model an MLflow 3 LoggedModel, as MLflow's Python client logs one: creates it (once, kept in the op so
     * a retry reuses it), writes its id and the run's into {@code MLmodel}, and uploads the model directory to the
     * LoggedModel's own artifacts; the caller then uploads it under the run's artifacts too (where {@code runs:/}
     * URIs and older clients find it), links it to the run as an output and marks it ready.
     */
    private void loggedModel(PendingRun run, PendingRun.Upload u, Path staged) {
        String id = serverId(run);
        Path mlmodel = staged.resolve(MlflowModelFormat.MLMODEL);
        ObjectNode m = (ObjectNode) Yaml.read(mlmodel);
        if (u.modelId == null) {
            String experiment = run.experimentId != null ? run.experimentId : client.getRun(id).experimentId();
            Map<String, String> tags = new LinkedHashMap<>();
            tags.put("mlflow.source.run_id", id);
            String modelClass = m.path("flavors").path(MlflowModelFormat.FLAVOR).path("model_class").asText("");
            if (!modelClass.isEmpty()) {
                tags.put("ember.model", modelClass);
            }
            TrackingApi.LoggedModelRef ref = client.createLoggedModel(experiment, u.artifactPath, id,
                MlflowModelFormat.FLAVOR, tags);
            u.modelId = ref.modelId();
            u.modelLocation = ref.artifactLocation();
            synchronized (lock) {
                if (run.spoolFile != null) {
                    stageAll(run);
                    spool.write(run, u);
                }
            }
        }
        m.put("run_id", id);
        m.put("model_id", u.modelId);
        m.put("model_uuid", u.modelId);
        Yaml.write(mlmodel, m);
        if (u.modelLocation != null) {
            Artifacts.at(u.modelLocation, rest).upload(staged, "");
        }
    }

    /** Picks up spooled runs of this server that no process is sending. */
    private void loadSpooled(boolean force) {
        lastSpoolScan = System.currentTimeMillis();
        scanSpoolNow = false;
        if (failing && !force) {
            return;
        }
        for (Path f : spool.files()) {
            String localId = f.getFileName().toString().replaceAll("\\.json$", "");
            synchronized (lock) {
                if (runs.containsKey(localId) || abandoned.containsKey(localId) || closing) {
                    continue;
                }
            }
            PendingRun r;
            try {
                r = spool.read(f);
            } catch (TrackingException e) {
                LOG.warn("skipping unreadable spool file {}: {}", f, e.getMessage());
                continue;
            }
            if (!RestClient.stripTrailingSlash(r.trackingUri).equals(uri) || !spool.lock(r)) {
                continue;
            }
            synchronized (lock) {
                if (r.serverId != null) {
                    serverIds.put(r.localId, r.serverId);
                }
                runs.put(r.localId, r);
                lock.notifyAll();
            }
            LOG.info("sending spooled run {} ({} pending) to {}", r.serverId != null ? r.serverId : r.localId,
                r.pendingItems(), uri);
        }
    }

    /**
     * Sends every spooled run of this server now, waiting until they are sent or the timeout passes.
     *
     * @param timeoutMillis how long to wait at most
     * @return the local ids of the spooled runs still not sent (none if all went)
     */
    List<String> replaySpool(long timeoutMillis) {
        scanSpoolNow = true;
        synchronized (lock) {
            lock.notifyAll();
        }
        loadSpooled(true);
        long deadline = System.currentTimeMillis() + timeoutMillis;
        synchronized (lock) {
            while (System.currentTimeMillis() < deadline) {
                boolean any = false;
                for (PendingRun r : runs.values()) {
                    any |= r.spoolFile != null;
                }
                if (!any) {
                    break;
                }
                try {
                    lock.wait(50);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
            List<String> left = new ArrayList<>();
            for (PendingRun r : runs.values()) {
                if (r.spoolFile != null) {
                    left.add(r.localId);
                }
            }
            return left;
        }
    }

    /** @return how many runs were completely sent since the store opened */
    int sentRuns() {
        return sentRuns;
    }

    private static void sleepQuietly(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
