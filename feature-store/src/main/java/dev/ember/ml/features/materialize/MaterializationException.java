package dev.ember.ml.features.materialize;

import dev.ember.ml.core.MlException;

/** A materialization run failed; the message names the view, the interval and the cause. */
public final class MaterializationException extends MlException {
    /**
     * @param message the view, interval and cause
     * @param cause the underlying failure
     */
    public MaterializationException(String message, Throwable cause) {
        super(message, cause);
    }
}
