package dev.ember.ml.core.observe;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * One fit's figures, added to by the runtime per pass and per task (from any thread) and logged on the fit's
 * MLflow run as system metrics ({@link #asSystemMetrics}). On a cluster the driver sees passes, rounds, retries,
 * failures and aggregate bytes; rows, bytes and task times are recorded by the executors (their endpoints).
 */
public final class FitStats {
    final LongAdder passes = new LongAdder();
    final LongAdder rounds = new LongAdder();
    final LongAdder partitions = new LongAdder();
    final LongAdder passNanos = new LongAdder();
    final LongAdder tasks = new LongAdder();
    final LongAdder taskNanos = new LongAdder();
    final LongAdder kernelNanos = new LongAdder();
    final LongAdder gcMillis = new LongAdder();
    final LongAdder rows = new LongAdder();
    final LongAdder bytes = new LongAdder();
    final LongAdder failures = new LongAdder();
    final LongAdder retries = new LongAdder();
    final LongAdder speculative = new LongAdder();
    final LongAdder aggregateBytes = new LongAdder();
    final LongAdder aggregateNanos = new LongAdder();

    /** @return passes over the data so far */
    public long passes() {
        return passes.sum();
    }

    /** @return tasks (partitions folded) recorded in this process so far */
    public long tasks() {
        return tasks.sum();
    }

    /** @return rows folded in this process so far */
    public long rows() {
        return rows.sum();
    }

    /**
     * The figures under MLflow's system-metric prefix, named like their Prometheus series
     * ({@code system/ember_passes_total}, {@code system/ember_pass_duration_seconds_sum}, ...).
     *
     * @param wallSeconds the fit's wall time so far
     * @return key to value, in a fixed order
     */
    public Map<String, Double> asSystemMetrics(double wallSeconds) {
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("system/ember_fit_duration_seconds", wallSeconds);
        m.put("system/ember_passes_total", (double) passes.sum());
        m.put("system/ember_rounds_total", (double) rounds.sum());
        m.put("system/ember_pass_partitions_total", (double) partitions.sum());
        m.put("system/ember_pass_duration_seconds_sum", passNanos.sum() / 1e9);
        m.put("system/ember_tasks_total", (double) tasks.sum());
        m.put("system/ember_task_duration_seconds_sum", taskNanos.sum() / 1e9);
        m.put("system/ember_kernel_time_seconds_sum", kernelNanos.sum() / 1e9);
        m.put("system/ember_task_gc_pause_seconds_sum", gcMillis.sum() / 1e3);
        m.put("system/ember_pass_rows_total", (double) rows.sum());
        m.put("system/ember_pass_bytes_total", (double) bytes.sum());
        m.put("system/ember_task_failures_total", (double) failures.sum());
        m.put("system/ember_task_retries_total", (double) retries.sum());
        m.put("system/ember_task_speculative_total", (double) speculative.sum());
        m.put("system/ember_treeaggregate_bytes_total", (double) aggregateBytes.sum());
        m.put("system/ember_treeaggregate_time_seconds_sum", aggregateNanos.sum() / 1e9);
        return m;
    }
}
