package dev.ember.ml.core.tracking;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;

/**
 * The fits open on a thread, as their estimators declared them with {@link Tracking#enterFit}: an explicit
 * context, so that only the outermost fit of a run is logged on its own and the fits inside it (a pipeline's
 * stages, a cross-validation's folds) are logged with it. Nothing is read from the call stack: an estimator that
 * fits others inside its own fit opens a {@link FitScope} around them.
 */
final class FitNesting {
    private static final ThreadLocal<Deque<String>> OPEN = ThreadLocal.withInitial(ArrayDeque::new);

    private FitNesting() {
    }

    /** @return how many fits are open on this thread */
    static int depth() {
        return OPEN.get().size();
    }

    /** @param estimatorUid the uid of the estimator whose fit opens */
    static void enter(String estimatorUid) {
        OPEN.get().push(estimatorUid);
    }

    /**
     * Closes the innermost open fit of this estimator (and any fit left open inside it by an exception).
     *
     * @param estimatorUid the uid of the estimator whose fit closes
     */
    static void exit(String estimatorUid) {
        Deque<String> open = OPEN.get();
        if (!open.contains(estimatorUid)) {
            return;
        }
        while (!open.isEmpty() && !open.pop().equals(estimatorUid)) {
            // drop scopes of inner fits that were never closed
        }
    }

    /**
     * @param estimatorUid the estimator whose fit calls {@link Tracking#onFit}
     * @param originDepth the depth at which the active run was started (0 for none): fits opened before it
     *     belong to code outside the run and do not count
     * @return whether another estimator's fit is open around this one, inside the run
     */
    static boolean insideOuterFit(String estimatorUid, int originDepth) {
        Deque<String> open = OPEN.get();
        int enclosing = open.size() - originDepth;
        Iterator<String> it = open.iterator();
        if (it.hasNext() && it.next().equals(estimatorUid)) {
            enclosing--;
        }
        return enclosing > 0;
    }
}
