package dev.ember.ml.core;

/**
 * A call the object cannot answer in its present state: a binomial accessor on a multinomial model, a closed
 * runtime, a run that has ended. Ember's counterpart of {@link IllegalStateException}, rooted at
 * {@link MlException}; the message says which state it is in and what to call instead.
 */
public class InvalidStateException extends MlException {
    private static final long serialVersionUID = 1L;

    /** @param message the state, and what to do instead */
    public InvalidStateException(String message) {
        super(message);
    }

    /**
     * @param message the state, and what to do instead
     * @param cause the underlying cause
     */
    public InvalidStateException(String message, Throwable cause) {
        super(message, cause);
    }
}
