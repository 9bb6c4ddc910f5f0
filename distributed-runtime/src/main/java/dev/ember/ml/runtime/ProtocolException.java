package dev.ember.ml.runtime;

import dev.ember.ml.core.MlException;

/** A message that does not decode: a foreign schema, another version, a bad length or an unknown template. */
final class ProtocolException extends MlException {
    private static final long serialVersionUID = 1L;

    ProtocolException(String message) {
        super(message, null, Category.WARN);
    }

    ProtocolException(String message, Throwable cause) {
        super(message, cause, Category.WARN);
    }
}
