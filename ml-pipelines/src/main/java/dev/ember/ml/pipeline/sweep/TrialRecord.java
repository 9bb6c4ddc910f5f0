package dev.ember.ml.pipeline.sweep;

import java.util.Collections;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * A finished (or running) trial as recorded in the history and the journal.
 *
 * @param number        the trial number
 * @param params        the setting
 * @param state         the state
 * @param value         the final value (COMPLETE), the last reported value (PRUNED), else NaN
 * @param intermediates reported values by step
 * @param error         the failure message (FAILED), else null
 * @param startMillis   wall-clock start
 * @param endMillis     wall-clock end, 0 while running
 */
public record TrialRecord(int number, Map<String, Object> params, TrialState state, double value,
                          NavigableMap<Integer, Double> intermediates, String error, long startMillis,
                          long endMillis) {
    /** Copies the collections. */
    public TrialRecord {
        params = Collections.unmodifiableMap(new java.util.LinkedHashMap<>(params));
        intermediates = Collections.unmodifiableNavigableMap(new TreeMap<>(intermediates));
    }

    /** @return the last step reported, or -1 */
    public int lastStep() {
        return intermediates.isEmpty() ? -1 : intermediates.lastKey();
    }

    /** @return the duration in milliseconds (0 while running) */
    public long durationMillis() {
        return endMillis == 0 ? 0 : endMillis - startMillis;
    }
}
