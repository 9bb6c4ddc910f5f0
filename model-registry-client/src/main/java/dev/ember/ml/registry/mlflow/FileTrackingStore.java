package dev.ember.ml.registry.mlflow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ember.ml.core.tracking.MetricPoint;
import dev.ember.ml.core.tracking.ModelArtifact;
import dev.ember.ml.core.tracking.RunInfo;
import dev.ember.ml.core.tracking.RunSpec;
import dev.ember.ml.core.tracking.RunStatus;
import dev.ember.ml.core.tracking.TrackingException;
import dev.ember.ml.core.tracking.TrackingStore;
import dev.ember.ml.core.tracking.TrainingData;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.math.BigInteger;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The embedded store: runs written directly in MLflow's file-store layout, so that
 * {@code mlflow server --backend-store-uri ./mlruns} or {@code mlflow ui} shows them (MLflow 3 asks for
 * {@code MLFLOW_ALLOW_FILE_STORE=true} to open a file store, or migrates it with {@code mlflow migrate-filestore}):
 *
 * <pre>
 * mlruns/0/meta.yaml                        the Default experiment
 * mlruns/EXP/meta.yaml                      name, artifact_location, lifecycle_stage, times
 * mlruns/EXP/RUN/meta.yaml                  run_id, run_name, status (1 running, 3 finished, 4 failed, 5 killed),
 *                                           start_time, end_time, artifact_uri, user_id, ...
 * mlruns/EXP/RUN/params/KEY                 the value
 * mlruns/EXP/RUN/metrics/KEY                one line per value: "timestamp value step"
 * mlruns/EXP/RUN/tags/KEY                   the value
 * mlruns/EXP/RUN/artifacts/...              artifacts; logged models are MLflow model directories
 * mlruns/EXP/RUN/inputs/ID, outputs/ID      the run's dataset inputs and LoggedModel outputs
 * mlruns/EXP/models/MODEL_ID/...            MLflow 3 LoggedModels, with their artifacts
 * mlruns/EXP/datasets/ID/meta.yaml          datasets ({@link FileStoreEntities})
 * mlruns/models/NAME/...                    the model registry ({@link FileModelRegistry})
 * </pre>
 *
 * <p>Creating a run writes its directory at once (so its id is real); params, metrics, tags, models and the end of
 * the run are written in order by one background thread, so a fit does not wait on the disk ({@link #flush} waits
 * for them; closing the store, at JVM exit, writes what is left). Metric values of one call are appended per key
 * in one write. Thread-safe within a JVM.
 */
final class FileTrackingStore implements TrackingStore {
    private static final Logger LOG = LoggerFactory.getLogger(FileTrackingStore.class);
    /** MLflow's key rule: alphanumerics, underscores, dashes, periods, spaces, colons and slashes. */
    private static final Pattern KEY = Pattern.compile("^[/\\w.\\- :]+$");
    private final String uri;
    private final Path root;
    private final Map<String, Path> runDirs = new ConcurrentHashMap<>();
    private final Map<String, String> experimentIds = new ConcurrentHashMap<>();
    /** Created on the first write (a registry's store only reads). */
    private ExecutorService writer;
    private boolean closed;
    private final Object writerLock = new Object();
    private final AtomicBoolean warned = new AtomicBoolean();

    FileTrackingStore(String uri) {
        this.uri = uri;
        this.root = rootOf(uri);
        init();
    }

    /**
     * @param uri a {@code file:} URI or a path
     * @return the directory
     */
    static Path rootOf(String uri) {
        Path p = uri.startsWith("file:") ? Path.of(URI.create(uri)) : Path.of(uri);
        return p.toAbsolutePath().normalize();
    }

    Path root() {
        return root;
    }

    private synchronized void init() {
        try {
            Files.createDirectories(root.resolve(".trash"));
            Path dflt = root.resolve("0").resolve("meta.yaml");
            if (!Files.exists(dflt) && findExperimentByName("Default").isEmpty()) {
                writeExperiment("0", "Default");
            }
        } catch (IOException e) {
            throw new TrackingException("cannot create the local MLflow store at " + root + ": " + e, e);
        }
    }

    @Override
    public String uri() {
        return uri;
    }

    @Override
    public synchronized RunInfo createRun(RunSpec spec) {
        String expId = spec.experimentId() != null ? requireExperiment(spec.experimentId())
            : experimentIds.computeIfAbsent(spec.experimentName(), this::findOrCreateExperiment);
        String runId = UUID.randomUUID().toString().replace("-", "");
        Path dir = root.resolve(expId).resolve(runId);
        try {
            for (String sub : List.of("metrics", "params", "artifacts", "tags")) {
                Files.createDirectories(dir.resolve(sub));
            }
        } catch (IOException e) {
            throw new TrackingException("cannot create run directory " + dir + ": " + e, e);
        }
        ObjectNode meta = Yaml.object();
        meta.put("artifact_uri", dir.resolve("artifacts").toUri().toString().replaceAll("/$", ""));
        meta.putNull("end_time");
        meta.put("entry_point_name", "");
        meta.put("experiment_id", expId);
        meta.put("lifecycle_stage", "active");
        meta.put("run_id", runId);
        meta.put("run_name", spec.runName());
        meta.put("run_uuid", runId);
        meta.put("source_name", "");
        meta.put("source_type", 4);
        meta.put("source_version", "");
        meta.put("start_time", spec.startTimeMillis());
        meta.put("status", 1);
        meta.putArray("tags");
        meta.put("user_id", spec.tags().getOrDefault("mlflow.user", System.getProperty("user.name", "")));
        Yaml.write(dir.resolve("meta.yaml"), meta);
        runDirs.put(runId, dir);
        Map<String, String> tags = new LinkedHashMap<>(spec.tags());
        tags.put("mlflow.runName", spec.runName());
        writeTags(dir, tags);
        return new RunInfo(runId, expId, spec.runName(), meta.path("artifact_uri").asText(), spec.startTimeMillis());
    }

    @Override
    public void logBatch(String runId, List<MetricPoint> metrics, Map<String, String> params,
                         Map<String, String> tags) {
        List<MetricPoint> m = List.copyOf(metrics);
        Map<String, String> p = new LinkedHashMap<>(params);
        Map<String, String> t = new LinkedHashMap<>(tags);
        submit("log to run " + runId, () -> writeBatch(runId, m, p, t));
    }

    private void writeBatch(String runId, List<MetricPoint> metrics, Map<String, String> params,
                            Map<String, String> tags) {
        Path dir = activeRunDir(runId);
        for (Map.Entry<String, String> p : params.entrySet()) {
            Path f = keyFile(dir.resolve("params"), p.getKey(), "param");
            String v = Batches.cut(p.getValue(), Batches.MAX_PARAM_VALUE);
            try {
                if (Files.exists(f)) {
                    String old = Files.readString(f);
                    if (!old.equals(v)) {
                        throw new TrackingException("param '" + p.getKey() + "' of run " + runId + " in " + uri
                            + " was logged as '" + old + "'; found '" + v + "', expected the same value");
                    }
                } else {
                    Files.createDirectories(f.getParent());
                    Files.writeString(f, v);
                }
            } catch (IOException e) {
                throw new TrackingException("cannot write param " + f + ": " + e, e);
            }
        }
        Map<String, StringBuilder> lines = new LinkedHashMap<>();
        for (MetricPoint m : metrics) {
            lines.computeIfAbsent(m.key(), k -> new StringBuilder()).append(m.timestampMillis()).append(' ')
                .append(m.value()).append(' ').append(m.step()).append('\n');
        }
        for (Map.Entry<String, StringBuilder> e : lines.entrySet()) {
            Path f = keyFile(dir.resolve("metrics"), e.getKey(), "metric");
            try {
                Files.createDirectories(f.getParent());
                Files.writeString(f, e.getValue(), StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
            } catch (IOException ex) {
                throw new TrackingException("cannot write metric " + f + ": " + ex, ex);
            }
        }
        writeTags(dir, tags);
    }

    @Override
    public void logArtifact(String runId, Path local, String artifactPath) {
        Path dir = activeRunDir(runId);
        new Artifacts.Local(dir.resolve("artifacts")).upload(local, artifactPath);
    }

    /** Queues the model: an MLflow 3 LoggedModel of the run's experiment, kept under the run's artifacts too. */
    @Override
    public void logModel(String runId, ModelArtifact model) {
        submit("log model " + model.artifactPath() + " to run " + runId,
            () -> FileStoreEntities.logModel(activeRunDir(runId), runId, model));
    }

    /** Queues the training data as a dataset input of the run. */
    @Override
    public void logInput(String runId, TrainingData data) {
        submit("log dataset " + data.name() + " to run " + runId,
            () -> FileStoreEntities.logInput(activeRunDir(runId), runId, data));
    }

    @Override
    public void endRun(String runId, RunStatus status, long endTimeMillis) {
        submit("end run " + runId, () -> writeEnd(runId, status, endTimeMillis));
    }

    private void writeEnd(String runId, RunStatus status, long endTimeMillis) {
        Path dir = runDir(runId);
        ObjectNode meta = (ObjectNode) Yaml.read(dir.resolve("meta.yaml"));
        meta.put("status", code(status));
        meta.put("end_time", endTimeMillis);
        Yaml.write(dir.resolve("meta.yaml"), meta);
    }

    /**
     * Sets the run's {@code meta.yaml} back to RUNNING with no end time, after the writes queued before it (an end of
     * the same run included).
     */
    @Override
    public RunInfo reopenRun(String runId) {
        flush(60_000);
        synchronized (this) {
            Path dir;
            try {
                dir = runDir(runId);
            } catch (TrackingException e) {
                throw new TrackingException("cannot reopen run " + runId + ": it is not in the local MLflow store "
                    + uri + " (" + root + ")", e);
            }
            ObjectNode meta = (ObjectNode) Yaml.read(dir.resolve("meta.yaml"));
            if (!"active".equals(meta.path("lifecycle_stage").asText("active"))) {
                throw new TrackingException("cannot reopen run " + runId + " in the local MLflow store " + uri
                    + ": it is deleted (restore it with `mlflow runs restore --run-id " + runId + "`)");
            }
            meta.put("status", code(RunStatus.RUNNING));
            meta.putNull("end_time");
            Yaml.write(dir.resolve("meta.yaml"), meta);
            return new RunInfo(runId, meta.path("experiment_id").asText(), meta.path("run_name").asText(),
                meta.path("artifact_uri").asText(null), meta.path("start_time").asLong());
        }
    }

    private void submit(String what, Runnable write) {
        try {
            writer().execute(() -> {
                try {
                    write.run();
                } catch (RuntimeException e) {
                    if (warned.compareAndSet(false, true)) {
                        LOG.warn("local MLflow store {}: cannot {}: {}", uri, what, e.getMessage());
                    } else {
                        LOG.debug("local MLflow store {}: cannot {}: {}", uri, what, e.getMessage());
                    }
                }
            });
        } catch (RejectedExecutionException e) {
            throw new TrackingException("the local MLflow store " + uri + " is closed; cannot " + what, e);
        }
    }

    private ExecutorService writer() {
        synchronized (writerLock) {
            if (writer == null) {
                if (closed) {
                    throw new RejectedExecutionException("closed");
                }
                writer = Executors.newSingleThreadExecutor(r -> {
                    Thread t = new Thread(r, "ember-mlruns-writer");
                    t.setDaemon(true);
                    return t;
                });
            }
            return writer;
        }
    }

    private ExecutorService writerIfStarted() {
        synchronized (writerLock) {
            return writer;
        }
    }

    @Override
    public boolean flush(long timeoutMillis) {
        ExecutorService w = writerIfStarted();
        if (w == null) {
            return true;
        }
        try {
            w.submit(() -> { }).get(timeoutMillis, TimeUnit.MILLISECONDS);
            return true;
        } catch (RejectedExecutionException | ExecutionException | TimeoutException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Writes what is queued, then stops the writer. */
    @Override
    public void close() {
        ExecutorService w;
        synchronized (writerLock) {
            closed = true;
            w = writer;
        }
        if (w == null) {
            return;
        }
        w.shutdown();
        try {
            if (!w.awaitTermination(60, TimeUnit.SECONDS)) {
                LOG.warn("local MLflow store {}: writes still queued after 60 s at close", uri);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * @param runId a run in this store
     * @return its artifact directory
     */
    Path artifactDir(String runId) {
        return runDir(runId).resolve("artifacts");
    }

    static int code(RunStatus s) {
        return switch (s) {
            case RUNNING -> 1;
            case FINISHED -> 3;
            case FAILED -> 4;
            case KILLED -> 5;
        };
    }

    private Path activeRunDir(String runId) {
        Path dir = runDir(runId);
        JsonNode meta = Yaml.read(dir.resolve("meta.yaml"));
        if (!"active".equals(meta.path("lifecycle_stage").asText("active"))) {
            throw new TrackingException("run " + runId + " in " + uri + " is deleted; it cannot be logged to");
        }
        return dir;
    }

    /**
     * @param runId a run id
     * @return its directory
     * @throws TrackingException naming the run and the store if it does not exist
     */
    Path runDir(String runId) {
        Path d = runDirs.get(runId);
        if (d != null) {
            return d;
        }
        if (!runId.matches("[A-Za-z0-9_-]+")) {
            throw new TrackingException("run id '" + runId + "': expected letters, digits, '-' or '_'");
        }
        for (Path exp : experimentDirs()) {
            Path r = exp.resolve(runId);
            if (Files.isRegularFile(r.resolve("meta.yaml"))) {
                runDirs.put(runId, r);
                return r;
            }
        }
        throw new TrackingException("run " + runId + " not found in the local MLflow store " + uri);
    }

    private List<Path> experimentDirs() {
        List<Path> out = new ArrayList<>();
        try (Stream<Path> s = Files.list(root)) {
            s.filter(p -> Files.isRegularFile(p.resolve("meta.yaml")))
                .filter(p -> !p.getFileName().toString().startsWith("."))
                .filter(p -> !p.getFileName().toString().equals("models"))
                .sorted().forEach(out::add);
        } catch (IOException e) {
            throw new TrackingException("cannot list the local MLflow store " + root + ": " + e, e);
        }
        return out;
    }

    private String requireExperiment(String id) {
        Path meta = root.resolve(id).resolve("meta.yaml");
        if (!id.matches("[0-9A-Za-z_-]+") || !Files.isRegularFile(meta)) {
            List<String> known = new ArrayList<>();
            for (Path e : experimentDirs()) {
                known.add(e.getFileName() + " (" + Yaml.read(e.resolve("meta.yaml")).path("name").asText() + ")");
            }
            throw new TrackingException("experiment id " + id + " not found in the local MLflow store " + uri
                + "; its experiments are " + known);
        }
        if (!"active".equals(Yaml.read(meta).path("lifecycle_stage").asText("active"))) {
            throw new TrackingException("experiment id " + id + " in " + uri
                + " is deleted; restore it or use another");
        }
        return id;
    }

    private String findOrCreateExperiment(String name) {
        Optional<String> id = findExperimentByName(name);
        if (id.isPresent()) {
            return id.get();
        }
        String newId = new BigInteger(1, uuidBytes()).mod(BigInteger.TEN.pow(18)).toString();
        while (newId.length() < 18) {
            newId = "1" + newId;
        }
        writeExperiment(newId, name);
        return newId;
    }

    private static byte[] uuidBytes() {
        UUID u = UUID.randomUUID();
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(16);
        b.putLong(u.getMostSignificantBits()).putLong(u.getLeastSignificantBits());
        return b.array();
    }

    /**
     * @param name an experiment name
     * @return its id, if an active or deleted experiment has it
     */
    Optional<String> findExperimentByName(String name) {
        for (Path e : experimentDirs()) {
            if (name.equals(Yaml.read(e.resolve("meta.yaml")).path("name").asText())) {
                return Optional.of(e.getFileName().toString());
            }
        }
        return Optional.empty();
    }

    private void writeExperiment(String id, String name) {
        long now = System.currentTimeMillis();
        ObjectNode meta = Yaml.object();
        meta.put("artifact_location", root.resolve(id).toUri().toString().replaceAll("/$", ""));
        meta.put("creation_time", now);
        meta.put("experiment_id", id);
        meta.put("last_update_time", now);
        meta.put("lifecycle_stage", "active");
        meta.put("name", name);
        Yaml.write(root.resolve(id).resolve("meta.yaml"), meta);
    }

    private void writeTags(Path dir, Map<String, String> tags) {
        for (Map.Entry<String, String> t : tags.entrySet()) {
            Path f = keyFile(dir.resolve("tags"), t.getKey(), "tag");
            try {
                Files.createDirectories(f.getParent());
                Files.writeString(f, Batches.cut(t.getValue() == null ? "" : t.getValue(), Batches.MAX_TAG_VALUE));
            } catch (IOException e) {
                throw new TrackingException("cannot write tag " + f + ": " + e, e);
            }
        }
    }

    /**
     * @param dir a run's params, metrics or tags directory
     * @param key a key (MLflow allows '/' in it, making subdirectories)
     * @param what "param", "metric" or "tag", for messages
     * @return its file
     */
    static Path keyFile(Path dir, String key, String what) {
        if (!KEY.matcher(key).matches() || key.contains("..") || key.startsWith("/") || key.endsWith("/")) {
            throw new TrackingException(what + " key '" + key + "': expected letters, digits, '_', '-', '.', ' ', ':'"
                + " or '/' (not at the ends, no '..')");
        }
        return dir.resolve(key);
    }
}
