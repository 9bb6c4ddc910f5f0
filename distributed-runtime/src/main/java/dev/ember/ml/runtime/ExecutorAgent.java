package dev.ember.ml.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ember.ml.core.MlException;
import dev.ember.ml.core.observe.RuntimeMetrics;
import dev.ember.ml.core.observe.TraceContext;
import dev.ember.ml.core.runtime.AggregateKernel;
import dev.ember.ml.core.runtime.Broadcast;
import dev.ember.ml.core.runtime.CacheStats;
import dev.ember.ml.core.runtime.KernelParams;
import dev.ember.ml.core.runtime.KernelRegistry;
import dev.ember.ml.core.runtime.PartitionCache;
import dev.ember.ml.core.runtime.PartitionRef;
import dev.ember.ml.core.runtime.PartitionResolver;
import dev.ember.ml.core.runtime.PartitionSource;
import dev.ember.ml.core.runtime.SourceCodec;
import dev.ember.ml.core.runtime.SourceCodecs;
import dev.ember.ml.core.runtime.SourceDescriptor;
import dev.ember.ml.core.runtime.ValueCodec;
import dev.ember.ml.runtime.codecs.PayloadKind;
import io.aeron.FragmentAssembler;
import io.aeron.Publication;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.IdleStrategy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An executor: registers with its driver (HMAC challenge), then on one agent thread relays and runs rounds.
 * Partitions are read straight from their source (rebuilt from the lineage descriptor), cached off-heap under
 * the budget, and folded on a pool of compute threads; tree nodes this executor owns are combined here, in a
 * fixed order, and sent on to the owner of their parent (or, for the root, to the driver). A separate thread
 * sends heartbeats. The executor exits when the driver says so, when the driver falls silent for the driver
 * timeout, or when its parent process (local cluster) is gone.
 *
 * <p>Several rounds (of the driver's several threads) run here at once, one tree-aggregate each, routed by the
 * round id every payload carries; their partition tasks share the compute pool fairly ({@link FairTaskQueue}).
 * A round is forgotten once its own leaves are sent and its tree nodes combined (a few are kept for late
 * speculative copies), or when it fails here.
 *
 * <p>For the driver's self-healing it reports each partition's start and end (TaskStatus), runs speculative
 * copies of other executors' partitions when asked (Speculate; the first leaf to reach its parent's owner is
 * kept), and reports a kernel that runs out of memory with the partition's size (TaskOutOfMemory) instead of
 * dying.
 */
final class ExecutorAgent implements MessageHandler, PartitionResolver {
    /** Exit code: shut down by the driver or the driver went away. */
    static final int EXIT_OK = 0;
    /** Exit code: unexpected failure. */
    static final int EXIT_FAILED = 1;
    /** Exit code: refused by the driver, or the driver failed to prove the secret. */
    static final int EXIT_REFUSED = 3;
    /** Exit code: no driver answered in time. */
    static final int EXIT_NO_DRIVER = 4;

