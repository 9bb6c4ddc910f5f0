package dev.ember.ml.features;

import dev.ember.ml.core.InvalidArgumentException;
import java.util.Locale;

/**
 * The aggregations of a windowed feature. Null inputs are skipped (as SQL aggregates skip them); an empty window
 * gives {@code 0} for {@link #COUNT} and null for the others.
 */
public enum Aggregation {
    /** The number of non-null inputs. */
    COUNT,
    /** Their sum. */
    SUM,
    /** Their arithmetic mean. */
    MEAN,
    /** The smallest. */
    MIN,
    /** The largest. */
    MAX,
    /** The sample standard deviation (n - 1 in the denominator; null below two inputs), as SQL's stddev. */
    STDDEV,
    /** The input of the latest event (by event time, then created time, then source order). */
    LAST;

    /** @return the lower-case name used in definitions and feature names */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * @param name an aggregation's name, any case ({@code avg} is {@code mean})
     * @return the aggregation
     */
    public static Aggregation parse(String name) {
        String n = name.trim().toUpperCase(Locale.ROOT);
        if (n.equals("AVG")) {
            return MEAN;
        }
        for (Aggregation a : values()) {
            if (a.name().equals(n)) {
                return a;
            }
        }
        throw new InvalidArgumentException("aggregation: found '" + name
            + "', expected count, sum, mean, min, max, stddev or last");
    }
}
