package dev.ember.ml.pipeline.sweep;

import dev.ember.ml.core.InvalidArgumentException;
import java.util.Map;

/** A running trial, as its objective sees it. */
public interface Trial {
    /** @return the trial number, from 0 in suggestion order */
    int number();

    /** @return the setting: active parameters only, in declaration order */
    Map<String, Object> params();

    /**
     * @param name a parameter
     * @return its value as a double
     */
    default double getDouble(String name) {
        return ((Number) get(name)).doubleValue();
    }

    /**
     * @param name a parameter
     * @return its value as an int
     */
    default int getInt(String name) {
        return ((Number) get(name)).intValue();
    }

    /**
     * @param name a parameter
     * @return its value
     */
    default Object get(String name) {
        Object v = params().get(name);
        if (v == null) {
            throw new InvalidArgumentException("trial " + number() + " has no parameter " + name
                + " (inactive or unknown), has " + params().keySet());
        }
        return v;
    }

    /**
     * Records an intermediate value, e.g. the validation metric after {@code step} optimizer iterations.
     *
     * @param step  the step (resource used so far), increasing
     * @param value the value at that step
     */
    void report(int step, double value);

    /** @return whether the pruner would stop this trial at its last reported step */
    boolean shouldPrune();

    /**
     * Reports and throws {@link TrialPruned} when the pruner says stop.
     *
     * @param step  the step
     * @param value the value
     */
    default void reportAndPrune(int step, double value) {
        report(step, value);
        if (shouldPrune()) {
            throw new TrialPruned("pruned at step " + step);
        }
    }

    /** @return whether the sweep is being stopped (objectives with long loops may return early) */
    boolean isInterrupted();
}
