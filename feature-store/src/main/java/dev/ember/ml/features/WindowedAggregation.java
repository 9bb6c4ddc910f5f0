package dev.ember.ml.features;

import dev.ember.ml.core.InvalidArgumentException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Aggregations of one input over sliding windows per entity: at time {@code t} the window is the events of the
 * same keys with event time in {@code (t - window, t]}. Each (function, window) pair is one feature named
 * {@code <name>_<function>_<window>}, e.g. {@code amount_sum_7d}.
 *
 * @param name the prefix of the feature names
 * @param input a SQL expression over the source's columns (numeric), e.g. {@code amount} or {@code price * qty}
 * @param functions the aggregations, at least one
 * @param windows the window lengths, at least one
 */
public record WindowedAggregation(String name, String input, List<Aggregation> functions, List<Duration> windows) {
    /** Validates the aggregation. */
    public WindowedAggregation {
        Names.check(name, "windowed aggregation name");
        Objects.requireNonNull(input, "aggregation '" + name + "' input");
        functions = List.copyOf(functions);
        windows = List.copyOf(windows);
        if (functions.isEmpty() || windows.isEmpty()) {
            throw new InvalidArgumentException("aggregation '" + name
                + "': found no function or no window, expected at least one of each");
        }
        if (functions.stream().distinct().count() != functions.size()
            || windows.stream().distinct().count() != windows.size()) {
            throw new InvalidArgumentException("aggregation '" + name + "': functions or windows repeat");
        }
        for (Duration w : windows) {
            if (w.isNegative() || w.isZero()) {
                throw new InvalidArgumentException("aggregation '" + name + "': window " + w
                    + " is not positive");
            }
        }
    }

    /**
     * @param input a column name (also the prefix of the feature names)
     * @param functions the aggregations
     * @param windows the windows, e.g. {@code "1h", "7d"}
     * @return the aggregation
     */
    public static WindowedAggregation of(String input, List<Aggregation> functions, String... windows) {
        List<Duration> ws = new ArrayList<>();
        for (String w : windows) {
            ws.add(Durations.parse(w, "aggregation '" + input + "' window"));
        }
        return new WindowedAggregation(input, input, functions, ws);
    }

    /**
     * @param function one of {@link #functions()}
     * @param window one of {@link #windows()}
     * @return the feature's name
     */
    public String featureName(Aggregation function, Duration window) {
        return name + "_" + function.id() + "_" + Durations.format(window);
    }

    /** @return every feature name, functions varying fastest within a window */
    public List<String> featureNames() {
        List<String> out = new ArrayList<>();
        for (Duration w : windows) {
            for (Aggregation f : functions) {
                out.add(featureName(f, w));
            }
        }
        return out;
    }
}
