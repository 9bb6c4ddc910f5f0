package dev.ember.ml.core.runtime.local;

import dev.ember.ml.core.InvalidArgumentException;
import dev.ember.ml.core.MlException;
import dev.ember.ml.core.data.Frame;
import dev.ember.ml.core.data.Partition;
import dev.ember.ml.core.data.Schema;
import dev.ember.ml.core.observe.FitStats;
import dev.ember.ml.core.observe.FitTrace;
import dev.ember.ml.core.observe.RuntimeMetrics;
import dev.ember.ml.core.observe.TraceContext;
import dev.ember.ml.core.runtime.AggregateCall;
import dev.ember.ml.core.runtime.AggregateKernel;
import dev.ember.ml.core.runtime.Broadcast;
import dev.ember.ml.core.runtime.CacheStats;
import dev.ember.ml.core.runtime.KernelRegistry;
import dev.ember.ml.core.runtime.MapCall;
import dev.ember.ml.core.runtime.MapKernel;
import dev.ember.ml.core.runtime.MappedSource;
import dev.ember.ml.core.runtime.PartitionCache;
import dev.ember.ml.core.runtime.PartitionRef;
import dev.ember.ml.core.runtime.PartitionSource;
import dev.ember.ml.core.runtime.Runtime;
import dev.ember.ml.core.runtime.RuntimeConfig;
import dev.ember.ml.core.runtime.TreeCombiner;
import dev.ember.ml.core.runtime.ValueCodec;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The default runtime: a pool of executor threads in this JVM (one per core unless configured), an off-heap
 * {@link PartitionCache} under {@code ember.cache.maxBytes}, and tree-aggregation whose combining order depends
 * only on the number of partitions and the depth, never on thread timing.
 */
public final class InProcessRuntime implements Runtime {
    private static volatile InProcessRuntime shared;

    private final RuntimeConfig config;
    private final ExecutorService pool;
    private final PartitionCache cache;
    private final KernelRegistry kernels;
    private final Set<String> persisted = ConcurrentHashMap.newKeySet();
    private final AtomicLong broadcastIds = new AtomicLong();

