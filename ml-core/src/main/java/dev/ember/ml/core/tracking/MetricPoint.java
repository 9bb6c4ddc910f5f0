package dev.ember.ml.core.tracking;

import dev.ember.ml.core.InvalidArgumentException;
import java.util.Objects;

/**
 * One value of a metric's history.
 *
 * @param key the metric name
 * @param value the value (NaN and infinities are allowed, as in MLflow)
 * @param timestampMillis when it was measured, milliseconds since the epoch
 * @param step the step (iteration) it belongs to
 */
public record MetricPoint(String key, double value, long timestampMillis, long step) {

    /** Checks the key. */
    public MetricPoint {
        Objects.requireNonNull(key, "key");
        if (key.isEmpty()) {
            throw new InvalidArgumentException("metric key is empty, expected a name");
        }
    }
}
