package dev.ember.ml.registry.mlflow;

import dev.ember.ml.core.tracking.MetricPoint;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Splits metrics, params and tags into {@code runs/log-batch} requests within MLflow's limits: at most 1000
 * metrics, 100 params, 100 tags and 1000 items in all per request, and under 1 MB of JSON (this counts each
 * item's JSON size with a margin).
 */
final class Batches {
    /** MLflow's limits ({@code mlflow/utils/validation.py}). */
    static final int MAX_METRICS = 1000;
    static final int MAX_PARAMS = 100;
    static final int MAX_TAGS = 100;
    static final int MAX_ITEMS = 1000;
    static final int MAX_BYTES = 1_000_000;
    /** MLflow truncates longer param values and rejects longer tags: Ember cuts them. */
    static final int MAX_PARAM_VALUE = 6000;
    static final int MAX_TAG_VALUE = 8000;
    private static final int BUDGET = 900_000;
    private static final int ENVELOPE = 128;

    /** One request's worth. */
    record Batch(List<MetricPoint> metrics, Map<String, String> params, Map<String, String> tags) {
        int size() {
            return metrics.size() + params.size() + tags.size();
        }
    }

    private Batches() {
    }

    static List<Batch> split(List<MetricPoint> metrics, Map<String, String> params, Map<String, String> tags) {
        List<Batch> out = new ArrayList<>();
        Builder b = new Builder();
        for (Map.Entry<String, String> p : params.entrySet()) {
            String v = cut(p.getValue(), MAX_PARAM_VALUE);
            int bytes = bytes(p.getKey()) + bytes(v) + 32;
            if (b.params.size() >= MAX_PARAMS || !b.fits(bytes)) {
                out.add(b.build());
                b = new Builder();
            }
            b.params.put(p.getKey(), v);
            b.bytes += bytes;
        }
        for (Map.Entry<String, String> t : tags.entrySet()) {
            String v = cut(t.getValue(), MAX_TAG_VALUE);
            int bytes = bytes(t.getKey()) + bytes(v) + 32;
            if (b.tags.size() >= MAX_TAGS || !b.fits(bytes)) {
                out.add(b.build());
                b = new Builder();
            }
            b.tags.put(t.getKey(), v);
            b.bytes += bytes;
        }
        for (MetricPoint m : metrics) {
            int bytes = bytes(m.key()) + 96;
            if (b.metrics.size() >= MAX_METRICS || !b.fits(bytes)) {
                out.add(b.build());
                b = new Builder();
            }
            b.metrics.add(m);
            b.bytes += bytes;
        }
        if (b.size() > 0) {
            out.add(b.build());
        }
        return out;
    }

    static String cut(String v, int max) {
        return v != null && v.length() > max ? v.substring(0, max) : v;
    }

    private static int bytes(String s) {
        return s == null ? 4 : s.getBytes(StandardCharsets.UTF_8).length * 2;
    }

    private static final class Builder {
        final List<MetricPoint> metrics = new ArrayList<>();
        final Map<String, String> params = new LinkedHashMap<>();
        final Map<String, String> tags = new LinkedHashMap<>();
        int bytes = ENVELOPE;

        int size() {
            return metrics.size() + params.size() + tags.size();
        }

        boolean fits(int more) {
            return size() < MAX_ITEMS && bytes + more <= BUDGET || size() == 0;
        }

        Batch build() {
            return new Batch(metrics, params, tags);
        }
    }
}
