package dev.ember.ml.runtime;

import dev.ember.ml.core.InvalidArgumentException;
import dev.ember.ml.core.InvalidStateException;
import dev.ember.ml.core.observe.FitStats;
import dev.ember.ml.core.observe.FitTrace;
import dev.ember.ml.core.observe.RuntimeMetrics;
import dev.ember.ml.core.observe.TraceContext;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ember.ml.core.MlException;
import dev.ember.ml.core.data.Frame;
import dev.ember.ml.core.data.Schema;
import dev.ember.ml.core.runtime.AggregateCall;
import dev.ember.ml.core.runtime.AggregateKernel;
import dev.ember.ml.core.runtime.Broadcast;
import dev.ember.ml.core.runtime.CacheStats;
import dev.ember.ml.core.runtime.KernelParams;
import dev.ember.ml.core.runtime.KernelRegistry;
import dev.ember.ml.core.runtime.MapCall;
import dev.ember.ml.core.runtime.MapKernel;
import dev.ember.ml.core.runtime.MappedSource;
import dev.ember.ml.core.runtime.PartitionRef;
import dev.ember.ml.core.runtime.PartitionSource;
import dev.ember.ml.core.runtime.Runtime;
import dev.ember.ml.core.runtime.RuntimeConfig;
import dev.ember.ml.core.runtime.SourceDescriptor;
import dev.ember.ml.core.runtime.ValueCodec;
import dev.ember.ml.core.status.StatusRegistry;
import dev.ember.ml.core.status.StatusServer;

