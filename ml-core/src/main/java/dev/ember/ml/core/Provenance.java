package dev.ember.ml.core;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ember.ml.core.data.Frame;

import java.time.Instant;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How a model was made: the estimator and its params, a fingerprint of the training frame, the seed, the
 * Ember, Java and OS versions, when it started and how long it took, and the training metrics. These map onto
 * MLflow params and tags.
 *
 * @param estimatorClass the estimator's class name
 * @param estimatorUid the estimator's uid
 * @param params every param value of the fit (defaults included), as JSON
 * @param data the training frame's fingerprint
 * @param seed the seed, or null if the fit is not random
 * @param emberVersion Ember's version
 * @param javaVersion the JVM's version and vendor
 * @param os the operating system's name, version and architecture
 * @param startedAt when the fit started
 * @param wallTimeMillis how long it took
 * @param metrics final training metrics by name
 */
public record Provenance(String estimatorClass, String estimatorUid, ObjectNode params, DataFingerprint data,
                         Long seed, String emberVersion, String javaVersion, String os, Instant startedAt,
                         long wallTimeMillis, Map<String, Double> metrics) {

    /** Copies the mutable parts. */
    public Provenance {
        params = params.deepCopy();
        metrics = Collections.unmodifiableMap(new LinkedHashMap<>(metrics));
    }

    /**
     * Starts recording a fit: fingerprints the frame now and notes the time.
     *
     * @param estimator the estimator being fitted
     * @param frame the training frame
     * @param seed the seed, or null
     * @return the recorder; call {@link Recorder#finish()} when the fit is done
     */
    public static Recorder begin(Estimator<?> estimator, Frame frame, Long seed) {
        return new Recorder(estimator, DataFingerprint.of(frame), seed);
    }

    /**
     * Starts recording a fit whose training frame was already fingerprinted (by a shared statistics pass).
     *
     * @param estimator the estimator being fitted
     * @param data the training frame's fingerprint
     * @param seed the seed, or null
     * @return the recorder; call {@link Recorder#finish()} when the fit is done
     */
    public static Recorder begin(Estimator<?> estimator, DataFingerprint data, Long seed) {
        return new Recorder(estimator, java.util.Objects.requireNonNull(data, "data"), seed);
    }

    /** @return the JSON form, as persisted with the model */
    public ObjectNode toJson() {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("estimatorClass", estimatorClass);
        o.put("estimatorUid", estimatorUid);
        o.set("params", params.deepCopy());
        o.set("data", data.toJson());
        if (seed == null) {
            o.putNull("seed");
        } else {
            o.put("seed", seed);
        }
        o.put("emberVersion", emberVersion);
        o.put("javaVersion", javaVersion);
        o.put("os", os);
        o.put("startedAt", startedAt.toString());
        o.put("wallTimeMillis", wallTimeMillis);
        ObjectNode m = o.putObject("metrics");
        metrics.forEach(m::put);
        return o;
    }

    /**
     * @param node the JSON form
     * @return the provenance
     */
    public static Provenance fromJson(JsonNode node) {
        Map<String, Double> metrics = new LinkedHashMap<>();
        Iterator<Map.Entry<String, JsonNode>> it = node.path("metrics").fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            metrics.put(e.getKey(), e.getValue().asDouble());
        }
        JsonNode params = node.path("params");
        return new Provenance(node.path("estimatorClass").asText(), node.path("estimatorUid").asText(),
            params.isObject() ? (ObjectNode) params : JsonNodeFactory.instance.objectNode(),
            DataFingerprint.fromJson(node.path("data")),
            node.path("seed").isNull() || node.path("seed").isMissingNode() ? null : node.path("seed").asLong(),
            node.path("emberVersion").asText(), node.path("javaVersion").asText(), node.path("os").asText(),
            Instant.parse(node.path("startedAt").asText()), node.path("wallTimeMillis").asLong(), metrics);
    }

    /** Records a fit in progress. */
    public static final class Recorder {
        private final Estimator<?> estimator;
        private final DataFingerprint data;
        private final Long seed;
        private final Instant startedAt = Instant.now();
        private final long startNanos = System.nanoTime();
        private final Map<String, Double> metrics = new LinkedHashMap<>();

        private Recorder(Estimator<?> estimator, DataFingerprint data, Long seed) {
            this.estimator = estimator;
            this.seed = seed;
            this.data = data;
        }

        /** @return the training frame's fingerprint */
        public DataFingerprint data() {
            return data;
        }

        /**
         * @param name a metric name
         * @param value its final value
         * @return this
         */
        public Recorder metric(String name, double value) {
            metrics.put(name, value);
            return this;
        }

        /** @return the provenance, with the wall time up to now */
        public Provenance finish() {
            long wall = (System.nanoTime() - startNanos) / 1_000_000;
            return new Provenance(estimator.getClass().getName(), estimator.uid(),
                estimator.extractParamMap().toJson(), data, seed, EmberVersion.get(),
                System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ")",
                System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                    + System.getProperty("os.arch"), startedAt, wall, metrics);
        }
    }
}
