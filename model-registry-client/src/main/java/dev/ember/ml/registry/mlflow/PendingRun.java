package dev.ember.ml.registry.mlflow;

import dev.ember.ml.core.InvalidArgumentException;
import dev.ember.ml.core.InvalidStateException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ember.ml.core.tracking.MetricPoint;
import dev.ember.ml.core.tracking.ModelArtifact;
import dev.ember.ml.core.tracking.RunSpec;
import dev.ember.ml.core.tracking.RunStatus;

import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A run's writes that the server has not acknowledged yet, in order: create (for a run started while the server
 * was unreachable), data (metrics, params, tags; consecutive writes merge), input (a dataset), upload (a staged
 * file or model directory, a model with its LoggedModel), end. The same queue is kept in memory and, once spooled, in a JSON file, so a spooled run is
 * replayed by the same code.
 */
final class PendingRun {
    private static final ObjectMapper JSON = new ObjectMapper();

    final String localId;
    final String trackingUri;
    final long createdAt;
    volatile String serverId;
    volatile String experimentId;
    volatile String artifactUri;
    final Deque<Op> ops = new ArrayDeque<>();
    /** The op being sent (not merged into while in flight). */
    Op inFlight;
    boolean ended;
    /** The spool file once spooled, else null. */
    Path spoolFile;
    /** The spool file's lock, held while this process owns the run. */
    FileLock lock;
    /** Whether the provisional id was handed out (then the run is tagged with it when created). */
    volatile boolean localIdShown;

    PendingRun(String localId, String trackingUri, long createdAt) {
        this.localId = localId;
        this.trackingUri = trackingUri;
        this.createdAt = createdAt;
    }

    /** A write. */
    sealed interface Op permits Create, Data, Input, Upload, End {
        ObjectNode toJson();
    }

    /** Create the run on the server (the run was started while the server was unreachable). */
    record Create(RunSpec spec) implements Op {
        @Override
        public ObjectNode toJson() {
            ObjectNode o = JSON.createObjectNode().put("op", "create");
            o.put("experimentName", spec.experimentName());
            o.put("experimentId", spec.experimentId());
            o.put("runName", spec.runName());
            o.put("parentRunId", spec.parentRunId());
            o.put("startTime", spec.startTimeMillis());
            o.set("tags", JSON.valueToTree(spec.tags()));
            return o;
        }
    }

    /** Metrics, params and tags; merged with the next data write while it waits. */
    static final class Data implements Op {
        final List<MetricPoint> metrics = new ArrayList<>();
        final Map<String, String> params = new LinkedHashMap<>();
        final Map<String, String> tags = new LinkedHashMap<>();

        void add(List<MetricPoint> m, Map<String, String> p, Map<String, String> t) {
            metrics.addAll(m);
            params.putAll(p);
            tags.putAll(t);
        }

        int size() {
            return metrics.size() + params.size() + tags.size();
        }

        /** Removes what a sent batch held. */
        void remove(Batches.Batch sent) {
            Iterator<MetricPoint> it = metrics.iterator();
            for (int i = 0; i < sent.metrics().size() && it.hasNext(); i++) {
                it.next();
                it.remove();
            }
            sent.params().keySet().forEach(params::remove);
            sent.tags().keySet().forEach(tags::remove);
        }

        @Override
        public ObjectNode toJson() {
            ObjectNode o = JSON.createObjectNode().put("op", "data");
            ArrayNode ms = o.putArray("metrics");
            for (MetricPoint m : metrics) {
                ArrayNode a = ms.addArray();
                a.add(m.key());
                if (Double.isFinite(m.value())) {
                    a.add(m.value());
                } else {
                    a.add(Double.toString(m.value()));
                }
                a.add(m.timestampMillis()).add(m.step());
            }
            o.set("params", JSON.valueToTree(params));
            o.set("tags", JSON.valueToTree(tags));
            return o;
        }
    }

    /** A dataset input of the run ({@code runs/log-inputs}): MLflow's DatasetInput as JSON. */
    record Input(ObjectNode datasetInput) implements Op {
        @Override
        public ObjectNode toJson() {
            ObjectNode o = JSON.createObjectNode().put("op", "input");
            o.set("datasetInput", datasetInput);
            return o;
        }
    }

    /**
     * Upload a staged file or directory. A model is staged (saved as an MLflow model directory) by the sender, off
     * the fit's thread, or when the run is spooled.
     */
    static final class Upload implements Op {
        /** The staged copy (deleted once uploaded), or null while the model is not staged yet. */
        volatile String staged;
        /** The destination directory under the run's artifacts. */
        final String artifactPath;
        /** Whether it is a model directory (its {@code MLmodel} gets the run id before the upload). */
        final boolean model;
        /** The model to stage, until it is staged. */
        volatile ModelArtifact artifact;
        /** For a model: the MLflow 3 LoggedModel created for it (kept so a retry does not create another). */
        volatile String modelId;
        /** For a model: where its LoggedModel's artifacts go. */
        volatile String modelLocation;

