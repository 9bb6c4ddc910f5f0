package dev.ember.ml.pipeline.sweep;

import java.util.NavigableMap;

/**
 * Decides from a running trial's intermediate values whether to stop it. A pruner may keep state (ASHA's rungs),
 * fed only through these calls so that replaying a journal rebuilds it; the sweep calls both under its lock.
 */
public interface Pruner {
    /** Never prunes. */
    Pruner NONE = new Pruner() {
        @Override
        public boolean onReport(SweepHistory history, int trial, NavigableMap<Integer, Double> values, int step) {
            return false;
        }

        @Override
        public String describe() {
            return "none";
        }
    };

    /**
     * Called after a running trial reports a value.
     *
     * @param history the finished trials
     * @param trial   the trial number
     * @param values  its intermediate values so far, by step
     * @param step    the step just reported
     * @return whether the trial should stop
     */
    boolean onReport(SweepHistory history, int trial, NavigableMap<Integer, Double> values, int step);

    /**
     * Called when a trial reaches a final state, live or while replaying a journal.
     *
     * @param history the finished trials (including this one)
     * @param trial   the trial
     */
    default void onFinished(SweepHistory history, TrialRecord trial) {
    }

    /** @return the name and configuration */
    String describe();
}
