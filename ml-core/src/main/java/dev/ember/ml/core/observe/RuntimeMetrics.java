package dev.ember.ml.core.observe;

import dev.ember.ml.core.runtime.PartitionCache;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.Timer;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.ToLongFunction;

/**
 * What a runtime records, in one place so that the in-process runtime, the cluster driver and the executors use
 * the same names and tags ({@link MetricNames}). Per pass and per task (partition), never per row or message:
 * a task costs a clock read before and after, the JVM's collector counters, and a few adds into meters cached per
 * (executor, kernel). Each call also adds to the fit's {@link FitStats} when one is given.
 */
public final class RuntimeMetrics {
    /** The executor tag of the in-process runtime. */
    public static final String LOCAL_EXECUTOR = "local";
    /** The runtime tag of the in-process runtime. */
    public static final String LOCAL = "local";
    /** The runtime tag of the cluster runtime's driver. */
    public static final String CLUSTER = "cluster";

    private static final List<GarbageCollectorMXBean> GCS = ManagementFactory.getGarbageCollectorMXBeans();
    private static final Map<String, TaskMeters> TASKS = new ConcurrentHashMap<>();
    private static final Map<String, PassMeters> PASSES = new ConcurrentHashMap<>();
    private static final Map<String, Counter> COUNTERS = new ConcurrentHashMap<>();
    private static final Map<String, Set<PartitionCache>> CACHES = new ConcurrentHashMap<>();

    private RuntimeMetrics() {
    }

    /** Meters of tasks of one kernel on one executor. */
    private record TaskMeters(Timer duration, Timer kernel, Timer gc, Counter rows, Counter bytes) {
        static TaskMeters create(String executor, String kernel) {
            MeterRegistry r = Metrics.globalRegistry;
            return new TaskMeters(
                Timer.builder(MetricNames.TASK_DURATION).tags(EmberMetrics.TAG_EXECUTOR, executor,
                    EmberMetrics.TAG_KERNEL, kernel).serviceLevelObjectives(EmberMetrics.SHORT_BUCKETS).register(r),
                Timer.builder(MetricNames.KERNEL_TIME).tags(EmberMetrics.TAG_EXECUTOR, executor,
                    EmberMetrics.TAG_KERNEL, kernel).register(r),
                Timer.builder(MetricNames.TASK_GC_PAUSE).tags(EmberMetrics.TAG_EXECUTOR, executor).register(r),
                Counter.builder(MetricNames.PASS_ROWS).tags(EmberMetrics.TAG_EXECUTOR, executor,
                    EmberMetrics.TAG_KERNEL, kernel).register(r),
                Counter.builder(MetricNames.PASS_BYTES).baseUnit("bytes").tags(EmberMetrics.TAG_EXECUTOR, executor,
                    EmberMetrics.TAG_KERNEL, kernel).register(r));
        }
    }

    /** Meters of passes of one kernel on one runtime. */
    private record PassMeters(Timer duration, Counter partitions) {
        static PassMeters create(String runtime, String kernel) {
            MeterRegistry r = Metrics.globalRegistry;
            return new PassMeters(
                Timer.builder(MetricNames.PASS_DURATION).tags(EmberMetrics.TAG_RUNTIME, runtime,
                    EmberMetrics.TAG_KERNEL, kernel).serviceLevelObjectives(EmberMetrics.SHORT_BUCKETS).register(r),
                Counter.builder(MetricNames.PASS_PARTITIONS).tags(EmberMetrics.TAG_RUNTIME, runtime,
                    EmberMetrics.TAG_KERNEL, kernel).register(r));
        }
    }

    /**
     * A task's start, read before it runs.
     *
     * @param startNs {@link System#nanoTime()}
     * @param gcMillis the JVM's collectors' accumulated time
     */
    public record TaskClock(long startNs, long gcMillis) {
    }

    /** @return the clock of a task starting now */
    public static TaskClock startTask() {
        return new TaskClock(System.nanoTime(), gcMillis());
    }

    /** @return the accumulated collection time of the JVM's collectors, in milliseconds */
    static long gcMillis() {
        long t = 0;
        for (GarbageCollectorMXBean b : GCS) {
            long c = b.getCollectionTime();
            if (c > 0) {
                t += c;
            }
        }
        return t;
    }