        Upload(String staged, String artifactPath, boolean model) {
            this.staged = staged;
            this.artifactPath = artifactPath;
            this.model = model;
        }

        Upload(ModelArtifact artifact) {
            this(null, artifact.artifactPath(), true);
            this.artifact = artifact;
        }

        String artifactPath() {
            return artifactPath;
        }

        @Override
        public ObjectNode toJson() {
            if (staged == null) {
                throw new InvalidStateException("model " + artifactPath + " is not staged");
            }
            return JSON.createObjectNode().put("op", "upload").put("staged", staged).put("artifactPath", artifactPath)
                .put("model", model).put("modelId", modelId).put("modelLocation", modelLocation);
        }
    }

    /** End the run. */
    record End(RunStatus status, long endTime) implements Op {
        @Override
        public ObjectNode toJson() {
            return JSON.createObjectNode().put("op", "end").put("status", status.name()).put("endTime", endTime);
        }
    }

    /** @return the queue as JSON, the spool file's content */
    synchronized ObjectNode toJson(Op alsoFirst) {
        ObjectNode o = JSON.createObjectNode();
        o.put("format", "ember-mlflow-spool");
        o.put("formatVersion", 1);
        o.put("trackingUri", trackingUri);
        o.put("localRunId", localId);
        o.put("serverRunId", serverId);
        o.put("experimentId", experimentId);
        o.put("artifactUri", artifactUri);
        o.put("createdAt", createdAt);
        ArrayNode arr = o.putArray("ops");
        if (alsoFirst != null && !ops.contains(alsoFirst)) {
            arr.add(alsoFirst.toJson());
        }
        for (Op op : ops) {
            arr.add(op.toJson());
        }
        return o;
    }

    /**
     * @param o a spool file's content
     * @return the run
     */
    static PendingRun fromJson(JsonNode o) {
        PendingRun r = new PendingRun(o.path("localRunId").asText(), o.path("trackingUri").asText(),
            o.path("createdAt").asLong());
        r.serverId = o.path("serverRunId").isNull() ? null : o.path("serverRunId").asText(null);
        r.experimentId = o.path("experimentId").isNull() ? null : o.path("experimentId").asText(null);
        r.artifactUri = o.path("artifactUri").isNull() ? null : o.path("artifactUri").asText(null);
        for (JsonNode op : o.path("ops")) {
            switch (op.path("op").asText()) {
                case "create" -> {
                    Map<String, String> tags = new LinkedHashMap<>();
                    op.path("tags").fields().forEachRemaining(e -> tags.put(e.getKey(), e.getValue().asText()));
                    r.ops.add(new Create(new RunSpec(text(op, "experimentName"), text(op, "experimentId"),
                        text(op, "runName"), text(op, "parentRunId"), tags, op.path("startTime").asLong())));
                }
                case "data" -> {
                    Data d = new Data();
                    for (JsonNode m : op.path("metrics")) {
                        JsonNode v = m.get(1);
                        double value = v.isNumber() ? v.asDouble() : Double.parseDouble(v.asText());
                        d.metrics.add(new MetricPoint(m.get(0).asText(), value, m.get(2).asLong(), m.get(3).asLong()));
                    }
                    op.path("params").fields().forEachRemaining(e -> d.params.put(e.getKey(), e.getValue().asText()));
                    op.path("tags").fields().forEachRemaining(e -> d.tags.put(e.getKey(), e.getValue().asText()));
                    r.ops.add(d);
                }
                case "upload" -> {
                    Upload u = new Upload(op.path("staged").asText(), op.path("artifactPath").asText(),
                        op.path("model").asBoolean());
                    u.modelId = text(op, "modelId");
                    u.modelLocation = text(op, "modelLocation");
                    r.ops.add(u);
                }
                case "input" -> r.ops.add(new Input((ObjectNode) op.path("datasetInput")));
                case "end" -> {
                    r.ops.add(new End(RunStatus.valueOf(op.path("status").asText()), op.path("endTime").asLong()));
                    r.ended = true;
                }
                default -> throw new InvalidArgumentException("unknown spooled op " + op);
            }
        }
        return r;
    }

    private static String text(JsonNode o, String key) {
        JsonNode v = o.get(key);
        return v == null || v.isNull() ? null : v.asText();
    }

    /** @return how many metrics, params, tags and files are waiting */
    synchronized int pendingItems() {
        int n = 0;
        for (Op op : ops) {
            n += op instanceof Data d ? d.size() : 1;
        }
        return n;
    }
}
