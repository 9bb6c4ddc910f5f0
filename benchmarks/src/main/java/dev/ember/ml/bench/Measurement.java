package dev.ember.ml.bench;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What one timed repetition of a {@link Contender} measured: the wall-clock seconds of its timed section and named
 * metrics (memory held, quality of a fitted model, ...), keyed as in {@link Workload#metrics()}.
 *
 * @param seconds wall-clock seconds of the timed section, from {@link System#nanoTime()}
 * @param metrics metric values by key; a key a contender does not report is absent
 */
public record Measurement(double seconds, Map<String, Double> metrics) {

    /** Copies the metrics. */
    public Measurement {
        Objects.requireNonNull(metrics, "metrics");
        metrics = Map.copyOf(metrics);
    }

    /**
     * @param startNanos {@link System#nanoTime()} at the start of the timed section
     * @param endNanos {@link System#nanoTime()} at its end
     * @return a builder of a measurement of that duration
     */
    public static Builder timed(long startNanos, long endNanos) {
        return new Builder((endNanos - startNanos) / 1e9);
    }

    /** Collects metrics. */
    public static final class Builder {
        private final double seconds;
        private final Map<String, Double> metrics = new LinkedHashMap<>();

        private Builder(double seconds) {
            this.seconds = seconds;
        }

        /**
         * @param key a metric key of the workload
         * @param value its value
         * @return this
         */
        public Builder metric(String key, double value) {
            metrics.put(key, value);
            return this;
        }

        /** @return the measurement */
        public Measurement build() {
            return new Measurement(seconds, metrics);
        }
    }
}
