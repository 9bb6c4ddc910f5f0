package dev.ember.ml.features.materialize;

import dev.ember.ml.core.InvalidArgumentException;
import java.time.Instant;

/**
 * A half-open data interval {@code [start, end)} of a view's schedule (the interval a run at {@code end} covers,
 * as Airflow's data intervals).
 *
 * @param start the first instant
 * @param end the instant after the last
 */
public record Interval(Instant start, Instant end) {
    /** Validates the order. */
    public Interval {
        if (!start.isBefore(end)) {
            throw new InvalidArgumentException("interval: found start " + start + " not before end " + end);
        }
    }

    /** @return the start in microseconds */
    public long startMicros() {
        return start.getEpochSecond() * 1_000_000L + start.getNano() / 1000;
    }

    /** @return the end in microseconds */
    public long endMicros() {
        return end.getEpochSecond() * 1_000_000L + end.getNano() / 1000;
    }

    @Override
    public String toString() {
        return "[" + start + ", " + end + ")";
    }
}
