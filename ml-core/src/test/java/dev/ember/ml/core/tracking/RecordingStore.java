package dev.ember.ml.core.tracking;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A test double of the tracking SPI (not of MLflow): records what {@link Tracking} sends, for URIs
 * {@code recording:NAME}. The MLflow store itself is tested against a real MLflow server in
 * model-registry-client.
 */
final class RecordingStore implements TrackingStore {
    static final Map<String, RecordingStore> OPENED = new ConcurrentHashMap<>();

    final String uri;
    final List<RunSpec> created = new CopyOnWriteArrayList<>();
    final Map<String, RunSpec> specs = new ConcurrentHashMap<>();
    final Map<String, List<MetricPoint>> metrics = new ConcurrentHashMap<>();
    final Map<String, Map<String, String>> params = new ConcurrentHashMap<>();
    final Map<String, Map<String, String>> tags = new ConcurrentHashMap<>();
    final Map<String, List<ModelArtifact>> models = new ConcurrentHashMap<>();
    final Map<String, RunStatus> ended = new ConcurrentHashMap<>();
    volatile boolean failWrites;

    RecordingStore(String uri) {
        this.uri = uri;
    }

    static RecordingStore get(String uri) {
        return OPENED.get(uri);
    }

    @Override
    public String uri() {
        return uri;
    }

    @Override
    public RunInfo createRun(RunSpec spec) {
        if ("missing".equals(spec.experimentId())) {
            throw new TrackingException("experiment id missing not found at " + uri);
        }
        String id = UUID.randomUUID().toString().replace("-", "");
        created.add(spec);
        specs.put(id, spec);
        tags.put(id, new LinkedHashMap<>(spec.tags()));
        return new RunInfo(id, "1", spec.runName(), uri + "/" + id, spec.startTimeMillis());
    }

    @Override
    public void logBatch(String runId, List<MetricPoint> m, Map<String, String> p, Map<String, String> t) {
        if (failWrites) {
            throw new TrackingException("store down: " + uri);
        }
        metrics.computeIfAbsent(runId, k -> new CopyOnWriteArrayList<>()).addAll(m);
        params.computeIfAbsent(runId, k -> new ConcurrentHashMap<>()).putAll(p);
        tags.computeIfAbsent(runId, k -> new ConcurrentHashMap<>()).putAll(t);
    }

    /** Per run: the artifact files logged, as {@code artifactPath/file}. */
    final Map<String, List<String>> artifacts = new ConcurrentHashMap<>();

    @Override
    public void logArtifact(String runId, Path local, String artifactPath) {
        List<String> files = artifacts.computeIfAbsent(runId, k -> new CopyOnWriteArrayList<>());
        String prefix = artifactPath.isEmpty() ? "" : artifactPath + "/";
        try (java.util.stream.Stream<Path> s = java.nio.file.Files.walk(local)) {
            s.filter(java.nio.file.Files::isRegularFile).sorted()
                .forEach(f -> files.add(prefix + local.relativize(f).toString().replace('\\', '/')));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Override
    public void logModel(String runId, ModelArtifact model) {
        models.computeIfAbsent(runId, k -> new CopyOnWriteArrayList<>()).add(model);
    }

    @Override
    public void endRun(String runId, RunStatus status, long endTimeMillis) {
        ended.put(runId, status);
    }

    @Override
    public void close() {
    }

    List<MetricPoint> history(String runId, String key) {
        List<MetricPoint> out = new ArrayList<>();
        for (MetricPoint p : metrics.getOrDefault(runId, List.of())) {
            if (p.key().equals(key)) {
                out.add(p);
            }
        }
        return out;
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
