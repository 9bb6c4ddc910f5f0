package dev.ember.ml.core.param;

import java.util.Objects;

/**
 * One entry of a {@link ParamMap}: a param, its value and the stage it is meant for.
 *
 * @param stageUid the uid of the stage the value is for, or null for a stage-local value (the value set on the
 *     stage that holds the map, or, in a per-call map, a value for every stage that declares {@code param})
 * @param param the param
 * @param value its validated value
 * @param <T> the value type
 */
public record ParamPair<T>(String stageUid, Param<T> param, T value) {

    /** Checks for nulls. */
    public ParamPair {
        Objects.requireNonNull(param, "param");
        Objects.requireNonNull(value, "value");
    }

    /** @return whether the entry names a stage uid */
    public boolean isBound() {
        return stageUid != null;
    }
}
