package dev.ember.ml.core.tracking;

/**
 * An estimator's fit, open from {@link Tracking#enterFit} until {@link #close()}: fits made while it is open on
 * the same thread are nested in it, and {@link Tracking#onFit} logs them with the outer fit instead of on their
 * own. Use with try-with-resources around the fits an estimator makes inside its own (a pipeline's stages).
 */
public final class FitScope implements AutoCloseable {
    private final String estimatorUid;
    /** The fit on the status page, or null while no page is served. */
    private final dev.ember.ml.core.status.StatusRegistry.Fit status;
    private boolean closed;

    FitScope(String estimatorUid) {
        this.estimatorUid = estimatorUid;
        FitNesting.enter(estimatorUid);
        this.status = dev.ember.ml.core.status.StatusRegistry.fitStarted(estimatorUid);
    }

    /** @return the uid of the estimator whose fit this is */
    public String estimatorUid() {
        return estimatorUid;
    }

    /** Closes the fit (idempotent). */
    @Override
    public void close() {
        if (!closed) {
            closed = true;
            FitNesting.exit(estimatorUid);
            if (status != null) {
                status.end();
            }
        }
    }
}
