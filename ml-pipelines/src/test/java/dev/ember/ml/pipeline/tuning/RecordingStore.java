package dev.ember.ml.pipeline.tuning;

import dev.ember.ml.core.tracking.MetricPoint;
import dev.ember.ml.core.tracking.ModelArtifact;
import dev.ember.ml.core.tracking.RunInfo;
import dev.ember.ml.core.tracking.RunSpec;
import dev.ember.ml.core.tracking.RunStatus;
import dev.ember.ml.core.tracking.TrackingStore;
import dev.ember.ml.core.tracking.TrackingStoreProvider;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/** A test double of the tracking SPI (not of MLflow) for URIs {@code recording:NAME}: records runs and metrics. */
final class RecordingStore implements TrackingStore {
    static final Map<String, RecordingStore> OPENED = new ConcurrentHashMap<>();

    final String uri;
    final Map<String, RunSpec> specs = new ConcurrentHashMap<>();
    final Map<String, List<MetricPoint>> metrics = new ConcurrentHashMap<>();
    final Map<String, Map<String, String>> params = new ConcurrentHashMap<>();
    final Map<String, Map<String, String>> tags = new ConcurrentHashMap<>();

    RecordingStore(String uri) {
        this.uri = uri;
    }

    @Override
    public String uri() {
        return uri;
    }

    @Override
    public RunInfo createRun(RunSpec spec) {
        String id = UUID.randomUUID().toString().replace("-", "");
        specs.put(id, spec);
        tags.put(id, new ConcurrentHashMap<>(spec.tags()));
        return new RunInfo(id, "1", spec.runName(), uri + "/" + id, spec.startTimeMillis());
    }

    @Override
    public void logBatch(String runId, List<MetricPoint> m, Map<String, String> p, Map<String, String> t) {
        metrics.computeIfAbsent(runId, k -> new CopyOnWriteArrayList<>()).addAll(m);
        params.computeIfAbsent(runId, k -> new ConcurrentHashMap<>()).putAll(p);
        tags.computeIfAbsent(runId, k -> new ConcurrentHashMap<>()).putAll(t);
    }

    @Override
    public void logArtifact(String runId, Path local, String artifactPath) {
    }

    @Override
    public void logModel(String runId, ModelArtifact model) {
    }

    @Override
    public void endRun(String runId, RunStatus status, long endTimeMillis) {
    }

    @Override
    public void close() {
    }

    /** Opens recording stores. */
    public static final class Provider implements TrackingStoreProvider {
        @Override
        public boolean supports(String uri) {
            return uri.startsWith("recording:");
        }

        @Override
        public List<String> describeSupported() {
            return List.of("recording:NAME (tests)");
        }

        @Override
        public TrackingStore open(String uri) {
            return OPENED.computeIfAbsent(uri, RecordingStore::new);
        }
    }
}
