package dev.ember.ml.registry;

import dev.ember.ml.core.tracking.TrackingException;

/**
 * A registry or tracking-server request that failed: names the URI and, when a server answered, its HTTP status,
 * MLflow error code and message.
 */
public class RegistryException extends TrackingException {
    private static final long serialVersionUID = 1L;
    private final int status;
    private final String errorCode;

    /** @param message what failed and where */
    public RegistryException(String message) {
        this(message, 0, null, null);
    }

    /**
     * @param message what failed and where
     * @param cause the underlying cause
     */
    public RegistryException(String message, Throwable cause) {
        this(message, 0, null, cause);
    }

    /**
     * @param message what failed, where, and the server's message
     * @param status the HTTP status, or 0 if no server answered
     * @param errorCode MLflow's error code (such as {@code RESOURCE_DOES_NOT_EXIST}), or null
     * @param cause the underlying cause, or null
     */
    public RegistryException(String message, int status, String errorCode, Throwable cause) {
        super(message, cause);
        this.status = status;
        this.errorCode = errorCode;
    }

    /** @return the HTTP status the server answered, or 0 if none answered */
    public int status() {
        return status;
    }

    /** @return MLflow's error code, or null */
    public String errorCode() {
        return errorCode;
    }

    /**
     * @return whether no server answered: the connection failed or the request timed out (status 0 with an I/O
     *     cause), as opposed to a server that answered with an error
     */
    public boolean isUnreachable() {
        if (status != 0) {
            return false;
        }
        for (Throwable c = getCause(); c != null; c = c.getCause()) {
            if (c instanceof java.io.IOException || c instanceof java.util.concurrent.TimeoutException) {
                return true;
            }
        }
        return false;
    }

    /** @return whether the server said the thing does not exist */
    public boolean isNotFound() {
        return status == 404 || "RESOURCE_DOES_NOT_EXIST".equals(errorCode);
    }
}
