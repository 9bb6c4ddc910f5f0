package dev.ember.ml.core;

/**
 * An argument or input the caller can correct: a value out of range, a column of the wrong type, labels that are
 * not class indices, a frame that does not fit a model. Ember's counterpart of {@link IllegalArgumentException}
 * (Spark raises that), rooted at {@link MlException} so that one {@code catch (MlException e)} sees every error
 * Ember raises. The message says what was found and what was expected ("found X, expected Y"), naming the stage,
 * column, file or row.
 */
public class InvalidArgumentException extends MlException {
    private static final long serialVersionUID = 1L;

    /** @param message what was found, and what was expected */
    public InvalidArgumentException(String message) {
        super(message);
    }

    /**
     * @param message what was found, and what was expected
     * @param cause the underlying cause
     */
    public InvalidArgumentException(String message, Throwable cause) {
        super(message, cause);
    }
}
