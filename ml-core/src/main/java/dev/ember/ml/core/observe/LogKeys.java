package dev.ember.ml.core.observe;

/**
 * The SLF4J MDC keys Ember puts in the log context of the threads that work for a fit, on the driver and on the
 * executors; a log pattern or the JSON encoder prints them with every line.
 */
public final class LogKeys {
    /** The outermost fit's id (16 hex digits). */
    public static final String FIT_ID = "fitId";
    /** The trace id (32 hex digits, W3C trace-context width): shared by every fit of one sweep or command. */
    public static final String TRACE_ID = "traceId";
    /** The stage (estimator simple class name) being fitted. */
    public static final String STAGE = "stage";
    /** The pass (round) of the fit: 1 for its first pass over the data. */
    public static final String ROUND = "round";
    /** The task: the partition a thread is folding. */
    public static final String TASK = "task";
    /** The executor: {@code local} for the in-process runtime, the executor id on a cluster. */
    public static final String EXECUTOR = "executor";

    private LogKeys() {
    }
}
