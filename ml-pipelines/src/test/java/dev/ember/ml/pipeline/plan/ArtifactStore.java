package dev.ember.ml.pipeline.plan;

import dev.ember.ml.core.tracking.MetricPoint;
import dev.ember.ml.core.tracking.ModelArtifact;
import dev.ember.ml.core.tracking.RunInfo;
import dev.ember.ml.core.tracking.RunSpec;
import dev.ember.ml.core.tracking.RunStatus;
import dev.ember.ml.core.tracking.TrackingStore;
import dev.ember.ml.core.tracking.TrackingStoreProvider;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/** A test tracking store ({@code plan-artifacts:...} URIs) that keeps the text of every artifact logged. */
final class ArtifactStore implements TrackingStore {
    static final Map<String, ArtifactStore> OPENED = new ConcurrentHashMap<>();

    final String uri;
    /** Artifact text by "runId/artifactPath/fileName". */
    final Map<String, String> artifacts = new ConcurrentHashMap<>();

    ArtifactStore(String uri) {
        this.uri = uri;
    }

    @Override
    public String uri() {
        return uri;
    }

    @Override
    public RunInfo createRun(RunSpec spec) {
        String id = UUID.randomUUID().toString().replace("-", "");
        return new RunInfo(id, "1", spec.runName(), uri + "/" + id, spec.startTimeMillis());
    }

    @Override
    public void logBatch(String runId, List<MetricPoint> metrics, Map<String, String> params,
                         Map<String, String> tags) {
    }

    @Override
    public void logArtifact(String runId, Path local, String artifactPath) {
        try {
            artifacts.put(runId + "/" + artifactPath + "/" + local.getFileName(),
                Files.readString(local, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
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

    /** Opens {@code plan-artifacts:} URIs. */
    public static final class Provider implements TrackingStoreProvider {
        @Override
        public boolean supports(String uri) {
            return uri.startsWith("plan-artifacts:");
        }

        @Override
        public List<String> describeSupported() {
            return List.of("plan-artifacts:<name> (plan tests)");
        }

        @Override
        public TrackingStore open(String uri) {
            return OPENED.computeIfAbsent(uri, ArtifactStore::new);
        }
    }
}
