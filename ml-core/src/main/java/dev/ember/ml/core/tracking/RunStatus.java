package dev.ember.ml.core.tracking;

/** The state of a run, as MLflow names it. */
public enum RunStatus {
    /** Started and not yet ended. */
    RUNNING,
    /** Ended normally. */
    FINISHED,
    /** Ended by a failure. */
    FAILED,
    /** Ended by the user or by shutdown. */
    KILLED;

    /** @return whether the run has ended */
    public boolean isTerminal() {
        return this != RUNNING;
    }
}
