package dev.ember.ml.core.observe;

/**
 * The metric names Ember records, in Micrometer's dotted form. A Prometheus scrape shows them with dots as
 * underscores, counters with {@code _total} and timers in seconds ({@code ember.fit.duration} becomes
 * {@code ember_fit_duration_seconds_bucket/_count/_sum}). The in-process and the cluster runtime record the
 * same names; tags are low-cardinality only (stage, kernel, executor, outcome, state, view), never ids.
 */
public final class MetricNames {
    /** Counter of finished fits; tags {@code stage}, {@code outcome} (success, failure), {@code level}. */
    public static final String FITS = "ember.fits";
    /** Timer (with histogram buckets, for p95) of fits; tags {@code stage}, {@code outcome}, {@code level}. */
    public static final String FIT_DURATION = "ember.fit.duration";
    /** Counter of jobs (commands, feature materializations, sweeps); tags {@code kind}, {@code outcome}. */
    public static final String JOBS = "ember.jobs";
    /** Timer of jobs; tags {@code kind}, {@code outcome}. */
    public static final String JOB_DURATION = "ember.job.duration";

    /** Timer of passes (one treeAggregate over a frame); tags {@code runtime}, {@code kernel}. */
    public static final String PASS_DURATION = "ember.pass.duration";
    /** Counter of partitions a pass read; tags {@code runtime}, {@code kernel}. */
    public static final String PASS_PARTITIONS = "ember.pass.partitions";
    /** Counter of rows folded by tasks; tags {@code executor}, {@code kernel}. */
    public static final String PASS_ROWS = "ember.pass.rows";
    /** Counter of partition bytes folded by tasks; tags {@code executor}, {@code kernel}. */
    public static final String PASS_BYTES = "ember.pass.bytes";
    /** Timer of rounds: attempts to run a pass (a pass re-run after an executor loss is two); tag {@code runtime}. */
    public static final String ROUND_DURATION = "ember.round.duration";

    /** Timer of tasks (one partition: read or cache, then fold); tags {@code executor}, {@code kernel}. */
    public static final String TASK_DURATION = "ember.task.duration";
    /** Counter of failed tasks; tags {@code executor}, {@code kernel}. */
    public static final String TASK_FAILURES = "ember.task.failures";
    /** Counter of task retries (re-run attempts of a round); tag {@code runtime}. */
    public static final String TASK_RETRIES = "ember.task.retries";
    /** Counter of speculative task copies launched (stragglers); tag {@code runtime}. */
    public static final String TASK_SPECULATIVE = "ember.task.speculative";
    /** Timer of JVM GC pause time while a task ran (collector time, JVM-wide, over the task); tag {@code executor}. */
    public static final String TASK_GC_PAUSE = "ember.task.gc.pause";
    /** Timer of time inside kernels ({@code seqOp}) by kernel class; tags {@code kernel}, {@code executor}. */
    public static final String KERNEL_TIME = "ember.kernel.time";

    /** Counter of executors that joined the driver. */
    public static final String EXECUTORS_JOINED = "ember.executors.joined";
    /** Counter of executors declared lost (missed heartbeats). */
    public static final String EXECUTORS_LOST = "ember.executors.lost";
    /** Gauge of executors now members. */
    public static final String EXECUTORS_ACTIVE = "ember.executors.active";
    /** Gauge of seconds since each executor's last heartbeat; tag {@code executor}. */
    public static final String EXECUTOR_HEARTBEAT_AGE = "ember.executor.heartbeat.age";

    /** Gauge of the partition cache's off-heap bytes; tag {@code executor}. */
    public static final String CACHE_BYTES = "ember.cache.bytes";
    /** Gauge of the partition cache's budget; tag {@code executor}. */
    public static final String CACHE_MAX_BYTES = "ember.cache.max.bytes";
    /** Counter of cache hits; tag {@code executor}. */
    public static final String CACHE_HITS = "ember.cache.hits";
    /** Counter of cache misses; tag {@code executor}. */
    public static final String CACHE_MISSES = "ember.cache.misses";
    /** Counter of cache evictions; tag {@code executor}. */
    public static final String CACHE_EVICTIONS = "ember.cache.evictions";
    /** Counter of partitions computed again from their lineage after an eviction; tag {@code executor}. */
    public static final String CACHE_RECOMPUTATIONS = "ember.cache.recomputations";

    /** Counter of bytes of encoded aggregates sent up the tree (partials and results); tag {@code runtime}. */
    public static final String TREE_AGGREGATE_BYTES = "ember.treeaggregate.bytes";
    /** Timer of combining partial aggregates; tag {@code runtime}. */
    public static final String TREE_AGGREGATE_TIME = "ember.treeaggregate.time";

    /** Counter of feature-view materialization runs by the scheduler; tags {@code view}, {@code outcome}. */
    public static final String FEATURE_RUNS = "ember.features.runs";
    /** Gauge of seconds between now and a view's watermark (data freshness); tag {@code view}. */
    public static final String FEATURE_FRESHNESS = "ember.features.freshness";
    /** Counter of sweep trials that reached a state; tag {@code state} (running, complete, pruned, failed). */
    public static final String SWEEP_TRIALS = "ember.sweep.trials";

    private MetricNames() {
    }
}
