package dev.ember.ml.bench;

import java.util.Locale;

/**
 * A metric column of a workload's table: the key contenders report it under, its header and how to print it.
 *
 * @param key the key in {@link Measurement#metrics()}
 * @param header the table header, with its unit
 * @param format a {@link String#format} pattern for one value, such as {@code %.0f}
 */
public record MetricColumn(String key, String header, String format) {

    /**
     * @param value a value, or null when the contender does not report it
     * @return the printed value, or an em dash
     */
    public String render(Double value) {
        return value == null || value.isNaN() ? "—" : String.format(Locale.ROOT, format, value);
    }
}
