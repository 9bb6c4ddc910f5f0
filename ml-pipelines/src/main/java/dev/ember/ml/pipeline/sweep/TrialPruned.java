package dev.ember.ml.pipeline.sweep;

import dev.ember.ml.core.MlException;

/** Thrown from an objective to end its trial as {@link TrialState#PRUNED}, as Optuna's {@code TrialPruned}
 * (an {@link MlException} of category WARN, as Optuna's is an {@code OptunaError}). */
public final class TrialPruned extends MlException {
    private static final long serialVersionUID = 1L;

    /** @param message why, usually the step */
    public TrialPruned(String message) {
        super(message, Category.WARN, false);
    }
}
