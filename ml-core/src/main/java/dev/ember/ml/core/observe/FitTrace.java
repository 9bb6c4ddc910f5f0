package dev.ember.ml.core.observe;

import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.Timer;
import org.slf4j.MDC;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The outermost fit open on a thread: its ids, its figures ({@link FitStats}) and the stages open inside it.
 * Opened and closed by the tracking layer's fit scope ({@code Tracking.enterFit}) through {@link #enter} and
 * {@link #exit}: the first fit on a thread gets a new fit id (and the thread's trace id, else a new one), fits
 * nested in it (a pipeline's stages, a cross-validation's folds) share them and only change the {@code stage} in
 * the log context. Every fit, nested or not, is counted and timed ({@link MetricNames#FITS}).
 */
public final class FitTrace {
    private static final ThreadLocal<FitTrace> CURRENT = new ThreadLocal<>();

    private final String fitId;
    private final String traceId;
    private final FitStats stats = new FitStats();
    private final long startNs = System.nanoTime();
    private final AtomicInteger rounds = new AtomicInteger();
    private final Deque<Open> open = new ArrayDeque<>();

    /** A fit open inside this trace. */
    private static final class Open {
        final String uid;
        final String stage;
        final long startNs = System.nanoTime();
        boolean succeeded;

        Open(String uid, String stage) {
            this.uid = uid;
            this.stage = stage;
        }
    }

    private FitTrace(String fitId, String traceId) {
        this.fitId = fitId;
        this.traceId = traceId;
    }

    /** @return the fit open on this thread, or null */
    public static FitTrace current() {
        return CURRENT.get();
    }

    /**
     * A fit starts on this thread.
     *
     * @param estimatorUid the estimator's uid
     * @param stage its simple class name
     */
    public static void enter(String estimatorUid, String stage) {
        FitTrace t = CURRENT.get();
        if (t == null) {
            String trace = TraceScope.currentTraceId();
            t = new FitTrace(TraceScope.newFitId(), trace == null ? TraceScope.newTraceId() : trace);
            CURRENT.set(t);
            MDC.put(LogKeys.FIT_ID, t.fitId);
            MDC.put(LogKeys.TRACE_ID, t.traceId);
        }
        t.open.push(new Open(estimatorUid, stage));
        MDC.put(LogKeys.STAGE, stage);
    }

    /**
     * The fit of this estimator returned its model (called before its scope closes): its outcome is success.
     *
     * @param estimatorUid the estimator's uid
     */
    public static void succeeded(String estimatorUid) {
        FitTrace t = CURRENT.get();
        if (t != null) {
            for (Open o : t.open) {
                if (o.uid.equals(estimatorUid)) {
                    o.succeeded = true;
                    return;
                }
            }
        }
    }

    /**
     * The innermost open fit of this estimator ends (and any left open inside it): counted and timed; the
     * trace ends with the outermost.
     *
     * @param estimatorUid the estimator's uid
     */
    public static void exit(String estimatorUid) {
        FitTrace t = CURRENT.get();
        if (t == null || t.open.stream().noneMatch(o -> o.uid.equals(estimatorUid))) {
            return;
        }
        while (!t.open.isEmpty()) {
            Open o = t.open.pop();
            record(o, t.open.isEmpty());
            if (o.uid.equals(estimatorUid)) {
                break;
            }
        }
        if (t.open.isEmpty()) {
            CURRENT.remove();
            MDC.remove(LogKeys.FIT_ID);
            MDC.remove(LogKeys.STAGE);
            MDC.remove(LogKeys.ROUND);
            String outer = TraceScope.currentTraceId();
            if (outer == null) {
                MDC.remove(LogKeys.TRACE_ID);
            } else {
                MDC.put(LogKeys.TRACE_ID, outer);
            }
        } else {
            MDC.put(LogKeys.STAGE, t.open.peek().stage);
        }
    }

    private static void record(Open o, boolean outermost) {
        String outcome = o.succeeded ? EmberMetrics.SUCCESS : EmberMetrics.FAILURE;
        String level = outermost ? "outer" : "nested";
        Metrics.counter(MetricNames.FITS, EmberMetrics.TAG_STAGE, o.stage, EmberMetrics.TAG_OUTCOME, outcome,
            "level", level).increment();
        Timer.builder(MetricNames.FIT_DURATION)
            .tags(EmberMetrics.TAG_STAGE, o.stage, EmberMetrics.TAG_OUTCOME, outcome, "level", level)
            .serviceLevelObjectives(EmberMetrics.LONG_BUCKETS).register(Metrics.globalRegistry)
            .record(System.nanoTime() - o.startNs, TimeUnit.NANOSECONDS);
    }

    /** @return the fit id (16 hex digits) */
    public String fitId() {
        return fitId;
    }

    /** @return the trace id (32 hex digits) */
    public String traceId() {
        return traceId;
    }

    /** @return the innermost open stage */
    public String stage() {
        Open o = open.peek();
        return o == null ? "" : o.stage;
    }

    /** @return the fit's figures so far */
    public FitStats stats() {
        return stats;
    }

    /** @return seconds since the outermost fit started */
    public double elapsedSeconds() {
        return (System.nanoTime() - startNs) / 1e9;
    }

    /** @return passes started so far */
    int rounds() {
        return rounds.get();
    }

    /**
     * Starts the fit's next pass: puts its number in the calling thread's log context.
     *
     * @return the context tasks of the pass carry
     */
    public TraceContext nextRound() {
        int r = rounds.incrementAndGet();
        MDC.put(LogKeys.ROUND, Integer.toString(r));
        return context(r);
    }

    TraceContext context(int round) {
        return new TraceContext(fitId, traceId, stage(), round);
    }
}
