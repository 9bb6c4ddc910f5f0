package dev.ember.ml.pipeline.sweep;

import java.util.Map;

/**
 * Observes a sweep: tracking (MLflow child runs), progress bars, logs. Called from trial threads outside the
 * sweep's lock; implementations must be thread-safe and should not throw (a throwing listener is logged and
 * ignored, it never fails a trial).
 */
public interface SweepListener {
    /**
     * @param name    the sweep name
     * @param resumed how many finished trials the journal already held
     */
    default void onSweepStarted(String name, int resumed) {
    }

    /**
     * @param number the trial
     * @param params its setting
     */
    default void onTrialStarted(int number, Map<String, Object> params) {
    }

    /**
     * @param number the trial
     * @param step   the step
     * @param value  the intermediate value
     */
    default void onReport(int number, int step, double value) {
    }

    /**
     * @param trial the trial, in its end state (INTERRUPTED included)
     * @param best  the best complete trial so far, or null
     */
    default void onTrialFinished(TrialRecord trial, TrialRecord best) {
    }

    /** @param result the outcome */
    default void onSweepFinished(SweepResult result) {
    }
}
