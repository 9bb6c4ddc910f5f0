package dev.ember.ml.core.tracking;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.Iterator;

/**
 * The fits open on a thread, as their estimators declared them with {@link Tracking#enterFit}: an explicit
 * context, so that only the outermost fit of a run is logged on its own and the fits inside it (a pipeline's
 * stages, a cross-validation's folds) are logged with it. Nothing is read from the call stack: an estimator that
 * fits others inside its own fit opens a {@link FitScope} around them. Each open fit also keeps the times at which
 * its iterations ended ({@link Tracking#markIteration}), so that its loss points carry their own timestamps.
 */
final class FitNesting {
    private static final ThreadLocal<Deque<OpenFit>> OPEN = ThreadLocal.withInitial(ArrayDeque::new);

    private FitNesting() {
    }

    /** An open fit: its estimator and the end times of its iterations so far. */
    private static final class OpenFit {
        final String uid;
        final long openedAtMillis = System.currentTimeMillis();
        long[] times = new long[16];
        int size;

        OpenFit(String uid) {
            this.uid = uid;
        }

        void mark(long now) {
            if (size == times.length) {
                times = Arrays.copyOf(times, size * 2);
            }
            times[size++] = now;
        }
    }

    /** @return how many fits are open on this thread */
    static int depth() {
        return OPEN.get().size();
    }

    /** @param estimatorUid the uid of the estimator whose fit opens */
    static void enter(String estimatorUid) {
        OPEN.get().push(new OpenFit(estimatorUid));
    }

    /**
     * Closes the innermost open fit of this estimator (and any fit left open inside it by an exception).
     *
     * @param estimatorUid the uid of the estimator whose fit closes
     */
    static void exit(String estimatorUid) {
        Deque<OpenFit> open = OPEN.get();
        boolean found = false;
        for (OpenFit f : open) {
            if (f.uid.equals(estimatorUid)) {
                found = true;
                break;
            }
        }
        if (!found) {
            return;
        }
        while (!open.isEmpty() && !open.pop().uid.equals(estimatorUid)) {
            // drop scopes of inner fits that were never closed
        }
    }

    /**
     * Records that an iteration of the innermost open fit on this thread ended now; nothing without an open fit.
     *
     * @param nowMillis the time, milliseconds since the epoch
     */
    static void markIteration(long nowMillis) {
        OpenFit f = OPEN.get().peek();
        if (f != null) {
            f.mark(nowMillis);
        }
    }

    /**
     * @param estimatorUid an estimator whose fit is open
     * @return the end times of the iterations its innermost open fit recorded, in order (empty if none)
     */
    static long[] iterationTimes(String estimatorUid) {
        for (OpenFit f : OPEN.get()) {
            if (f.uid.equals(estimatorUid)) {
                return Arrays.copyOf(f.times, f.size);
            }
        }
        return new long[0];
    }

    /**
     * @param estimatorUid an estimator
     * @return when its innermost open fit opened, milliseconds since the epoch, or -1 if none is open
     */
    static long openedAt(String estimatorUid) {
        for (OpenFit f : OPEN.get()) {
            if (f.uid.equals(estimatorUid)) {
                return f.openedAtMillis;
            }
        }
        return -1;
    }

    /**
     * @param estimatorUid the estimator whose fit calls {@link Tracking#onFit}
     * @param originDepth the depth at which the active run was started (0 for none): fits opened before it
     *     belong to code outside the run and do not count
     * @return whether another estimator's fit is open around this one, inside the run
     */
    static boolean insideOuterFit(String estimatorUid, int originDepth) {
        Deque<OpenFit> open = OPEN.get();
        int enclosing = open.size() - originDepth;
        Iterator<OpenFit> it = open.iterator();
        if (it.hasNext() && it.next().uid.equals(estimatorUid)) {
            enclosing--;
        }
        return enclosing > 0;
    }
}
