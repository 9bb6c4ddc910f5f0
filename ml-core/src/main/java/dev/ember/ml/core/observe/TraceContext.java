package dev.ember.ml.core.observe;

import dev.ember.ml.core.InvalidArgumentException;
import org.slf4j.MDC;

import java.util.regex.Pattern;

/**
 * The ids a task carries to the thread (or executor JVM) that runs it: fit id, trace id, stage and round. It
 * travels as one short line of text ({@link #encode}) inside the cluster's task message, and {@link #enterMdc}
 * puts it in a worker thread's log context for the length of a task.
 *
 * @param fitId the outermost fit's id, or empty outside a fit
 * @param traceId the trace id, or empty
 * @param stage the stage being fitted, or empty
 * @param round the fit's pass number (1 for its first), or 0
 */
public record TraceContext(String fitId, String traceId, String stage, int round) {
    private static final Pattern HEX = Pattern.compile("[0-9a-f]{0,32}");
    private static final Pattern STAGE = Pattern.compile("[A-Za-z0-9_.$-]{0,128}");
    /** No fit: what tasks outside a fit carry. */
    public static final TraceContext NONE = new TraceContext("", "", "", 0);

    /** Validates: ids are lower-case hex, the stage a class-name-like word, the round not negative. */
    public TraceContext {
        if (fitId == null || !HEX.matcher(fitId).matches() || traceId == null || !HEX.matcher(traceId).matches()) {
            throw new InvalidArgumentException("trace context: found fitId '" + fitId + "', traceId '" + traceId
                + "', expected up to 32 lower-case hex digits each");
        }
        if (stage == null || !STAGE.matcher(stage).matches()) {
            throw new InvalidArgumentException("trace context: found stage '" + stage + "', expected a class name");
        }
        if (round < 0) {
            throw new InvalidArgumentException("trace context: found round " + round + ", expected >= 0");
        }
    }

    /** @return the context of the fit open on this thread (its next round is not taken), or {@link #NONE} */
    public static TraceContext current() {
        FitTrace t = FitTrace.current();
        return t == null ? NONE : t.context(t.rounds());
    }

    /** @return {@code fitId;traceId;stage;round} */
    public String encode() {
        return fitId + ";" + traceId + ";" + stage + ";" + round;
    }

    /**
     * @param text what {@link #encode} wrote (empty for {@link #NONE})
     * @return the context
     * @throws IllegalArgumentException if the text is not four valid fields
     */
    public static TraceContext decode(String text) {
        if (text == null || text.isEmpty()) {
            return NONE;
        }
        String[] f = text.split(";", -1);
        if (f.length != 4) {
            throw new InvalidArgumentException("trace context: found " + f.length + " fields in '"
                + (text.length() > 80 ? text.substring(0, 80) + "..." : text) + "', expected 4");
        }
        try {
            return new TraceContext(f[0], f[1], f[2], Integer.parseInt(f[3]));
        } catch (NumberFormatException e) {
            throw new InvalidArgumentException("trace context: found round '" + f[3] + "', expected a number", e);
        }
    }

    /**
     * Puts this context, the task and the executor in the calling thread's MDC (a worker thread, per task).
     *
     * @param task the partition
     * @param executor the executor's name
     */
    public void enterMdc(int task, String executor) {
        if (!fitId.isEmpty()) {
            MDC.put(LogKeys.FIT_ID, fitId);
            MDC.put(LogKeys.STAGE, stage);
            MDC.put(LogKeys.ROUND, Integer.toString(round));
        }
        if (!traceId.isEmpty()) {
            MDC.put(LogKeys.TRACE_ID, traceId);
        }
        MDC.put(LogKeys.TASK, Integer.toString(task));
        MDC.put(LogKeys.EXECUTOR, executor);
    }

    /** Removes what {@link #enterMdc} put. */
    public static void exitMdc() {
        MDC.remove(LogKeys.FIT_ID);
        MDC.remove(LogKeys.TRACE_ID);
        MDC.remove(LogKeys.STAGE);
        MDC.remove(LogKeys.ROUND);
        MDC.remove(LogKeys.TASK);
        MDC.remove(LogKeys.EXECUTOR);
    }
}