    /** @param config the configuration (concluded here) */
    public InProcessRuntime(RuntimeConfig config) {
        this.config = config.conclude();
        AtomicInteger n = new AtomicInteger();
        this.pool = Executors.newFixedThreadPool(this.config.threads(), r -> {
            Thread t = new Thread(r, "ember-executor-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        this.cache = new PartitionCache(this.config.cacheMaxBytes());
        this.kernels = KernelRegistry.fromServiceLoader();
        RuntimeMetrics.bindCache(cache, RuntimeMetrics.LOCAL_EXECUTOR);
        RuntimeMetrics.registerZeroes(RuntimeMetrics.LOCAL);
    }

    /** @return the process-wide runtime, created on first use and closed at JVM exit */
    public static InProcessRuntime shared() {
        InProcessRuntime r = shared;
        if (r == null) {
            synchronized (InProcessRuntime.class) {
                r = shared;
                if (r == null) {
                    r = new InProcessRuntime(new RuntimeConfig());
                    InProcessRuntime toClose = r;
                    java.lang.Runtime.getRuntime().addShutdownHook(new Thread(toClose::close, "ember-runtime-close"));
                    shared = r;
                }
            }
        }
        return r;
    }

    @Override
    public int parallelism() {
        return config.threads();
    }

    @Override
    public KernelRegistry kernels() {
        return kernels;
    }

    @Override
    public PartitionRef open(PartitionSource source, int index) {
        if (persisted.contains(source.id())) {
            return cache.acquire(new PartitionCache.Key(source.id(), index), () -> source.compute(index, this));
        }
        return PartitionRef.owning(source.compute(index, this));
    }

    @Override
    public Frame mapPartitions(Frame frame, MapCall call, Schema outputSchema) {
        MapKernel kernel = kernels.resolve(call);
        return new Frame(new MappedSource(frame.source(), call, kernel, outputSchema), this);
    }

    @Override
    public <A> A treeAggregate(Frame frame, AggregateCall<A> call, int depth) {
        if (depth < 1) {
            throw new InvalidArgumentException("treeAggregate depth: found " + depth + ", expected >= 1");
        }
        AggregateKernel<A> kernel = kernels.resolve(call);
        PartitionSource source = frame.source();
        int n = source.numPartitions();
        long passStart = System.nanoTime();
        FitTrace trace = FitTrace.current();
        FitStats stats = trace == null ? null : trace.stats();
        TraceContext context = trace == null ? TraceContext.NONE : trace.nextRound();
        String kernelName = call.kernel().getSimpleName();
        List<Future<A>> futures = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            int index = i;
            futures.add(pool.submit(() -> runTask(source, index, kernel, call, context, kernelName, stats)));
        }
        List<A> partials = new ArrayList<>(n);
        try {
            for (int i = 0; i < n; i++) {
                partials.add(await(futures.get(i), source, i, call));
            }
        } catch (RuntimeException e) {
            for (Future<A> f : futures) {
                f.cancel(true);
            }
            throw e;
        }
        if (partials.isEmpty()) {
            RuntimeMetrics.passDone(RuntimeMetrics.LOCAL, kernelName, n, System.nanoTime() - passStart, stats);
            return kernel.zero(call.params());
        }
        long combineStart = System.nanoTime();
        A result = TreeCombiner.combine(partials, depth, kernel::combOp);
        long end = System.nanoTime();
        RuntimeMetrics.treeAggregate(RuntimeMetrics.LOCAL, 0, end - combineStart, stats);
        RuntimeMetrics.roundDone(RuntimeMetrics.LOCAL, end - passStart, stats);
        RuntimeMetrics.passDone(RuntimeMetrics.LOCAL, kernelName, n, end - passStart, stats);
        return result;
    }

    /** One task: a partition read (or taken from the cache) and folded, timed, with the fit's ids in the MDC. */
    private <A> A runTask(PartitionSource source, int index, AggregateKernel<A> kernel, AggregateCall<A> call,
                          TraceContext context, String kernelName, FitStats stats) {
        RuntimeMetrics.TaskClock clock = RuntimeMetrics.startTask();
        context.enterMdc(index, RuntimeMetrics.LOCAL_EXECUTOR);
        try (PartitionRef ref = open(source, index)) {
            Partition p = ref.partition();
            long k0 = System.nanoTime();
            A acc = kernel.seqOp(kernel.zero(call.params()), p, call.params());
            long kernelNanos = System.nanoTime() - k0;
            RuntimeMetrics.taskDone(RuntimeMetrics.LOCAL_EXECUTOR, kernelName, clock, kernelNanos, p.numRows(),
                p.sizeInBytes(), stats);
            return acc;
        } catch (RuntimeException | Error e) {
            RuntimeMetrics.taskFailed(RuntimeMetrics.LOCAL_EXECUTOR, kernelName, stats);
            throw e;
        } finally {
            TraceContext.exitMdc();
        }
    }

    private static <A> A await(Future<A> f, PartitionSource source, int index, AggregateCall<?> call) {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MlException("interrupted while aggregating " + call.kernel().getSimpleName(), e);
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof IllegalArgumentException || c instanceof MlException) {
                throw (RuntimeException) c;
            }
            throw new MlException(call.kernel().getSimpleName() + " failed on partition " + index + " of "
                + source.describe() + ": " + c, c);
        }
    }

    @Override
    public <T> Broadcast<T> broadcast(T value, ValueCodec<T> codec) {
        return new LocalBroadcast<>(broadcastIds.incrementAndGet(), value, codec);
    }

    @Override
    public void persist(PartitionSource source) {
        persisted.add(source.id());
    }

    @Override
    public void unpersist(PartitionSource source) {
        persisted.remove(source.id());
        cache.invalidate(source.id());
    }

    @Override
    public boolean isPersisted(PartitionSource source) {
        return persisted.contains(source.id());
    }

    @Override
    public CacheStats cacheStats() {
        return cache.stats();
    }

    @Override
    public void close() {
        RuntimeMetrics.unbindCache(cache, RuntimeMetrics.LOCAL_EXECUTOR);
        pool.shutdownNow();
        cache.close();
        persisted.clear();
    }

    @Override
    public String toString() {
        return "InProcessRuntime[threads=" + config.threads() + ", cache "
            + dev.ember.ml.core.runtime.ByteSizes.format(config.cacheMaxBytes()) + "]";
    }
}
