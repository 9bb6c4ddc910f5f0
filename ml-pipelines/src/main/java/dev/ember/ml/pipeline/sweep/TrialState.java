package dev.ember.ml.pipeline.sweep;

/** Where a trial stands. */
public enum TrialState {
    /** Started, not finished. */
    RUNNING,
    /** Finished with a value. */
    COMPLETE,
    /** Stopped early by the pruner; its value is its last reported one. */
    PRUNED,
    /** The objective threw or returned NaN. */
    FAILED,
    /** Stopped by Ctrl-C or a stop request; re-run on resume. */
    INTERRUPTED;

    /** @return whether the trial will not run again */
    public boolean isFinal() {
        return this == COMPLETE || this == PRUNED || this == FAILED;
    }
}
