package dev.ember.ml.core.tracking;

import dev.ember.ml.core.MlException;

/**
 * A tracking or registry operation that cannot be done: names the tracking URI (or model URI) and, for a
 * server, its status and message.
 */
public class TrackingException extends MlException {
    private static final long serialVersionUID = 1L;

    /** @param message what failed, where, and what was expected */
    public TrackingException(String message) {
        super(message);
    }

    /**
     * @param message what failed and where
     * @param cause the underlying cause
     */
    public TrackingException(String message, Throwable cause) {
        super(message, cause);
    }
}