import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The runtime SPI over executor JVMs: this object is the driver. A {@link #treeAggregate} ships the frame's
 * lineage (a descriptor, never the data), the kernel's class name and params, and the broadcasts it reads to
 * the executors; each reads its own partitions from the source, keeps cached ones off-heap, and the executors
 * combine the per-partition results in the same fixed tree as the in-process runtime, so the result is
 * bit-for-bit the in-process result for the same partitioning, also after an executor is lost and the round is
 * re-run. {@link #mapPartitions} is lazy, as in-process; {@link #open} (reading a partition in the driver, for
 * small results and tests) computes the partition here.
 *
 * <p>Create one with {@link dev.ember.ml.core.runtime.Runtime#localCluster(int)} or
 * {@code Runtime.create("local-cluster[n]")} (executor JVMs on this machine) or
 * {@code Runtime.create("ember://host:port")} (bind there and wait for executors started with
 * {@code ember executor --driver host:port}).
 */
public final class ClusterRuntime implements Runtime {
    private final DriverAgent agent;
    private final LocalCluster local;
    private final KernelRegistry kernels = KernelRegistry.fromServiceLoader();
    private final CodecNames codecNames = CodecNames.load();
    private final Set<String> persisted = ConcurrentHashMap.newKeySet();
    private final AtomicLong broadcastIds = new AtomicLong();
    private final AutoCloseable statusSection;
    private final StatusServer statusServer;

    private ClusterRuntime(DriverAgent agent, LocalCluster local, ClusterConfig config) {
        this.agent = agent;
        this.local = local;
        if (local != null && config.replaceExcludedExecutors()) {
            agent.onExcluded(m -> local.replace(m.pid));
        }
        this.statusSection = StatusRegistry.register("cluster", this::statusSection);
        this.statusServer = config.statusPort() >= 0 ? StatusServer.start(config.statusHost(), config.statusPort())
            : null;
    }

    private Object statusSection() {
        try {
            return agent.status().get(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Map.of("error", "interrupted");
        } catch (ExecutionException | TimeoutException e) {
            return Map.of("error", "the driver agent did not answer in 2 s: " + e);
        }
    }

    /** @return the address of this driver's status page, if it serves one ({@link ClusterConfig#statusPort}) */
    public Optional<URI> statusPage() {
        return Optional.ofNullable(statusServer).map(StatusServer::uri);
    }

    /**
     * Starts n executor JVMs on this machine and waits for them to join.
     *
     * @param n executors, at least 1
     * @param runtimeConfig threads and cache per executor (defaults: the cores and half the memory, shared)
     * @param config cluster settings
     * @return the runtime
     */
    public static ClusterRuntime localCluster(int n, RuntimeConfig runtimeConfig, ClusterConfig config) {
        if (n < 1) {
            throw new InvalidArgumentException("local-cluster executors: found " + n + ", expected >= 1");
        }
        config.conclude();
        int threads = runtimeConfig.threads() > 0 ? runtimeConfig.threads()
            : Math.max(1, java.lang.Runtime.getRuntime().availableProcessors() / n);
        long cache = runtimeConfig.cacheMaxBytes() > 0 ? runtimeConfig.cacheMaxBytes()
            : new RuntimeConfig().conclude().cacheMaxBytes() / n;
        String secret = Auth.randomSecretHex();
        DriverAgent agent = new DriverAgent(config, Auth.of(secret.getBytes(StandardCharsets.UTF_8)), "127.0.0.1", 0);
        LocalCluster local;
        try {
            local = new LocalCluster(n, agent.endpoint(), secret, threads, cache, config);
        } catch (RuntimeException e) {
            agent.close();
            throw e;
        }
        ClusterRuntime rt = new ClusterRuntime(agent, local, config);
        try {
            rt.awaitExecutors(n, config.executorWaitMs());
        } catch (RuntimeException e) {
            rt.close();
            throw e;
        }
        return rt;
    }

    /**
     * Binds the driver at host:port and waits for {@link ClusterConfig#minExecutors()} executors started
     * elsewhere ({@code ember executor --driver host:port}); the secret comes from
     * {@link ClusterConfig#secretFile()} or the {@code EMBER_SECRET} environment variable.
     *
     * @param host the address to bind (0.0.0.0 for every interface)
     * @param port the port
     * @param config cluster settings
     * @return the runtime
     */
    public static ClusterRuntime listen(String host, int port, ClusterConfig config) {
        config.conclude();
        Auth auth = Auth.fromFileOrEnvironment(config.secretFile());
        ClusterRuntime rt = new ClusterRuntime(new DriverAgent(config, auth, host, port), null, config);
        try {
            rt.awaitExecutors(config.minExecutors(), config.executorWaitMs());
        } catch (RuntimeException e) {
            rt.close();
            throw e;
        }
        return rt;
    }

    private void awaitExecutors(int n, long timeoutMs) {
        CompletableFuture<Void> f = agent.awaitExecutors(n);
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        while (true) {
            try {
                f.get(200, TimeUnit.MILLISECONDS);
                return;
            } catch (TimeoutException e) {
                if (local != null) {
                    local.checkAlive();
                }
                if (System.nanoTime() - deadline > 0) {
                    throw new MlException(agent.memberCount() + " of " + n + " executors joined the driver at "
                        + agent.endpoint() + " within " + timeoutMs + " ms (" + ClusterConfig.EXECUTOR_WAIT_PROP
                        + ")" + (agent.refusals() > 0 ? "; " + agent.refusals() + " refused (wrong secret)" : ""));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new MlException("interrupted while waiting for executors", e);
            } catch (ExecutionException e) {
                throw new MlException("waiting for executors failed: " + e.getCause(), e.getCause());
            }
        }
    }

    /** @return the driver's endpoint, host:port */
    public String driverEndpoint() {
        return agent.endpoint();
    }

    /**
     * @return the directory of a local cluster's executor logs (one file per executor: with the JSON log format
     *     each line carries the fit and trace ids of the task it was written for), or empty for an external cluster
     */
    public java.util.Optional<java.nio.file.Path> executorLogDir() {
        return local == null ? java.util.Optional.empty() : java.util.Optional.of(local.logDir());
    }

    /** @return the number of executors now */
    public int executorCount() {
        return agent.memberCount();
    }

    /** @return registrations refused so far (wrong secret) */
    public long refusedExecutors() {
        return agent.refusals();
    }

    /** @return malformed messages the driver dropped so far */
    long malformedMessages() {
        return agent.malformed();
    }

    /** @return messages of finished rounds the driver dropped so far */
    long staleMessages() {
        return agent.stale();
    }

    /** @return rounds completed so far */
    long roundsCompleted() {
        return agent.roundsCompleted();
    }

    /** @return round attempts re-run after an executor loss */
    long roundsRelaunched() {
        return agent.roundsRelaunched();
    }

    /** @return speculative copies of straggling tasks launched so far */
    public long speculativeCopies() {
        return agent.speculativeCopies();
    }

    /** @return speculative copies that finished before their original so far */
    public long speculativeWins() {
        return agent.speculativeWins();
    }

    /** @return executors excluded so far because a task ran past the task timeout */
    public long executorsExcluded() {
        return agent.executorsExcluded();
    }

    /** @return round attempts re-run with a partition moved after it ran out of memory */
    public long outOfMemoryRelaunches() {
        return agent.outOfMemoryRelaunches();
    }

    /**
     * @return when the last finished rounds' tasks ran on the executors (driver clock), oldest first: rounds of
     *     different threads whose spans intersect ran at the same time
     */
    List<DriverAgent.RoundSpan> roundSpans() {
        return agent.roundSpans();
    }

    /** @return the local cluster's processes (empty for an external cluster) */
    List<Process> processes() {
        return local == null ? List.of() : local.processes();
    }

    /** @return the executors' process ids, as they registered */
    List<Long> executorPids() {
        List<Long> out = new ArrayList<>();
        for (DriverAgent.Member m : agent.members()) {
            out.add(m.pid);
        }
        return out;
    }

    /** Stops the driver without telling the executors, as if its process had died (tests). */
    void abandon() {
        agent.stop();
    }

    @Override
    public int parallelism() {
        return Math.max(1, agent.totalThreads());
    }

    @Override
    public KernelRegistry kernels() {
        return kernels;
    }

    /** Computes the partition in the driver (for small results and tests); rounds never do this. */
    @Override
    public PartitionRef open(PartitionSource source, int index) {
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
        if (n == 0) {
            return kernel.zero(call.params());
        }
        SourceDescriptor descriptor = source.descriptor();
        ObjectNode plan = JsonNodeFactory.instance.objectNode();
        plan.set("descriptor", descriptor.toJsonNode());
        Set<Long> needed = new LinkedHashSet<>();
        var ids = plan.putArray("persisted");
        walk(source, s -> {
            if (persisted.contains(s.id())) {
                ids.add(s.id());
            }
            if (s instanceof MappedSource m) {
                collectBroadcasts(m.call().params(), needed);
            }
        });
        collectBroadcasts(call.params(), needed);
        byte[] params = WireParams.encode(call.params(), this::checkOwn);
        PartitionSource root = source;
        while (!root.parents().isEmpty()) {
            root = root.parents().get(0);
        }
        FitTrace trace = FitTrace.current();
        FitStats stats = trace == null ? null : trace.stats();
        DriverAgent.RoundRequest request = new DriverAgent.RoundRequest(plan.toString(), root.id() + "/" + n, n,
            depth, call.kernel().getName(), params, needed.stream().mapToLong(Long::longValue).toArray(),
            trace == null ? TraceContext.NONE : trace.nextRound(), stats);
        long passStart = System.nanoTime();
        DriverAgent.RoundResult result;
        try {
            result = agent.runRound(request).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MlException("interrupted while aggregating " + call.kernel().getSimpleName(), e);
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof MlException m) {
                throw new MlException(m.getMessage(), m);
            }
            throw new MlException(call.kernel().getSimpleName() + " failed on the cluster: " + c, c);
        }
        RuntimeMetrics.passDone(RuntimeMetrics.CLUSTER, call.kernel().getSimpleName(), n,
            System.nanoTime() - passStart, stats);
        if (!result.hasValue()) {
            return null;
        }
        ByteBuffer b = ByteBuffer.wrap(result.bytes()).order(ByteOrder.LITTLE_ENDIAN);
        A value = kernel.codec().decode(b);
        if (b.hasRemaining()) {
            throw new MlException(call.kernel().getSimpleName() + ": the result has " + b.remaining()
                + " bytes after the value; its codec does not read what it writes");
        }
        return value;
    }

    private static void walk(PartitionSource s, java.util.function.Consumer<PartitionSource> visit) {
        visit.accept(s);
        for (PartitionSource p : s.parents()) {
            walk(p, visit);
        }
    }

    private static void collectBroadcasts(KernelParams params, Set<Long> out) {
        for (Object v : params.asMap().values()) {
            if (v instanceof Broadcast<?> b) {
                out.add(b.id());
            }
        }
    }

    private void checkOwn(Broadcast<?> b) {
        if (!(b instanceof ClusterBroadcast<?> cb) || cb.encoded() == null) {
            throw new InvalidArgumentException("broadcast #" + b.id() + ": found one made by another runtime,"
                + " expected one from this cluster runtime's broadcast()");
        }
        if (cb.destroyed()) {
            throw new InvalidStateException("broadcast #" + b.id() + " used after destroy()");
        }
    }

    @Override
    public <T> Broadcast<T> broadcast(T value, ValueCodec<T> codec) {
        codecNames.resolve(CodecNames.nameOf(codec));
        ClusterBroadcast<T> b = ClusterBroadcast.inDriver(broadcastIds.incrementAndGet(), value, codec, agent::release);
        agent.register(b);
        return b;
    }

    @Override
    public void persist(PartitionSource source) {
        persisted.add(source.id());
    }

    @Override
    public void unpersist(PartitionSource source) {
        if (persisted.remove(source.id())) {
            agent.unpersist(source.id());
        }
    }

    @Override
    public boolean isPersisted(PartitionSource source) {
        return persisted.contains(source.id());
    }

    /** @return the executors' cache counters, summed, as of their last heartbeats */
    @Override
    public CacheStats cacheStats() {
        return agent.cacheStats();
    }

    /** Tells the executors to exit, stops the driver, and reaps local executors. */
    @Override
    public void close() {
        try {
            statusSection.close();
        } catch (Exception e) {
            // a map removal: cannot fail
        }
        try {
            agent.close();
        } finally {
            if (local != null) {
                local.close();
            }
            if (statusServer != null) {
                statusServer.close();
            }
        }
    }

    @Override
    public String toString() {
        return "ClusterRuntime[driver=" + agent.endpoint() + ", executors=" + agent.memberCount() + "]";
    }
}
