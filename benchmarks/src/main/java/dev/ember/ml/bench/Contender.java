package dev.ember.ml.bench;

/**
 * One way of doing a {@link Workload}: a system (Ember, Spark) and a variant of how it is used. The runner calls
 * {@link #run} once per repetition, interleaved with the workload's other contenders, with a full garbage
 * collection before each call.
 */
public interface Contender {

    /** @return the system, for example {@code Ember} or {@code Spark} */
    String system();

    /** @return what this contender does, one short line for the table */
    String variant();

    /**
     * Runs one repetition: sets up untimed, times the work with {@link System#nanoTime()}, measures memory while
     * the result is still held, then releases everything it made (cache entries, runtimes) before returning.
     *
     * @param context the run's shared context
     * @return the measurement
     * @throws Exception if the work fails; the run stops
     */
    Measurement run(BenchContext context) throws Exception;
}