    /**
     * A task (one partition) finished.
     *
     * @param executor the executor tag
     * @param kernel the kernel's simple class name
     * @param clock what {@link #startTask} returned
     * @param kernelNanos time inside the kernel's {@code seqOp}
     * @param rows rows of the partition
     * @param bytes the partition's off-heap bytes
     * @param stats the fit's figures, or null
     */
    public static void taskDone(String executor, String kernel, TaskClock clock, long kernelNanos, long rows,
                                long bytes, FitStats stats) {
        long nanos = System.nanoTime() - clock.startNs();
        long gc = Math.max(0, gcMillis() - clock.gcMillis());
        TaskMeters m = TASKS.computeIfAbsent(executor + '\0' + kernel, k -> TaskMeters.create(executor, kernel));
        m.duration.record(nanos, TimeUnit.NANOSECONDS);
        m.kernel.record(kernelNanos, TimeUnit.NANOSECONDS);
        m.gc.record(gc, TimeUnit.MILLISECONDS);
        m.rows.increment(rows);
        m.bytes.increment(bytes);
        if (stats != null) {
            stats.tasks.increment();
            stats.taskNanos.add(nanos);
            stats.kernelNanos.add(kernelNanos);
            stats.gcMillis.add(gc);
            stats.rows.add(rows);
            stats.bytes.add(bytes);
        }
    }

    /**
     * A task failed.
     *
     * @param executor the executor tag
     * @param kernel the kernel's simple class name
     * @param stats the fit's figures, or null
     */
    public static void taskFailed(String executor, String kernel, FitStats stats) {
        counter(MetricNames.TASK_FAILURES, EmberMetrics.TAG_EXECUTOR, executor, EmberMetrics.TAG_KERNEL, kernel)
            .increment();
        if (stats != null) {
            stats.failures.increment();
        }
    }

    /**
     * A pass (one treeAggregate) finished.
     *
     * @param runtime the runtime tag
     * @param kernel the kernel's simple class name
     * @param partitions partitions read
     * @param nanos its wall time
     * @param stats the fit's figures, or null
     */
    public static void passDone(String runtime, String kernel, int partitions, long nanos, FitStats stats) {
        PassMeters m = PASSES.computeIfAbsent(runtime + '\0' + kernel, k -> PassMeters.create(runtime, kernel));
        m.duration.record(nanos, TimeUnit.NANOSECONDS);
        m.partitions.increment(partitions);
        if (stats != null) {
            stats.passes.increment();
            stats.partitions.add(partitions);
            stats.passNanos.add(nanos);
        }
    }

    /**
     * A round (one attempt of a pass) finished.
     *
     * @param runtime the runtime tag
     * @param nanos its wall time
     * @param stats the fit's figures, or null
     */
    public static void roundDone(String runtime, long nanos, FitStats stats) {
        Timer.builder(MetricNames.ROUND_DURATION).tags(EmberMetrics.TAG_RUNTIME, runtime)
            .serviceLevelObjectives(EmberMetrics.SHORT_BUCKETS).register(Metrics.globalRegistry)
            .record(nanos, TimeUnit.NANOSECONDS);
        if (stats != null) {
            stats.rounds.increment();
        }
    }

    /**
     * A round is run again (after an executor loss or a failed task).
     *
     * @param runtime the runtime tag
     * @param stats the fit's figures, or null
     */
    public static void retried(String runtime, FitStats stats) {
        counter(MetricNames.TASK_RETRIES, EmberMetrics.TAG_RUNTIME, runtime).increment();
        if (stats != null) {
            stats.retries.increment();
        }
    }

    /**
     * A speculative copy of a slow task was launched.
     *
     * @param runtime the runtime tag
     * @param stats the fit's figures, or null
     */
    public static void speculative(String runtime, FitStats stats) {
        counter(MetricNames.TASK_SPECULATIVE, EmberMetrics.TAG_RUNTIME, runtime).increment();
        if (stats != null) {
            stats.speculative.increment();
        }
    }

    /**
     * Aggregates were encoded and sent up the tree, or combined.
     *
     * @param runtime the runtime tag
     * @param bytes encoded bytes sent (0 in process)
     * @param combineNanos time spent combining
     * @param stats the fit's figures, or null
     */
    public static void treeAggregate(String runtime, long bytes, long combineNanos, FitStats stats) {
        counter(MetricNames.TREE_AGGREGATE_BYTES, EmberMetrics.TAG_RUNTIME, runtime).increment(bytes);
        Timer.builder(MetricNames.TREE_AGGREGATE_TIME).tags(EmberMetrics.TAG_RUNTIME, runtime)
            .register(Metrics.globalRegistry).record(combineNanos, TimeUnit.NANOSECONDS);
        if (stats != null) {
            stats.aggregateBytes.add(bytes);
            stats.aggregateNanos.add(combineNanos);
        }
    }

