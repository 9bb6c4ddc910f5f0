package dev.ember.ml.core;

/**
 * Root of Ember's own exceptions. Carries a {@link Category} so that callers (and the cluster runtime) can tell
 * a fatal condition from one worth retrying or only reporting.
 */
public class MlException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** How serious an exception is. */
    public enum Category {
        /** The process (or the fit) cannot go on. */
        FATAL,
        /** The operation failed; the caller may correct the input and try again. */
        ERROR,
        /** Something was wrong but the operation completed. */
        WARN
    }

    private final Category category;

    /**
     * @param message what went wrong, naming the thing and what was expected
     */
    public MlException(String message) {
        this(message, null, Category.ERROR);
    }

    /**
     * @param message what went wrong
     * @param cause the underlying cause
     */
    public MlException(String message, Throwable cause) {
        this(message, cause, Category.ERROR);
    }

    /**
     * @param message what went wrong
     * @param cause the underlying cause, may be null
     * @param category how serious it is
     */
    public MlException(String message, Throwable cause, Category category) {
        super(message, cause);
        this.category = category;
    }

    /**
     * For signals that end an operation without being failures (a pruned trial), which need no stack trace.
     *
     * @param message what happened
     * @param category how serious it is
     * @param writableStackTrace whether to record a stack trace
     */
    protected MlException(String message, Category category, boolean writableStackTrace) {
        super(message, null, false, writableStackTrace);
        this.category = category;
    }

    /** @return how serious this exception is */
    public Category category() {
        return category;
    }
}
