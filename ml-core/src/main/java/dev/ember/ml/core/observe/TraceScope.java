package dev.ember.ml.core.observe;

import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.Timer;
import org.slf4j.MDC;

import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * A trace on the calling thread: a command, a sweep, a feature job. Fits started inside it share its trace id
 * (each still gets its own fit id), and its log lines carry the id. Opened with a job kind ({@link #job}) it is
 * also counted and timed as a job ({@link MetricNames#JOBS}); call {@link #succeeded()} before closing, or the
 * job counts as failed. Close it on the thread that opened it (try-with-resources).
 */
public final class TraceScope implements AutoCloseable {
    private static final ThreadLocal<TraceScope> CURRENT = new ThreadLocal<>();
    private static final SecureRandom RANDOM = new SecureRandom();

    private final String traceId;
    private final String kind;
    private final TraceScope outer;
    private final String outerMdc;
    private final long startNs = System.nanoTime();
    private boolean succeeded;
    private boolean closed;

    private TraceScope(String traceId, String kind) {
        this.traceId = traceId;
        this.kind = kind;
        this.outer = CURRENT.get();
        this.outerMdc = MDC.get(LogKeys.TRACE_ID);
        CURRENT.set(this);
        MDC.put(LogKeys.TRACE_ID, traceId);
    }

    /** @return a new trace with a fresh id on this thread */
    public static TraceScope open() {
        return new TraceScope(newTraceId(), null);
    }

    /**
     * Continues a trace on another thread (a sweep's worker): fits there share its id.
     *
     * @param traceId the id of the trace to continue (32 hex digits)
     * @return the scope on this thread
     */
    public static TraceScope adopt(String traceId) {
        new TraceContext("", traceId, "", 0);
        return new TraceScope(traceId, null);
    }

    /**
     * A job: a trace that is also counted by outcome and timed.
     *
     * @param kind the job's kind, a low-cardinality word ({@code train}, {@code sweep}, {@code materialize})
     * @return the scope; call {@link #succeeded()} when the job's work returned
     */
    public static TraceScope job(String kind) {
        TraceScope outer = CURRENT.get();
        return new TraceScope(outer == null ? newTraceId() : outer.traceId, kind);
    }

    /** @return the trace id of the innermost scope open on this thread, else of the fit open on it, or null */
    public static String currentTraceId() {
        TraceScope s = CURRENT.get();
        if (s != null) {
            return s.traceId;
        }
        FitTrace f = FitTrace.current();
        return f == null ? null : f.traceId();
    }

    /**
     * Wraps work handed to another thread so that fits there continue this thread's trace (each still gets its
     * own fit id): what a parallel search or a fold pool does with its tasks.
     *
     * @param task the work
     * @return the work, run inside this thread's trace when it has one
     */
    public static Runnable propagate(Runnable task) {
        String traceId = currentTraceId();
        if (traceId == null) {
            return task;
        }
        return () -> {
            try (TraceScope scope = adopt(traceId)) {
                task.run();
            }
        };
    }

    /** @return a new random trace id, 32 lower-case hex digits */
    public static String newTraceId() {
        byte[] b = new byte[16];
        RANDOM.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    /** @return a new random fit id, 16 lower-case hex digits */
    static String newFitId() {
        byte[] b = new byte[8];
        RANDOM.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    /** @return this trace's id */
    public String traceId() {
        return traceId;
    }

    /** Marks the job as done (its outcome is {@code success}). */
    public void succeeded() {
        succeeded = true;
    }

    /** Ends the scope: restores the outer trace, and records the job if this is one. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (CURRENT.get() == this) {
            CURRENT.set(outer);
        }
        if (outerMdc == null) {
            MDC.remove(LogKeys.TRACE_ID);
        } else {
            MDC.put(LogKeys.TRACE_ID, outerMdc);
        }
        if (kind != null) {
            String outcome = succeeded ? EmberMetrics.SUCCESS : EmberMetrics.FAILURE;
            Metrics.counter(MetricNames.JOBS, "kind", kind, EmberMetrics.TAG_OUTCOME, outcome).increment();
            Timer.builder(MetricNames.JOB_DURATION).tags("kind", kind, EmberMetrics.TAG_OUTCOME, outcome)
                .serviceLevelObjectives(EmberMetrics.LONG_BUCKETS).register(Metrics.globalRegistry)
                .record(System.nanoTime() - startNs, java.util.concurrent.TimeUnit.NANOSECONDS);
        }
    }
}
