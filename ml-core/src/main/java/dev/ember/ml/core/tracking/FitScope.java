package dev.ember.ml.core.tracking;

import dev.ember.ml.core.observe.FitTrace;

/**
 * An estimator's fit, open from {@link Tracking#enterFit} until {@link #close()}: fits made while it is open on
 * the same thread are nested in it, and {@link Tracking#onFit} logs them with the outer fit instead of on their
 * own. It also opens the fit's trace ({@link FitTrace}: ids in the log context, figures, fit metrics).
 * Use with try-with-resources around the fits an estimator makes inside its own (a pipeline's stages).
 */
public final class FitScope implements AutoCloseable {
    private final String estimatorUid;
    /** The fit on the status page, or null while no page is served. */
    private final dev.ember.ml.core.status.StatusRegistry.Fit status;
    private boolean closed;

    FitScope(String estimatorUid, String stage) {
        this.estimatorUid = estimatorUid;
        FitNesting.enter(estimatorUid);
        this.status = dev.ember.ml.core.status.StatusRegistry.fitStarted(estimatorUid);
        FitTrace.enter(estimatorUid, stage);
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
            FitTrace.exit(estimatorUid);
        }
    }
}
