package dev.ember.ml.pipeline.sweep;

/** Thrown from an objective to end its trial as {@link TrialState#PRUNED}, as Optuna's {@code TrialPruned}. */
public final class TrialPruned extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** @param message why, usually the step */
    public TrialPruned(String message) {
        super(message, null, false, false);
    }
}
