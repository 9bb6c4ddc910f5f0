package dev.ember.ml.pipeline.sweep;

/**
 * What a sweep optimizes: reads the trial's parameters, optionally reports intermediate values (and stops when
 * {@link Trial#shouldPrune()}), and returns the final value.
 */
@FunctionalInterface
public interface Objective {
    /**
     * @param trial the trial
     * @return the objective value; NaN marks the trial failed
     * @throws Exception any failure marks the trial failed (a {@link TrialPruned} marks it pruned)
     */
    double evaluate(Trial trial) throws Exception;
}
