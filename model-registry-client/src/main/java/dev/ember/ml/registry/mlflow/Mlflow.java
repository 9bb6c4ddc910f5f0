package dev.ember.ml.registry.mlflow;

import dev.ember.ml.core.PipelineStage;
import dev.ember.ml.core.tracking.Tracking;
import dev.ember.ml.core.tracking.TrackingException;
import dev.ember.ml.core.tracking.TrackingStore;
import dev.ember.ml.registry.ModelRegistry;
import dev.ember.ml.registry.ModelUri;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The entry points of the MLflow implementation: stores, registries, model loading and the spool replay. Most
 * code goes through {@link dev.ember.ml.core.tracking.Tracking} and {@link dev.ember.ml.registry.Models}
 * instead.
 */
public final class Mlflow {
    private Mlflow() {
    }

    /**
     * @param uri a tracking URI
     * @return whether it names an MLflow tracking server ({@code http://} or {@code https://})
     */
    public static boolean isRemote(String uri) {
        String u = uri.trim().toLowerCase(java.util.Locale.ROOT);
        return u.startsWith("http://") || u.startsWith("https://");
    }

    /**
     * @param uri a tracking URI
     * @return whether it names a local directory ({@code file:} or a path without a scheme)
     */
    public static boolean isLocal(String uri) {
        String u = uri.trim();
        return u.startsWith("file:") || !u.matches("^[A-Za-z][A-Za-z0-9+.-]*:.*");
    }

    /**
     * @param uri a tracking URI
     * @param settings timeouts, spool, credentials
     * @return a new store for it (prefer {@link dev.ember.ml.core.tracking.Tracking#store(String)}, which keeps one
     *     per URI)
     */
    public static TrackingStore openStore(String uri, Settings settings) {
        if (isRemote(uri)) {
            return new RestTrackingStore(uri, settings);
        }
        if (isLocal(uri)) {
            return new FileTrackingStore(uri);
        }
        throw new TrackingException("tracking URI '" + uri + "': expected http(s)://host:port for an MLflow server,"
            + " or file:///path or a path for a local store");
    }

    /**
     * @param trackingUri a tracking URI
     * @return its model registry
     */
    public static ModelRegistry registry(String trackingUri) {
        return registry(trackingUri, Settings.fromEnvironment());
    }

    /**
     * @param trackingUri a tracking URI
     * @param settings timeouts and credentials
     * @return its model registry
     */
    public static ModelRegistry registry(String trackingUri, Settings settings) {
        // read what this process wrote: the store for this URI, if open, sends or writes what it queued first
        Tracking.flush(trackingUri, settings.flushTimeoutMillis());
        if (isRemote(trackingUri)) {
            return new RestModelRegistry(trackingUri, settings);
        }
        if (isLocal(trackingUri)) {
            return new FileModelRegistry(new FileTrackingStore(trackingUri));
        }
        throw new TrackingException("tracking URI '" + trackingUri + "': expected http(s)://host:port for an MLflow"
            + " server, or file:///path or a path for a local store");
    }

    /**
     * Loads the Ember model of an MLflow model directory named by a model URI.
     *
     * @param modelUri {@code runs:/...}, {@code models:/...}, an artifact location or a local directory
     * @param trackingUri where {@code runs:/} and {@code models:/} URIs are looked up
     * @return the stage
     */
    public static PipelineStage load(String modelUri, String trackingUri) {
        ModelUri u = ModelUri.parse(modelUri);
        if (u.kind() == ModelUri.Kind.LOCATION && !u.path().contains(":/")) {
            Path dir = Path.of(u.path());
            if (Files.isDirectory(dir)) {
                return MlflowModelFormat.load(dir, modelUri);
            }
        }
        Path tmp;
        try {
            tmp = Files.createTempDirectory("ember-model-");
        } catch (IOException e) {
            throw new TrackingException("cannot create a temporary directory to download " + modelUri + ": " + e, e);
        }
        try {
            Path dir = tmp.resolve("model");
            registry(trackingUri).download(modelUri, dir);
            return MlflowModelFormat.load(dir, modelUri);
        } finally {
            Artifacts.deleteTree(tmp);
        }
    }

    /** What a replay did. */
    public record ReplayResult(Map<String, Integer> sentByUri, List<String> left, Path spoolDir) {
        /** @return how many runs were sent in all */
        public int sent() {
            return sentByUri.values().stream().mapToInt(Integer::intValue).sum();
        }
    }

    /**
     * Sends the spooled runs to their servers.
     *
     * @param trackingUri only the runs of this server, or null for every server in the spool
     * @param settings the spool directory, timeouts and credentials
     * @param timeoutMillis how long to wait for each server
     * @return what was sent and what is left (for a server still unreachable)
     */
    public static ReplayResult replay(String trackingUri, Settings settings, long timeoutMillis) {
        Spool spool = new Spool(settings.spoolDir());
        Set<String> uris = new LinkedHashSet<>();
        for (Path f : spool.files()) {
            try {
                uris.add(RestClientUris.normalize(spool.read(f).trackingUri));
            } catch (TrackingException e) {
                // unreadable files are reported by the store that skips them
            }
        }
        if (trackingUri != null) {
            String want = RestClientUris.normalize(trackingUri);
            uris.removeIf(u -> !u.equals(want));
        }
        Map<String, Integer> sent = new LinkedHashMap<>();
        List<String> left = new ArrayList<>();
        for (String u : uris) {
            RestTrackingStore store = new RestTrackingStore(u, settings);
            try {
                List<String> notSent = store.replaySpool(timeoutMillis);
                sent.put(u, store.sentRuns());
                notSent.forEach(id -> left.add(u + " " + id));
            } finally {
                store.close();
            }
        }
        return new ReplayResult(sent, left, settings.spoolDir());
    }

    /**
     * @param settings the spool directory
     * @return the spooled runs, as "tracking-uri run-id (pending items)"
     */
    public static List<String> spooled(Settings settings) {
        Spool spool = new Spool(settings.spoolDir());
        List<String> out = new ArrayList<>();
        for (Path f : spool.files()) {
            try {
                PendingRun r = spool.read(f);
                out.add(r.trackingUri + " " + (r.serverId != null ? r.serverId : r.localId) + " (" + r.pendingItems()
                    + " pending)");
            } catch (TrackingException e) {
                out.add(f + " (unreadable: " + e.getMessage() + ")");
            }
        }
        return out;
    }

    /** Normalizes server URIs for comparison. */
    static final class RestClientUris {
        private RestClientUris() {
        }

        static String normalize(String uri) {
            return RestClient.stripTrailingSlash(uri);
        }
    }
}
