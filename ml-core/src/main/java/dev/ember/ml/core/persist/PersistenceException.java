package dev.ember.ml.core.persist;

import dev.ember.ml.core.MlException;

/** A saved stage that cannot be written or read: names the directory or file and what was expected. */
public class PersistenceException extends MlException {
    private static final long serialVersionUID = 1L;

    /** @param message what and where */
    public PersistenceException(String message) {
        super(message);
    }

    /** @param message what and where @param cause the cause */
    public PersistenceException(String message, Throwable cause) {
        super(message, cause);
    }
}
