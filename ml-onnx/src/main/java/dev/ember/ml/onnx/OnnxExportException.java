package dev.ember.ml.onnx;

import dev.ember.ml.core.MlException;

/** A stage, column or setting that has no ONNX equivalent, or a graph that cannot be written; names which. */
public final class OnnxExportException extends MlException {
    private static final long serialVersionUID = 1L;

    /** @param message what cannot be exported and why */
    public OnnxExportException(String message) {
        super(message);
    }

    /**
     * @param message what cannot be written
     * @param cause the I/O failure
     */
    public OnnxExportException(String message, Throwable cause) {
        super(message, cause);
    }
}