    /** An executor joined the driver. */
    public static void executorJoined() {
        counter(MetricNames.EXECUTORS_JOINED).increment();
    }

    /** An executor was declared lost. */
    public static void executorLost() {
        counter(MetricNames.EXECUTORS_LOST).increment();
    }

    /**
     * Registers the counters that a runtime shows from the start, at zero, so that alerts and dashboards see a
     * series before the first event (retries, speculative copies, executor losses).
     *
     * @param runtime the runtime tag
     */
    public static void registerZeroes(String runtime) {
        counter(MetricNames.TASK_RETRIES, EmberMetrics.TAG_RUNTIME, runtime);
        counter(MetricNames.TASK_SPECULATIVE, EmberMetrics.TAG_RUNTIME, runtime);
        counter(MetricNames.TREE_AGGREGATE_BYTES, EmberMetrics.TAG_RUNTIME, runtime);
        if (CLUSTER.equals(runtime)) {
            counter(MetricNames.EXECUTORS_JOINED);
            counter(MetricNames.EXECUTORS_LOST);
        }
    }

    /**
     * Shows a partition cache's figures, read when scraped. Several caches with one executor tag (several
     * in-process runtimes in one JVM) are summed; a cache is held weakly and leaves the sums when unbound or
     * collected.
     *
     * @param cache the cache
     * @param executor the executor tag
     */
    public static void bindCache(PartitionCache cache, String executor) {
        Set<PartitionCache> caches = CACHES.computeIfAbsent(executor, e -> {
            Set<PartitionCache> set = Collections.synchronizedSet(Collections.newSetFromMap(new WeakHashMap<>()));
            registerCacheMeters(set, e);
            return set;
        });
        caches.add(cache);
    }

    /**
     * @param cache a cache being closed
     * @param executor its executor tag
     */
    public static void unbindCache(PartitionCache cache, String executor) {
        Set<PartitionCache> caches = CACHES.get(executor);
        if (caches != null) {
            caches.remove(cache);
        }
    }

    private static void registerCacheMeters(Set<PartitionCache> caches, String executor) {
        MeterRegistry r = Metrics.globalRegistry;
        Gauge.builder(MetricNames.CACHE_BYTES, caches, c -> sum(c, x -> x.stats().usedBytes())).baseUnit("bytes")
            .tag(EmberMetrics.TAG_EXECUTOR, executor).strongReference(true).register(r);
        Gauge.builder(MetricNames.CACHE_MAX_BYTES, caches, c -> sum(c, x -> x.stats().maxBytes())).baseUnit("bytes")
            .tag(EmberMetrics.TAG_EXECUTOR, executor).strongReference(true).register(r);
        FunctionCounter.builder(MetricNames.CACHE_HITS, caches, c -> sum(c, x -> x.stats().hits()))
            .tag(EmberMetrics.TAG_EXECUTOR, executor).register(r);
        FunctionCounter.builder(MetricNames.CACHE_MISSES, caches, c -> sum(c, x -> x.stats().misses()))
            .tag(EmberMetrics.TAG_EXECUTOR, executor).register(r);
        FunctionCounter.builder(MetricNames.CACHE_EVICTIONS, caches, c -> sum(c, x -> x.stats().evictions()))
            .tag(EmberMetrics.TAG_EXECUTOR, executor).register(r);
        FunctionCounter.builder(MetricNames.CACHE_RECOMPUTATIONS, caches, c -> sum(c, PartitionCache::recomputations))
            .tag(EmberMetrics.TAG_EXECUTOR, executor).register(r);
    }

    private static double sum(Set<PartitionCache> caches, ToLongFunction<PartitionCache> f) {
        long t = 0;
        synchronized (caches) {
            for (PartitionCache c : caches) {
                t += f.applyAsLong(c);
            }
        }
        return t;
    }

    private static Counter counter(String name, String... tags) {
        String key = name + String.join("\0", tags);
        return COUNTERS.computeIfAbsent(key, k -> Counter.builder(name).tags(tags).register(Metrics.globalRegistry));
    }
}