    private static final Logger LOG = LoggerFactory.getLogger(ExecutorAgent.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_EPOCHS_KEPT = 8;
    /** How often an executor that has not joined yet says it is still waiting. */
    private static final long WAIT_LOG_INTERVAL_NS = TimeUnit.SECONDS.toNanos(10);
    /** A pause between rounds after which the next round is logged again. */
    private static final long RESUMED_AFTER_NS = TimeUnit.SECONDS.toNanos(30);
    /** The runtime tag of what executors record. */
    static final String EXECUTOR_RUNTIME = "executor";

    private enum State { CONNECTING, AUTHENTICATING, MEMBER }

    /** What a compute thread tells the agent thread about a task, in the order it happened. */
    private sealed interface TaskEvent permits Started, Completion {
    }

    /** A partition's task ended: its value, or the error; nanos and rows for the driver's straggler check. */
    private record Completion(RoundExecution round, int partition, boolean speculative, Object value,
                              Throwable error, long nanos, long rows, long bytes,
                              List<dev.ember.ml.core.runtime.NodeMeters.Figures> figures) implements TaskEvent {
    }

    /** A partition's task started on a compute thread. */
    private record Started(RoundExecution round, int partition, boolean speculative) implements TaskEvent {
    }

    private record EarlyPartial(int level, int index, boolean hasValue, byte[] bytes) {
    }

    private record HeldRelay(int kind, long epoch, long id, long attempt, byte[] bytes) {
    }

    private final ExecutorOptions options;
    private final ClusterConfig config;
    private final Auth auth;
    private final Transport transport;
    private final ClusterProxy proxy;
    private final FragmentAssembler controlHandler;
    private final FragmentAssembler dataHandler;
    private final ChunkAssembler chunks = new ChunkAssembler(Integer.MAX_VALUE - 64, 4096);
    private final IdleStrategy idle;
    private final KernelRegistry kernels = KernelRegistry.fromServiceLoader();
    private final SourceCodecs sourceCodecs = SourceCodecs.fromServiceLoader();
    private final CodecNames codecNames = CodecNames.load();
    private final PartitionCache cache;
    private final ExecutorService pool;
    /**
     * Starts and ends of tasks in one queue, so the driver hears of a task's start before its end: with two
     * queues a task that started and ended while the agent was sending other completions had its end reported
     * first, and the late start left it "in flight" at the driver for ever (counted stuck at the task timeout).
     */
    private final ConcurrentLinkedQueue<TaskEvent> taskEvents = new ConcurrentLinkedQueue<>();
    private final Publication driverControl;
    private final Publication driverData;

    private State state = State.CONNECTING;
    private final long[] nonce = Auth.nonce();
    private long registrationId;
    private long[] driverNonce;
    private volatile int executorId = -1;
    private int chunkBytes;
    private long heartbeatIntervalMs = 250;
    private long driverTimeoutNs;
    private volatile long lastDriverNs;
    private volatile long epoch;
    private volatile boolean running = true;
    private int exitCode = EXIT_OK;
    private String exitReason = "";
    private Thread heartbeats;
    private final java.util.concurrent.CountDownLatch exited = new java.util.concurrent.CountDownLatch(1);

    private final TreeMap<Long, List<Member>> memberships = new TreeMap<>();
    private final List<HeldRelay> heldRelays = new ArrayList<>();
    private final Map<Long, String> plans = new HashMap<>();
    private final Map<String, PartitionSource> built = new HashMap<>();
    private final Map<String, String> localIds = new HashMap<>();
    private final Set<String> persisted = ConcurrentHashMap.newKeySet();
    private final Map<Long, Broadcast<?>> broadcasts = new ConcurrentHashMap<>();
    private final Map<Long, String> brokenBroadcasts = new HashMap<>();
    private final Set<Long> released = new HashSet<>();
    /** Tasks received and waiting for their plan, broadcasts or membership: the latest attempt of each round. */
    private final Map<Long, TaskSpec> pendingTasks = new java.util.LinkedHashMap<>();
    /**
     * The rounds running here, by round id (the latest attempt of each): several at once when the driver runs
     * rounds of several threads; their tasks share the compute pool through {@link #fairQueue}.
     */
    private final Map<Long, RoundExecution> rounds = new java.util.LinkedHashMap<>();
    /** The latest attempt started of each recent round: older attempts' tasks and partials are dropped. */
    private final TreeMap<Long, Long> startedAttempts = new TreeMap<>();
    /** Partials that arrived before their round's task started here, by round id. */
    private final Map<Long, List<EarlyPartial>> early = new HashMap<>();
    private final FairTaskQueue fairQueue = new FairTaskQueue();
    /** Rounds remembered after they are done here (copies of other executors' partitions may still come). */
    private static final int DONE_ROUNDS_KEPT = 32;
    /** Rounds remembered in {@link #startedAttempts}; and the most rounds with early partials held. */
    private static final int ROUNDS_REMEMBERED = 4096;
    private static final int EARLY_ROUNDS_HELD = 256;
    /** Rounds started here, and when the last one started: for the few lifecycle lines at INFO. */
    private long roundsRun;
    private long lastRoundStartNs;

    /**
     * @param options the command line
     * @param config cluster settings (concluded)
     * @param auth the secret
     */
    ExecutorAgent(ExecutorOptions options, ClusterConfig config, Auth auth) {
        this.options = options;
        this.config = config;
        this.auth = auth;
        this.cache = new PartitionCache(options.cacheBytes());
        AtomicInteger n = new AtomicInteger();
        this.pool = Executors.newFixedThreadPool(options.threads(), r -> {
            Thread t = new Thread(r, "ember-compute-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        this.transport = new Transport("executor", options.bindHost(), options.port(), config);
        this.proxy = new ClusterProxy(config.sendTimeoutMs(), config.maxParkMicros());
        ClusterAdapter adapter = new ClusterAdapter(this);
        this.controlHandler = new FragmentAssembler(safe(adapter));
        this.dataHandler = new FragmentAssembler(safe(adapter));
        this.idle = new BackoffIdleStrategy(10, 10, 1_000, TimeUnit.MICROSECONDS.toNanos(config.maxParkMicros()));
        this.driverControl = transport.publication(options.driver(), Transport.CONTROL_STREAM);
        this.driverData = transport.publication(options.driver(), Transport.DATA_STREAM);
        this.chunkBytes = config.chunkBytes();
    }

    private io.aeron.logbuffer.FragmentHandler safe(ClusterAdapter adapter) {
        return (buffer, offset, length, header) -> {
            try {
                adapter.onFragment(buffer, offset, length, header);
            } catch (ProtocolException e) {
                LOG.debug("dropped a malformed message: {}", e.getMessage());
            } catch (RuntimeException e) {
                LOG.warn("failed to handle a message: {}", e.toString(), e);
            }
        };
    }

    /** @return this executor's endpoint */
    String endpoint() {
        return transport.endpoint();
    }

    /** Asks the agent to stop (from another thread). */
    void stop(String reason) {
        exitReason = reason;
        running = false;
    }

    /**
     * Runs until the driver ends this executor, goes away, or refuses it.
     *
     * @return the exit code
     */
    int run() {
        long start = System.nanoTime();
        long connectTimeout = TimeUnit.MILLISECONDS.toNanos(options.connectTimeoutMs());
        long lastHello = 0;
        long lastParentCheck = 0;
        long lastWaitLog = start;
        LOG.info("executor waiting for the driver at {} (receiving on {}; giving up after {} s)", options.driver(),
            transport.endpoint(), TimeUnit.MILLISECONDS.toSeconds(options.connectTimeoutMs()));
        try {
            while (running) {
                long now = System.nanoTime();
                int work = 0;
                if (state != State.MEMBER) {
                    if (now - start > connectTimeout) {
                        LOG.error("no driver answered at {} within {} ms; exiting", options.driver(),
                            options.connectTimeoutMs());
                        return finish(EXIT_NO_DRIVER);
                    }
                    if (now - lastWaitLog > WAIT_LOG_INTERVAL_NS) {
                        lastWaitLog = now;
                        LOG.info("executor still waiting for the driver at {} ({} s)", options.driver(),
                            TimeUnit.NANOSECONDS.toSeconds(now - start));
                    }
                    if (state == State.CONNECTING && now - lastHello > TimeUnit.MILLISECONDS.toNanos(500)) {
                        lastHello = now;
                        proxy.send(driverControl, proxy.encodeHello(nonce, ProcessHandle.current().pid(),
                            options.threads(), options.cacheBytes(), transport.endpoint(), hostName()), 100);
                    }
                } else {
                    work += drainCompletions();
                    if (now - lastDriverNs > driverTimeoutNs) {
                        LOG.warn("the driver at {} has been silent for {} ms; exiting and freeing this executor's"
                            + " memory", options.driver(), TimeUnit.NANOSECONDS.toMillis(now - lastDriverNs));
                        return finish(EXIT_OK);
                    }
                }
                work += transport.control().poll(controlHandler, 256);
                work += transport.data().poll(dataHandler, 64);
                if (options.parentPid() > 0 && now - lastParentCheck > TimeUnit.MILLISECONDS.toNanos(500)) {
                    lastParentCheck = now;
                    if (!ProcessHandle.of(options.parentPid()).map(ProcessHandle::isAlive).orElse(false)) {
                        LOG.warn("the parent process {} is gone; exiting", options.parentPid());
                        return finish(EXIT_OK);
                    }
                }
                idle.idle(work);
            }
            if (!exitReason.isEmpty()) {
                LOG.info("executor {} exiting after {} rounds: {}", executorId, roundsRun, exitReason);
            }
            return finish(exitCode);
        } catch (RuntimeException | Error e) {
            LOG.error("executor {} failed: {}", executorId, e.toString(), e);
            return finish(EXIT_FAILED);
        }
    }

    /**
     * @param ms how long to wait
     * @return whether the agent has finished cleaning up
     */
    boolean awaitExit(long ms) {
        try {
            return exited.await(ms, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private int finish(int code) {
        try {
            return cleanUp(code);
        } finally {
            exited.countDown();
        }
    }

    private int cleanUp(int code) {
        running = false;
        if (heartbeats != null) {
            heartbeats.interrupt();
            try {
                heartbeats.join(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        pool.shutdownNow();
        try {
            pool.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        cache.close();
        transport.close();
        auth.destroy();
        return code;
    }

    private static String hostName() {
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException e) {
            return "unknown";
        }
    }

    // ---- registration ----

    @Override
    public void onChallenge(long regId, long nonceHi, long nonceLo) {
        if (state != State.CONNECTING) {
            return;
        }
        registrationId = regId;
        driverNonce = new long[] {nonceHi, nonceLo};
        state = State.AUTHENTICATING;
        byte[] mac = auth.executorProof(driverNonce, nonce, regId, transport.endpoint());
        proxy.send(driverControl, proxy.encodeAuthenticate(regId, mac));
    }

    @Override
    public void onWelcome(long regId, int id, int heartbeatMs, int driverTimeoutMs, int chunk, byte[] mac) {
        if (state != State.AUTHENTICATING || regId != registrationId) {
            return;
        }
        if (!Auth.matches(auth.driverProof(nonce, driverNonce, regId, id), mac)) {
            LOG.error("the driver at {} did not prove it holds the secret; exiting", options.driver());
            exitCode = EXIT_REFUSED;
            running = false;
            return;
        }
        if (heartbeatMs < 1 || driverTimeoutMs < 1 || chunk < 1024) {
            throw new ProtocolException("Welcome: found heartbeat " + heartbeatMs + " ms, timeout "
                + driverTimeoutMs + " ms, chunk " + chunk + " bytes, expected positive values");
        }
        executorId = id;
        heartbeatIntervalMs = heartbeatMs;
        driverTimeoutNs = TimeUnit.MILLISECONDS.toNanos(driverTimeoutMs);
        chunkBytes = chunk;
        lastDriverNs = System.nanoTime();
        state = State.MEMBER;
        LOG.info("executor {} joined the driver at {} from {} with {} threads and a {} cache", id,
            options.driver(), transport.endpoint(), options.threads(),
            dev.ember.ml.core.runtime.ByteSizes.format(cache.stats().maxBytes()));
        RuntimeMetrics.bindCache(cache, Integer.toString(id));
        RuntimeMetrics.registerZeroes(EXECUTOR_RUNTIME);
        heartbeats = new Thread(this::heartbeatLoop, "ember-heartbeat");
        heartbeats.setDaemon(true);
        heartbeats.setUncaughtExceptionHandler((t, e) -> {
            // without heartbeats the driver would only see silence: say why, and exit
            LOG.error("executor {}: the heartbeat thread failed: {}; exiting", executorId, e.toString(), e);
            exitCode = EXIT_FAILED;
            stop("the heartbeat thread failed: " + e);
        });
        heartbeats.start();
    }

    @Override
    public void onRefused(long regId, String reason) {
        if (regId != registrationId) {
            return;
        }
        LOG.error("the driver at {} refused this executor: {}", options.driver(), reason);
        exitCode = EXIT_REFUSED;
        running = false;
    }

    private void heartbeatLoop() {
        ClusterProxy hb = new ClusterProxy(heartbeatIntervalMs, config.maxParkMicros());
        while (running) {
            CacheStats s = cache.stats();
            hb.send(driverControl, hb.encodeHeartbeat(executorId, epoch, s.maxBytes(), s.usedBytes(), s.peakBytes(),
                s.cachedPartitions(), s.hits(), s.misses(), s.evictions()), heartbeatIntervalMs);
            try {
                Thread.sleep(heartbeatIntervalMs);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    // ---- driver messages ----

    @Override
    public void onHeartbeat(int id, long ep, long maxBytes, long usedBytes, long peakBytes, int partitions,
                            long hits, long misses, long evictions) {
        if (id == -1 && state == State.MEMBER) {
            lastDriverNs = System.nanoTime();
        }
    }

    @Override
    public void onShutdown(int id, String reason) {
        if (state == State.MEMBER && id == executorId) {
            stop("the driver asked: " + reason);
        }
    }

    @Override
    public void onMembership(long ep, List<Member> members) {
        if (state != State.MEMBER) {
            return;
        }
        lastDriverNs = System.nanoTime();
        memberships.put(ep, List.copyOf(members));
        while (memberships.size() > MAX_EPOCHS_KEPT) {
            memberships.pollFirstEntry();
        }
        if (ep > epoch) {
            epoch = ep;
        }
        List<HeldRelay> held = new ArrayList<>(heldRelays);
        heldRelays.clear();
        for (HeldRelay h : held) {
            onWhole(h.kind(), true, h.epoch(), h.id(), h.attempt(), 0, 0, h.bytes());
        }
        tryStart();
    }

    @Override
    public void onPayload(int kind, boolean hasValue, long ep, long id, long attempt, int level, int index,
                          int totalLength, int chunkOffset, DirectBuffer buffer, int offset, int length) {
        if (state != State.MEMBER) {
            return;
        }
        byte[] whole = chunks.onChunk(new ChunkAssembler.Key(kind, ep, id, attempt, level, index), totalLength,
            chunkOffset, buffer, offset, length);
        if (whole != null) {
            onWhole(kind, hasValue, ep, id, attempt, level, index, whole);
        }
    }

    private void onWhole(int kind, boolean hasValue, long ep, long id, long attempt, int level, int index,
                         byte[] bytes) {
        if (kind == PayloadKind.PARTIAL.value()) {
            onPartial(id, attempt, level, index, hasValue, bytes);
            return;
        }
        if (kind == PayloadKind.RESULT.value()) {
            throw new ProtocolException("Payload: found RESULT at an executor, expected it only at the driver");
        }
        List<Member> ms = memberships.get(ep);
        if (ms == null) {
            if (memberships.isEmpty() || ep > memberships.lastKey()) {
                heldRelays.add(new HeldRelay(kind, ep, id, attempt, bytes));
            }
            return;
        }
        int rank = rankOf(ms, executorId);
        if (rank < 0) {
            return;
        }
        for (int child = 2 * rank + 1; child <= 2 * rank + 2 && child < ms.size(); child++) {
            String peer = ms.get(child).endpoint();
            int stream = kind == PayloadKind.TASK.value() ? Transport.CONTROL_STREAM : Transport.DATA_STREAM;
            proxy.sendPayload(transport.publication(peer, stream), kind, true, ep, id, attempt, 0, 0, bytes,
                chunkBytes);
        }
        if (kind == PayloadKind.PLAN.value()) {
            plans.putIfAbsent(id, new String(bytes, StandardCharsets.UTF_8));
        } else if (kind == PayloadKind.BROADCAST.value()) {
            onBroadcast(bytes);
        } else if (kind == PayloadKind.TASK.value()) {
            onTask(TaskSpec.decode(bytes));
        }
        tryStart();
    }

    private static int rankOf(List<Member> ms, int id) {
        for (int i = 0; i < ms.size(); i++) {
            if (ms.get(i).executorId() == id) {
                return i;
            }
        }
        return -1;
    }

    private void onBroadcast(byte[] bytes) {
        TaskSpec.BroadcastValue bv = TaskSpec.BroadcastValue.decode(bytes);
        long id = bv.broadcastId();
        if (released.contains(id) || broadcasts.containsKey(id)) {
            return;
        }
        try {
            broadcasts.put(id, ClusterBroadcast.inExecutor(id, codecNames.resolve(bv.codec()), bv.value()));
        } catch (RuntimeException e) {
            brokenBroadcasts.put(id, "broadcast #" + id + " does not decode with " + bv.codec() + ": " + e);
        }
    }

    private void onTask(TaskSpec t) {
        for (long id : t.released()) {
            broadcasts.remove(id);
            brokenBroadcasts.remove(id);
            released.add(id);
        }
        for (String driverId : t.unpersisted()) {
            String local = localIds.get(driverId);
            if (local != null && persisted.remove(local)) {
                cache.invalidate(local);
            }
        }
        Long started = startedAttempts.get(t.roundId());
        if (started != null && t.attempt() <= started) {
            return;
        }
        TaskSpec waiting = pendingTasks.get(t.roundId());
        if (waiting == null || t.attempt() > waiting.attempt()) {
            pendingTasks.put(t.roundId(), t);
        }
    }

    private void tryStart() {
        if (pendingTasks.isEmpty()) {
            return;
        }
        for (TaskSpec t : List.copyOf(pendingTasks.values())) {
            if (ready(t)) {
                pendingTasks.remove(t.roundId());
                start(t);
            }
        }
    }

    private boolean ready(TaskSpec t) {
        if (!plans.containsKey(t.planId()) || !memberships.containsKey(t.epoch())) {
            return false;
        }
        for (long id : t.broadcasts()) {
            if (!broadcasts.containsKey(id) && !brokenBroadcasts.containsKey(id)) {
                return false;
            }
        }
        return true;
    }

    /** Starts an attempt of a round beside the other rounds running here; an older attempt of it is cancelled. */
    private void start(TaskSpec t) {
        RoundExecution older = rounds.remove(t.roundId());
        if (older != null) {
            older.cancelled = true;
        }
        startedAttempts.put(t.roundId(), t.attempt());
        while (startedAttempts.size() > ROUNDS_REMEMBERED) {
            startedAttempts.pollFirstEntry();
        }
        chunks.discard(k -> k.kind() == PayloadKind.PARTIAL.value() && k.id() == t.roundId()
            && k.attempt() < t.attempt());
        if (rankOf(memberships.get(t.epoch()), executorId) < 0) {
            early.remove(t.roundId());
            return;
        }
        RoundExecution r;
        try {
            for (long id : t.broadcasts()) {
                String broken = brokenBroadcasts.get(id);
                if (broken != null) {
                    throw new MlException(broken);
                }
            }
            AggregateKernel<Object> kernel = aggregateKernel(t.kernelClass());
            KernelParams params = WireParams.decode(t.params(), this::broadcast);
            PartitionSource source = rebuild(plans.get(t.planId()));
            if (source.numPartitions() != t.numPartitions()) {
                throw new MlException("the lineage rebuilt here has " + source.numPartitions()
                    + " partitions, expected " + t.numPartitions());
            }
            r = new RoundExecution(t, kernel, params, source, memberships.get(t.epoch()));
        } catch (RuntimeException e) {
            early.remove(t.roundId());
            reportFailure(t, -1, e);
            return;
        }
        rounds.put(t.roundId(), r);
        r.start();
        logRunning(t);
        List<EarlyPartial> waiting = early.remove(t.roundId());
        if (waiting != null) {
            for (EarlyPartial p : waiting) {
                onPartial(t.roundId(), t.attempt(), p.level(), p.index(), p.hasValue(), p.bytes());
            }
        }
        r.checkDone();
    }

    /**
     * A round has nothing left to do here (its leaves sent, its tree nodes combined) or failed here: forgets
     * the oldest done rounds beyond the few kept for late speculative copies.
     */
    private void retire(RoundExecution r) {
        if (r.failed) {
            rounds.remove(r.task.roundId(), r);
            return;
        }
        int done = 0;
        for (RoundExecution x : rounds.values()) {
            if (x.done) {
                done++;
            }
        }
        java.util.Iterator<RoundExecution> it = rounds.values().iterator();
        while (done > DONE_ROUNDS_KEPT && it.hasNext()) {
            RoundExecution x = it.next();
            if (x.done) {
                it.remove();
                done--;
            }
        }
    }

    /** One INFO line when the first round starts and when work resumes after a pause; never one per round. */
    private void logRunning(TaskSpec t) {
        long now = System.nanoTime();
        String kernel = t.kernelClass().substring(t.kernelClass().lastIndexOf('.') + 1);
        if (roundsRun == 0) {
            LOG.info("executor {} running: first round {} ({}, {} partitions)", executorId, t.roundId(), kernel,
                t.numPartitions());
        } else if (now - lastRoundStartNs > RESUMED_AFTER_NS) {
            LOG.info("executor {} running again after {} s idle: round {} ({}, {} partitions; {} rounds so far)",
                executorId, TimeUnit.NANOSECONDS.toSeconds(now - lastRoundStartNs), t.roundId(), kernel,
                t.numPartitions(), roundsRun);
        }
        roundsRun++;
        lastRoundStartNs = now;
    }

    @SuppressWarnings("unchecked")
    private AggregateKernel<Object> aggregateKernel(String className) {
        return (AggregateKernel<Object>) kernels.aggregate(className);
    }

    private Broadcast<?> broadcast(long id) {
        Broadcast<?> b = broadcasts.get(id);
        if (b == null) {
            throw new MlException("broadcast #" + id + " is not on this executor");
        }
        return b;
    }

    private PartitionSource rebuild(String planJson) {
        JsonNode plan;
        try {
            plan = JSON.readTree(planJson);
        } catch (java.io.IOException e) {
            throw new ProtocolException("plan: the JSON does not parse: " + e.getMessage(), e);
        }
        SourceDescriptor d = SourceDescriptor.fromJsonNode(plan.get("descriptor"));
        PartitionSource top = sourceCodecs.rebuild(d, new SourceCodec.Context(kernels, this::broadcast), built);
        Set<String> wanted = new HashSet<>();
        for (JsonNode id : plan.path("persisted")) {
            wanted.add(id.asText());
        }
        markPersisted(d, wanted);
        return top;
    }

    private void markPersisted(SourceDescriptor d, Set<String> wanted) {
        PartitionSource local = built.get(d.sourceId());
        if (local == null) {
            // below a node rebuilt before under the same id (equal content, e.g. a fused map over another probe
            // of the same source): not rebuilt, not used
            return;
        }
        localIds.put(d.sourceId(), local.id());
        if (wanted.contains(d.sourceId())) {
            persisted.add(local.id());
        } else if (persisted.remove(local.id())) {
            cache.invalidate(local.id());
        }
        for (SourceDescriptor p : d.parents()) {
            markPersisted(p, wanted);
        }
    }

    @Override
    public PartitionRef open(PartitionSource source, int index) {
        if (persisted.contains(source.id())) {
            return cache.acquire(new PartitionCache.Key(source.id(), index), () -> source.compute(index, this));
        }
        return PartitionRef.owning(source.compute(index, this));
    }

    @Override
    public void onSpeculate(long roundId, long attempt, int partition) {
        RoundExecution r = rounds.get(roundId);
        if (state != State.MEMBER || r == null || r.task.attempt() != attempt
            || r.failed || r.cancelled || partition < 0 || partition >= r.task.numPartitions()) {
            LOG.debug("ignored a copy of partition {} of round {} attempt {}: not this executor's current round",
                partition, roundId, attempt);
            return;
        }
        LOG.info("round {} attempt {}: running a speculative copy of partition {} (executor {} has it)", roundId,
            attempt, partition, r.task.owners()[partition]);
        r.run(partition, true);
    }

    private void reportOutOfMemory(TaskSpec t, Completion c) {
        java.lang.Runtime jvm = java.lang.Runtime.getRuntime();
        long heapMax = jvm.maxMemory();
        long heapUsed = jvm.totalMemory() - jvm.freeMemory();
        String msg = String.valueOf(c.error());
        LOG.error("round {} attempt {}: {} ran out of memory on partition {} ({} rows, {} bytes; heap {} of {}"
            + " bytes used): {}", t.roundId(), t.attempt(), t.kernelClass(), c.partition(), c.rows(), c.bytes(),
            heapUsed, heapMax, msg);
        proxy.send(driverControl, proxy.encodeTaskOutOfMemory(executorId, t.roundId(), t.attempt(), c.partition(),
            c.rows(), c.bytes(), heapMax, heapUsed, msg.length() > 8000 ? msg.substring(0, 8000) : msg));
    }

    private void reportFailure(TaskSpec t, int partition, Throwable e) {
        String msg = e.getMessage() == null ? e.toString() : e.getClass().getSimpleName() + ": " + e.getMessage();
        LOG.warn("round {} attempt {} failed{}: {}", t.roundId(), t.attempt(),
            partition >= 0 ? " on partition " + partition : "", msg);
        proxy.send(driverControl, proxy.encodeTaskFailed(executorId, t.roundId(), t.attempt(), partition,
            msg.length() > 8000 ? msg.substring(0, 8000) : msg));
    }

    private int drainCompletions() {
        int n = 0;
        TaskEvent event;
        while ((event = taskEvents.poll()) != null) {
            n++;
            if (event instanceof Started s) {
                RoundExecution r = s.round();
                proxy.send(driverControl, proxy.encodeTaskStatus(executorId, r.task.roundId(), r.task.attempt(),
                    s.partition(), false, s.speculative(), 0, 0));
                continue;
            }
            Completion c = (Completion) event;
            RoundExecution r = c.round();
            if (c.error() == null && !c.figures().isEmpty()) {
                // the plan's counting nodes: before the status, which the driver takes as the task's end
                proxy.send(driverControl, proxy.encodeNodeFigures(executorId, r.task.roundId(), r.task.attempt(),
                    c.partition(), c.speculative(), c.figures()));
            }
            // every task that returns is reported, of any round: the driver tracks threads that never return
            proxy.send(driverControl, proxy.encodeTaskStatus(executorId, r.task.roundId(), r.task.attempt(),
                c.partition(), true, c.speculative(), c.error() == null ? c.nanos() : -1, Math.max(0, c.rows())));
            if (rounds.get(r.task.roundId()) != r || r.cancelled || r.failed) {
                continue;
            }
            if (c.error() instanceof OutOfMemoryError) {
                r.failed = true;
                reportOutOfMemory(r.task, c);
                retire(r);
                continue;
            }
            if (c.error() != null) {
                r.failed = true;
                reportFailure(r.task, c.partition(), c.error());
                retire(r);
                continue;
            }
            try {
                if (!c.speculative()) {
                    r.leavesDone++;
                }
                r.deliver(0, c.partition(), c.value());
                r.checkDone();
            } catch (RuntimeException e) {
                r.failed = true;
                reportFailure(r.task, c.partition(), e);
                retire(r);
            }
        }
        return n;
    }

    private void onPartial(long roundId, long attempt, int level, int index, boolean hasValue, byte[] bytes) {
        RoundExecution r = rounds.get(roundId);
        if (r != null && r.task.attempt() == attempt) {
            if (!r.failed && !r.cancelled) {
                try {
                    r.accept(level, index, hasValue ? r.decode(bytes) : null);
                    r.checkDone();
                } catch (ProtocolException e) {
                    LOG.debug("dropped a partial: {}", e.getMessage());
                } catch (RuntimeException e) {
                    r.failed = true;
                    reportFailure(r.task, -1, e);
                    retire(r);
                }
            }
            return;
        }
        Long started = startedAttempts.get(roundId);
        boolean forgotten = started == null && !startedAttempts.isEmpty() && roundId < startedAttempts.firstKey();
        if ((started == null || attempt > started) && !forgotten) {
            // a partial of a round (or attempt) whose task has not started here yet: held until it does
            if (!early.containsKey(roundId) && early.size() >= EARLY_ROUNDS_HELD) {
                early.remove(java.util.Collections.min(early.keySet()));
            }
            early.computeIfAbsent(roundId, k -> new ArrayList<>())
                .add(new EarlyPartial(level, index, hasValue, bytes));
        }
    }

    /** One attempt of a round on this executor: its leaves, the tree nodes it owns, and what it sends. */
    private final class RoundExecution {
        final TaskSpec task;
        final AggregateKernel<Object> kernel;
        final KernelParams params;
        final PartitionSource source;
        final List<Member> members;
        final TreePlan tree;
        final String kernelName;
        final Map<Long, Object[]> slots = new HashMap<>();
        final Map<Long, boolean[]> filled = new HashMap<>();
        final Map<Long, Integer> counts = new HashMap<>();
        /** Nodes already combined and sent on: a late copy of one of their children is dropped. */
        final Set<Long> combined = new HashSet<>();
        /** This executor's own partitions, the tree nodes above the leaves it owns, and those done so far. */
        final int leavesOwned;
        final int nodesOwned;
        int leavesDone;
        volatile boolean cancelled;
        boolean failed;
        /** Nothing left to do here: every own leaf sent and every owned node combined. */
        volatile boolean done;

        RoundExecution(TaskSpec task, AggregateKernel<Object> kernel, KernelParams params, PartitionSource source,
                       List<Member> members) {
            this.task = task;
            this.kernel = kernel;
            this.params = params;
            this.source = source;
            this.members = members;
            this.tree = new TreePlan(task.numPartitions(), task.depth());
            this.kernelName = DriverMetrics.simpleName(task.kernelClass());
            int leaves = 0;
            for (int owner : task.owners()) {
                if (owner == executorId) {
                    leaves++;
                }
            }
            int nodes = 0;
            for (int level = 1; level <= tree.topLevel(); level++) {
                for (int i = 0; i < tree.size(level); i++) {
                    if (tree.owner(task.owners(), level, i) == executorId) {
                        nodes++;
                    }
                }
            }
            this.leavesOwned = leaves;
            this.nodesOwned = nodes;
        }

        /** Marks the round done here once its own leaves are sent and its nodes combined, and retires it. */
        void checkDone() {
            if (!done && !failed && !cancelled && leavesDone >= leavesOwned && combined.size() >= nodesOwned) {
                done = true;
                retire(this);
            }
        }

        void start() {
            int[] owners = task.owners();
            for (int p = 0; p < owners.length; p++) {
                if (owners[p] == executorId) {
                    run(p, false);
                }
            }
        }

        /**
         * Queues a partition's task on the compute pool: the original (this executor owns the partition) or a
         * speculative copy of another executor's. The task is timed and recorded (metrics, the fit's ids in the
         * MDC). Out of memory is caught and reported with the partition's size, so the driver can re-run it
         * elsewhere; the failed allocation is garbage once the task unwinds.
         */
        void run(int partition, boolean speculative) {
            fairQueue.add(task.roundId(), () -> runTask(partition, speculative), speculative);
            pool.execute(() -> {
                Runnable next = fairQueue.poll();
                if (next != null) {
                    next.run();
                }
            });
        }

        private void runTask(int partition, boolean speculative) {
            if (cancelled || failed) {
                return;
            }
            taskEvents.add(new Started(this, partition, speculative));
            String executor = Integer.toString(executorId);
            RuntimeMetrics.TaskClock clock = RuntimeMetrics.startTask();
            task.trace().enterMdc(partition, executor);
            long t0 = System.nanoTime();
            long rows = -1;
            long bytes = -1;
            dev.ember.ml.core.runtime.NodeMeters.startTask();
            try (PartitionRef ref = open(source, partition)) {
                rows = ref.partition().numRows();
                bytes = ref.partition().sizeInBytes();
                long k0 = System.nanoTime();
                Object acc = kernel.seqOp(kernel.zero(params), ref.partition(), params);
                long kernelNanos = System.nanoTime() - k0;
                RuntimeMetrics.taskDone(executor, kernelName, clock, kernelNanos, rows, bytes, null);
                if (speculative) {
                    RuntimeMetrics.speculative(EXECUTOR_RUNTIME, null);
                }
                if (LOG.isDebugEnabled()) {
                    LOG.debug("round {} attempt {}: partition {} folded by {} in {} us", task.roundId(),
                        task.attempt(), partition, kernelName, kernelNanos / 1000);
                }
                taskEvents.add(new Completion(this, partition, speculative, acc, null, System.nanoTime() - t0,
                    rows, bytes, dev.ember.ml.core.runtime.NodeMeters.endTask()));
            } catch (RuntimeException | Error e) {
                RuntimeMetrics.taskFailed(executor, kernelName, null);
                taskEvents.add(new Completion(this, partition, speculative, null, e, System.nanoTime() - t0,
                    rows, bytes, List.of()));
            } finally {
                dev.ember.ml.core.runtime.NodeMeters.endTask();
                TraceContext.exitMdc();
            }
        }

        Object decode(byte[] bytes) {
            ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
            ValueCodec<Object> codec = kernel.codec();
            Object v = codec.decode(b);
            if (b.hasRemaining()) {
                throw new ProtocolException("partial: " + b.remaining() + " bytes left after the value");
            }
            return v;
        }

        byte[] encode(Object value) {
            ValueCodec<Object> codec = kernel.codec();
            ByteBuffer b = ByteBuffer.allocate(codec.encodedLength(value)).order(ByteOrder.LITTLE_ENDIAN);
            codec.encode(value, b);
            return b.array();
        }

        /** A node's value is ready here: pass it up. */
        void deliver(int level, int index, Object value) {
            if (level == tree.topLevel()) {
                byte[] bytes = value == null ? null : encode(value);
                RuntimeMetrics.treeAggregate(EXECUTOR_RUNTIME, bytes == null ? 0 : bytes.length, 0, null);
                proxy.sendPayload(driverData, PayloadKind.RESULT.value(), value != null, task.epoch(), task.roundId(),
                    task.attempt(), level, index, bytes, chunkBytes);
                return;
            }
            int parent = index / tree.scale();
            int owner = tree.owner(task.owners(), level + 1, parent);
            if (owner == executorId) {
                accept(level, index, value);
                return;
            }
            String peer = null;
            for (Member m : members) {
                if (m.executorId() == owner) {
                    peer = m.endpoint();
                }
            }
            if (peer == null) {
                throw new MlException("round " + task.roundId() + ": executor " + owner + " is not in epoch "
                    + task.epoch());
            }
            byte[] bytes = value == null ? null : encode(value);
            RuntimeMetrics.treeAggregate(EXECUTOR_RUNTIME, bytes == null ? 0 : bytes.length, 0, null);
            proxy.sendPayload(transport.publication(peer, Transport.DATA_STREAM), PayloadKind.PARTIAL.value(),
                value != null, task.epoch(), task.roundId(), task.attempt(), level, index, bytes, chunkBytes);
        }

        /** A child of a node this executor owns arrived (from here or from another executor). */
        void accept(int level, int index, Object value) {
            if (level < 0 || level >= tree.topLevel() || index < 0 || index >= tree.size(level)) {
                throw new ProtocolException("partial: found node (" + level + ", " + index + "), expected a node"
                    + " below the root of a " + tree.leaves() + "-leaf tree");
            }
            int parentLevel = level + 1;
            int parent = index / tree.scale();
            if (tree.owner(task.owners(), parentLevel, parent) != executorId) {
                throw new ProtocolException("partial: node (" + level + ", " + index + ") arrived at executor "
                    + executorId + ", which does not own its parent");
            }
            long key = ((long) parentLevel << 32) | parent;
            if (combined.contains(key)) {
                return;
            }
            int childCount = tree.childCount(parentLevel, parent);
            Object[] values = slots.computeIfAbsent(key, k -> new Object[childCount]);
            boolean[] has = filled.computeIfAbsent(key, k -> new boolean[childCount]);
            int pos = index - parent * tree.scale();
            if (has[pos]) {
                return;
            }
            has[pos] = true;
            values[pos] = value;
            int count = counts.merge(key, 1, Integer::sum);
            if (count == childCount) {
                combined.add(key);
                slots.remove(key);
                filled.remove(key);
                counts.remove(key);
                long c0 = System.nanoTime();
                Object acc = values[0];
                for (int c = 1; c < childCount; c++) {
                    acc = kernel.combOp(acc, values[c]);
                }
                RuntimeMetrics.treeAggregate(EXECUTOR_RUNTIME, 0, System.nanoTime() - c0, null);
                deliver(parentLevel, parent, acc);
            }
        }
    }
}
