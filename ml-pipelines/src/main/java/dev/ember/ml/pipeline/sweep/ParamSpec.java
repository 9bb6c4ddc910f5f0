package dev.ember.ml.pipeline.sweep;

import dev.ember.ml.core.InvalidArgumentException;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One searched parameter.
 *
 * @param name         its name; pipelines use {@code stage.param}
 * @param distribution its distribution
 * @param parent       the parameter it depends on, or null when it always exists
 * @param parentValues the parent's values for which this parameter exists (empty when {@code parent} is null)
 */
public record ParamSpec(String name, Distribution distribution, String parent, List<Object> parentValues) {

    /** Validates and copies. */
    public ParamSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(distribution, "distribution");
        parentValues = parentValues == null ? List.of() : List.copyOf(parentValues);
        if (parent != null && parentValues.isEmpty()) {
            throw new InvalidArgumentException(name + ": condition on " + parent + " found no values, expected some");
        }
    }

    /**
     * @param values the values chosen so far for this trial
     * @return whether this parameter exists given them
     */
    public boolean isActive(Map<String, Object> values) {
        if (parent == null) {
            return true;
        }
        Object p = values.get(parent);
        if (p == null) {
            return false;
        }
        for (Object v : parentValues) {
            if (Objects.equals(v, p) || (v instanceof Number a && p instanceof Number b
                && Double.compare(a.doubleValue(), b.doubleValue()) == 0)) {
                return true;
            }
        }
        return false;
    }
}
