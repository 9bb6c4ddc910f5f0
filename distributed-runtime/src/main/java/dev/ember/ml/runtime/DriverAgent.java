package dev.ember.ml.runtime;

import dev.ember.ml.core.MlException;
import dev.ember.ml.core.observe.FitStats;
import dev.ember.ml.core.observe.RuntimeMetrics;
import dev.ember.ml.core.observe.TraceContext;
import dev.ember.ml.core.runtime.CacheStats;
import dev.ember.ml.runtime.codecs.PayloadKind;
import io.aeron.FragmentAssembler;
import io.aeron.Publication;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.IdleStrategy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;

/**
 * The driver's side of the protocol, on one thread that owns all of its state: registration and
 * authentication, heartbeats and loss detection, membership epochs, partition placement, and running rounds
 * (shipping the plan, broadcasts and task to rank 0, which relays them, and waiting for the one result the root
 * executor sends). API threads talk to it through {@link #submit} and futures.
 *
 * <p>Rounds submitted by several threads run at once (up to {@link ClusterConfig#maxConcurrentRounds()}), each
 * with its own id on every message, attempts and self-healing; an executor loss re-runs only the rounds that had
 * work on it.
 *
 * <p>Per round the driver sends one task, each new broadcast once and each new plan once per epoch, and
 * receives one result, whatever the number of executors; heartbeats are per interval, not per round.
 *
 * <p>Self-healing, from the executors' TaskStatus messages: stragglers get a speculative copy on another
 * executor ({@link AttemptTasks}; the first leaf to reach its parent's owner wins, so the result is the same
 * bit for bit); an executor with a task running past the task timeout (a kernel that never returns) is
 * excluded and the round re-run without it; a partition whose kernel ran out of memory is moved to an executor
 * that has not failed it yet and the round re-run, or the round fails naming the partition and its size.
 */
final class DriverAgent implements MessageHandler, Runnable, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DriverAgent.class);
    private static final int MAX_PENDING_REGISTRATIONS = 64;
    private static final long REGISTRATION_TIMEOUT_NS = TimeUnit.SECONDS.toNanos(10);
    /** How long a round's result waits for TaskStatus messages still on their way before the round ends anyway. */
    private static final long HELD_RESULT_NS = TimeUnit.MILLISECONDS.toNanos(500);

    /** What a finished round returns: the root's encoded accumulator, or none. */
    record RoundResult(boolean hasValue, byte[] bytes) {
    }

    /** A round to run, as the runtime prepared it, with the ids and figures of the fit it works for. */
    record RoundRequest(String planJson, String placementKey, int numPartitions, int depth, String kernelClass,
                        byte[] params, long[] broadcasts, TraceContext trace, FitStats stats, String thread) {
        RoundRequest(String planJson, String placementKey, int numPartitions, int depth, String kernelClass,
                     byte[] params, long[] broadcasts, TraceContext trace, FitStats stats) {
            this(planJson, placementKey, numPartitions, depth, kernelClass, params, broadcasts, trace, stats,
                Thread.currentThread().getName());
        }
    }

    private static final class Pending {
        final long registrationId;
        final long[] executorNonce;
        final long[] driverNonce;
        final String endpoint;
        final String host;
        final long pid;
        final int threads;
        final long createdNs;

        Pending(long registrationId, long[] executorNonce, long[] driverNonce, String endpoint, String host, long pid,
                int threads, long createdNs) {
            this.registrationId = registrationId;
            this.executorNonce = executorNonce;
            this.driverNonce = driverNonce;
            this.endpoint = endpoint;
            this.host = host;
            this.pid = pid;
            this.threads = threads;
            this.createdNs = createdNs;
        }
    }

    static final class Member {
        final int id;
        final String endpoint;
        final String host;
        final long pid;
        final int threads;
        volatile long lastSeenNs;
        /** Tasks started here whose thread has not returned, of any round: a stuck kernel shows here. */
        final Map<TaskKey, InFlight> inFlight = new HashMap<>();
        /** A task here ran past the timeout while this was the last executor: reported once, not excluded. */
        boolean stuckReported;
        volatile CacheStats stats = new CacheStats(0, 0, 0, 0, 0, 0, 0);

        Member(int id, String endpoint, String host, long pid, int threads, long now) {
            this.id = id;
            this.endpoint = endpoint;
            this.host = host;
            this.pid = pid;
            this.threads = threads;
            this.lastSeenNs = now;
        }

        @Override
        public String toString() {
            return "executor " + id + " at " + endpoint + " (" + host + ", pid " + pid + ")";
        }
    }

    /**
     * When a finished round's tasks ran on the executors (driver clock, from their TaskStatus messages): from the
     * first task's start to the last partition's end. Two rounds whose spans intersect ran at the same time.
     *
     * @param roundId the round
     * @param kernel the aggregate kernel's class name
     * @param attempt the attempt that finished it
     * @param firstTaskStartNs when its first task started
     * @param lastTaskEndNs when its last partition finished
     * @param thread the name of the thread that submitted it
     */
    record RoundSpan(long roundId, String kernel, long attempt, long firstTaskStartNs, long lastTaskEndNs,
                     String thread) {
        /** @param o another round @return whether the two rounds' tasks ran at the same time */
        boolean overlaps(RoundSpan o) {
            return firstTaskStartNs < o.lastTaskEndNs && o.firstTaskStartNs < lastTaskEndNs;
        }
    }

    /** One copy of one partition's task. */
    record TaskKey(long roundId, long attempt, int partition, boolean speculative) {
    }

    /** A task running on an executor since {@code startedNs}, of kernel {@code kernel}. */
    record InFlight(long startedNs, String kernel) {
    }

    private final class Round {
        final long roundId;
        final RoundRequest request;
        final long planId;
        final CompletableFuture<RoundResult> future;
        final long[] released;
        final List<String> unpersisted;
        long attempt = -1;
        final long startedNs = System.nanoTime();
        long waitingSinceNs;
        long relaunchAtNs;
        /** The current attempt's tasks, from the executors' TaskStatus; null until launched. */
        AttemptTasks tasks;
        /** Executors each partition ran out of memory on, with the details, in order. */
        final Map<Integer, Map<Integer, String>> outOfMemory = new HashMap<>();
        /** Executors each partition ran past the task timeout on. */
        final Map<Integer, Set<Integer>> timedOut = new HashMap<>();
        /** The current attempt's counting-node figures by task copy, kept until its TaskStatus says who won. */
        final Map<TaskKey, List<dev.ember.ml.core.runtime.NodeMeters.Figures>> figures = new HashMap<>();
        /** The root's value when it arrived before every partition's TaskStatus(FINISHED), and since when. */
        RoundResult heldResult;
        long heldSinceNs;

        Round(long roundId, RoundRequest request, long planId, CompletableFuture<RoundResult> future) {
            this.roundId = roundId;
            this.request = request;
            this.planId = planId;
            this.future = future;
            this.released = releasedPending.stream().mapToLong(Long::longValue).toArray();
            this.unpersisted = List.copyOf(unpersistedPending);
        }
    }

    private final ClusterConfig config;
    private final Auth auth;
    private final Transport transport;
    private final ClusterProxy proxy;
    private final FragmentAssembler controlHandler;
    private final FragmentAssembler dataHandler;
    private final ChunkAssembler chunks = new ChunkAssembler(Integer.MAX_VALUE - 64, 1024);
    private final Queue<Runnable> commands = new ConcurrentLinkedQueue<>();
    private final IdleStrategy idle;
    private final Thread thread;
    private volatile boolean running = true;

    private final Map<Long, Pending> pending = new HashMap<>();
    private long nextRegistrationId = 1;
    private int nextExecutorId = 1;
    private final TreeMap<Integer, Member> members = new TreeMap<>();
    private final List<Member> joiners = new ArrayList<>();
    private final Map<Integer, String> lostEndpoints = new HashMap<>();
    private List<Member> ranks = List.of();
    private long epoch;

    private final Map<Long, ClusterBroadcast<?>> broadcasts = new HashMap<>();
    private final Set<Long> shippedBroadcasts = new HashSet<>();
    private final Set<Long> releasedPending = new LinkedHashSet<>();
    private final List<String> unpersistedPending = new ArrayList<>();
    private final Map<String, Long> planIds = new HashMap<>();
    private final Map<Long, byte[]> plans = new HashMap<>();
    private final Set<Long> shippedPlans = new HashSet<>();
    private final Map<String, int[]> placements = new HashMap<>();
    private final List<Map.Entry<Integer, CompletableFuture<Void>>> executorWaiters = new ArrayList<>();
    /**
     * Rounds on the executors now, by round id, in start order: rounds submitted from several threads (parallel
     * trials, CV folds, independent passes) run at once, up to {@link ClusterConfig#maxConcurrentRounds()}; every
     * message names its round, so results, statuses and failures reach the right one.
     */
    private final Map<Long, Round> active = new java.util.LinkedHashMap<>();
    /** Rounds submitted while {@code maxConcurrentRounds} run, started in submission order. */
    private final java.util.ArrayDeque<Round> queued = new java.util.ArrayDeque<>();
    private long nextRoundId = 1;
    private long lastHeartbeatNs;

    private volatile int totalThreads;
    private volatile int memberCount;
    private volatile long refusals;
    private volatile long malformed;
    private volatile long stale;
    private volatile long roundsCompleted;
    private volatile long roundsRelaunched;
    private volatile long speculativeCopies;
    private volatile long speculativeWins;
    private volatile long executorsExcluded;
    private volatile long outOfMemoryRelaunches;
    private volatile java.util.function.Consumer<Member> onExcluded = m -> { };
    /** For the status page, recorded only while it is served: finished rounds and departed executors. */
    private final java.util.ArrayDeque<Map<String, Object>> recentRounds = new java.util.ArrayDeque<>();
    private final java.util.ArrayDeque<Map<String, Object>> departed = new java.util.ArrayDeque<>();
    private static final int RECENT_ROUNDS = 30;
    /** The spans of the last finished rounds, newest last (for tests and the status page). */
    private final java.util.concurrent.ConcurrentLinkedDeque<RoundSpan> spans =
        new java.util.concurrent.ConcurrentLinkedDeque<>();
    private static final int SPANS_KEPT = 512;
    private volatile List<Member> memberSnapshot = List.of();

    /**
     * @param config settings (concluded)
     * @param auth the secret
     * @param bindHost the address to bind
     * @param port the port, or 0 for a free one
     */
    DriverAgent(ClusterConfig config, Auth auth, String bindHost, int port) {
        this.config = config;
        this.auth = auth;
        this.transport = new Transport("driver", bindHost, port, config);
        this.proxy = new ClusterProxy(config.sendTimeoutMs(), config.maxParkMicros());
        ClusterAdapter adapter = new ClusterAdapter(this);
        this.controlHandler = new FragmentAssembler(safe(adapter));
        this.dataHandler = new FragmentAssembler(safe(adapter));
        this.idle = new BackoffIdleStrategy(10, 10, 1_000, TimeUnit.MICROSECONDS.toNanos(config.maxParkMicros()));
        DriverMetrics.register(this);
        this.thread = new Thread(this, "ember-driver-agent");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    private io.aeron.logbuffer.FragmentHandler safe(ClusterAdapter adapter) {
        return (buffer, offset, length, header) -> {
            try {
                adapter.onFragment(buffer, offset, length, header);
            } catch (ProtocolException e) {
                malformed++;
                LOG.debug("dropped a malformed message: {}", e.getMessage());
            } catch (RuntimeException e) {
                malformed++;
                LOG.warn("failed to handle a message: {}", e.toString());
            }
        };
    }

    /** @return the driver's endpoint, host:port */
    String endpoint() {
        return transport.endpoint();
    }

    /** @return executors refused so far */
    long refusals() {
        return refusals;
    }

    /** @return malformed messages dropped so far */
    long malformed() {
        return malformed;
    }

    /** @return messages of finished rounds dropped so far */
    long stale() {
        return stale;
    }

    /** @return rounds completed so far */
    long roundsCompleted() {
        return roundsCompleted;
    }

    /** @return attempts re-run after an executor loss so far */
    long roundsRelaunched() {
        return roundsRelaunched;
    }

    /** @return speculative copies launched so far */
    long speculativeCopies() {
        return speculativeCopies;
    }

    /** @return speculative copies that finished before their original so far */
    long speculativeWins() {
        return speculativeWins;
    }

    /** @return executors excluded so far (a task past the task timeout) */
    long executorsExcluded() {
        return executorsExcluded;
    }

    /** @return attempts re-run with a partition moved after it ran out of memory */
    long outOfMemoryRelaunches() {
        return outOfMemoryRelaunches;
    }

    /** @param listener told (on the agent thread) of each executor excluded */
    void onExcluded(java.util.function.Consumer<Member> listener) {
        this.onExcluded = listener;
    }

    /**
     * The status page's view of this driver, built on the agent thread: counters, executors (live, joining, lost
     * or excluded, with heartbeat age, running tasks and cache), the running round and recent ones with a line
     * per task.
     *
     * @return completes with JSON-able maps
     */
    CompletableFuture<Map<String, Object>> status() {
        CompletableFuture<Map<String, Object>> f = new CompletableFuture<>();
        submit(() -> f.complete(statusNow(System.nanoTime())));
        return f;
    }

    private Map<String, Object> statusNow(long now) {
        Map<String, Object> out = new java.util.LinkedHashMap<>();
        out.put("driver", endpoint());
        out.put("epoch", epoch);
        out.put("roundsCompleted", roundsCompleted);
        out.put("roundsRelaunched", roundsRelaunched);
        out.put("speculativeCopies", speculativeCopies);
        out.put("speculativeWins", speculativeWins);
        out.put("executorsExcluded", executorsExcluded);
        out.put("outOfMemoryRelaunches", outOfMemoryRelaunches);
        List<Map<String, Object>> executors = new ArrayList<>();
        for (Member m : members.values()) {
            executors.add(executorView(m, "live", now));
        }
        for (Member m : joiners) {
            executors.add(executorView(m, "joining", now));
        }
        executors.addAll(departed);
        out.put("executors", executors);
        CacheStats c = cacheStats();
        out.put("cache", Map.of("maxBytes", c.maxBytes(), "usedBytes", c.usedBytes(), "cachedPartitions",
            c.cachedPartitions(), "hits", c.hits(), "misses", c.misses(), "evictions", c.evictions()));
        List<Map<String, Object>> rounds = new ArrayList<>();
        for (Round q : queued) {
            Map<String, Object> v = new java.util.LinkedHashMap<>();
            v.put("id", q.roundId);
            v.put("kernel", q.request.kernelClass());
            v.put("attempt", 0);
            v.put("state", "queued");
            v.put("millis", TimeUnit.NANOSECONDS.toMillis(now - q.startedNs));
            rounds.add(v);
        }
        for (Round r : active.values()) {
            rounds.add(roundView(r, "running", null, now));
        }
        rounds.addAll(recentRounds);
        out.put("rounds", rounds);
        return out;
    }

    private static Map<String, Object> executorView(Member m, String state, long now) {
        return StatusViews.executor(m, state, now);
    }

    private static Map<String, Object> roundView(Round r, String state, String error, long now) {
        return StatusViews.round(r.roundId, r.request.kernelClass(), r.attempt, state, r.startedNs, error, r.tasks,
            now);
    }

    /** @return the spans of the last finished rounds (up to 512), oldest first */
    List<RoundSpan> roundSpans() {
        return List.copyOf(spans);
    }

    /** @return the executors now */
    List<Member> members() {
        return memberSnapshot;
    }

    int totalThreads() {
        return totalThreads;
    }

    int memberCount() {
        return memberCount;
    }

    /** @param command runs on the agent thread */
    void submit(Runnable command) {
        if (!running) {
            throw new MlException("the cluster runtime is closed");
        }
        commands.add(command);
    }

    /**
     * @param n executors to wait for
     * @return completes when at least n are members
     */
    CompletableFuture<Void> awaitExecutors(int n) {
        CompletableFuture<Void> f = new CompletableFuture<>();
        submit(() -> {
            executorWaiters.add(Map.entry(n, f));
            checkWaiters();
        });
        return f;
    }

    /** @param b a new broadcast */
    void register(ClusterBroadcast<?> b) {
        submit(() -> broadcasts.put(b.id(), b));
    }

    /** @param id a destroyed broadcast */
    void release(long id) {
        if (running) {
            submit(() -> {
                broadcasts.remove(id);
                shippedBroadcasts.remove(id);
                releasedPending.add(id);
            });
        }
    }

    /** @param sourceId a driver source no longer cached */
    void unpersist(String sourceId) {
        if (running) {
            submit(() -> unpersistedPending.add(sourceId));
        }
    }

    /**
     * @param request the round
     * @return completes with the root's value
     */
    CompletableFuture<RoundResult> runRound(RoundRequest request) {
        CompletableFuture<RoundResult> f = new CompletableFuture<>();
        submit(() -> {
            Long planId = planIds.get(request.planJson());
            if (planId == null) {
                planId = (long) planIds.size() + 1;
                planIds.put(request.planJson(), planId);
                plans.put(planId, request.planJson().getBytes(StandardCharsets.UTF_8));
            }
            Round round = new Round(nextRoundId++, request, planId, f);
            if (active.size() >= config.maxConcurrentRounds()) {
                queued.add(round);
                return;
            }
            start(round);
        });
        return f;
    }

    private void start(Round round) {
        admitJoiners();
        active.put(round.roundId, round);
        round.waitingSinceNs = System.nanoTime();
        launch(round);
    }

    /** Executors that joined while rounds ran become members (a new epoch) before the next round starts. */
    private void admitJoiners() {
        if (!joiners.isEmpty()) {
            for (Member m : joiners) {
                members.put(m.id, m);
            }
            joiners.clear();
            newEpoch();
        }
    }

    CacheStats cacheStats() {
        long max = 0;
        long used = 0;
        long peak = 0;
        int parts = 0;
        long hits = 0;
        long misses = 0;
        long evictions = 0;
        for (Member m : memberSnapshot) {
            CacheStats s = m.stats;
            max += s.maxBytes();
            used += s.usedBytes();
            peak += s.peakBytes();
            parts += s.cachedPartitions();
            hits += s.hits();
            misses += s.misses();
            evictions += s.evictions();
        }
        return new CacheStats(max, used, peak, parts, hits, misses, evictions);
    }

    @Override
    public void run() {
        while (running) {
            int work = 0;
            try {
                Runnable c;
                while ((c = commands.poll()) != null) {
                    c.run();
                    work++;
                }
                work += transport.control().poll(controlHandler, 256);
                work += transport.data().poll(dataHandler, 64);
                work += timers(System.nanoTime());
            } catch (RuntimeException e) {
                LOG.error("driver agent: {}", e.toString(), e);
            }
            idle.idle(work);
        }
    }

    private int timers(long now) {
        int work = 0;
        if (now - lastHeartbeatNs > TimeUnit.MILLISECONDS.toNanos(config.heartbeatIntervalMs())) {
            lastHeartbeatNs = now;
            for (Member m : members.values()) {
                sendControl(m.endpoint, proxy.encodeHeartbeat(-1, epoch, 0, 0, 0, 0, 0, 0, 0), 50);
            }
            for (Member m : joiners) {
                sendControl(m.endpoint, proxy.encodeHeartbeat(-1, epoch, 0, 0, 0, 0, 0, 0, 0), 50);
            }
            work++;
        }
        long timeout = TimeUnit.MILLISECONDS.toNanos(config.executorTimeoutMs());
        List<Member> lost = new ArrayList<>();
        for (Member m : members.values()) {
            if (now - m.lastSeenNs > timeout) {
                lost.add(m);
            }
        }
        for (Member m : joiners) {
            if (now - m.lastSeenNs > timeout) {
                lost.add(m);
            }
        }
        if (!lost.isEmpty()) {
            onLost(lost, now);
            work++;
        }
        pending.values().removeIf(p -> now - p.createdNs > REGISTRATION_TIMEOUT_NS);
        work += checkStuckTasks(now);
        work += speculate(now);
        for (Round r : List.copyOf(active.values())) {
            if (r.heldResult != null && now - r.heldSinceNs > HELD_RESULT_NS) {
                finish(r, r.heldResult, null);
                continue;
            }
            if (r.attempt < 0 || r.relaunchAtNs != 0 && now - r.relaunchAtNs > 0) {
                if (members.isEmpty() && now - r.waitingSinceNs > TimeUnit.MILLISECONDS.toNanos(config.executorWaitMs())) {
                    finish(r, null, new MlException("no executors: every executor was lost and none joined within "
                        + config.executorWaitMs() + " ms (" + ClusterConfig.EXECUTOR_WAIT_PROP + ")"));
                } else if (!members.isEmpty()) {
                    launch(r);
                }
            }
        }
        return work;
    }

    /**
     * Excludes every executor with a task running past the task timeout: its thread does not return (a kernel in
     * an endless loop on a healthy, heartbeating executor), so the executor is told to exit, its partitions go to
     * the others and the round is re-run as a new attempt; a partition that times out on two executors fails
     * the round.
     */
    private int checkStuckTasks(long now) {
        long timeoutMs = config.taskTimeoutMs();
        if (timeoutMs <= 0) {
            return 0;
        }
        long timeout = TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        List<Member> stuck = new ArrayList<>();
        List<TaskKey> keys = new ArrayList<>();
        List<String> reasons = new ArrayList<>();
        for (Member m : members.values()) {
            if (m.stuckReported) {
                continue;
            }
            for (Map.Entry<TaskKey, InFlight> e : m.inFlight.entrySet()) {
                if (now - e.getValue().startedNs() > timeout) {
                    TaskKey k = e.getKey();
                    stuck.add(m);
                    keys.add(k);
                    reasons.add("partition " + k.partition() + " of round " + k.roundId() + " ("
                        + e.getValue().kernel() + (k.speculative() ? ", a speculative copy" : "") + ") has run for "
                        + TimeUnit.NANOSECONDS.toMillis(now - e.getValue().startedNs()) + " ms, past the task timeout"
                        + " of " + timeoutMs + " ms (" + ClusterConfig.TASK_TIMEOUT_PROP + "); its thread does not"
                        + " return");
                    break;
                }
            }
        }
        if (stuck.isEmpty()) {
            return 0;
        }
        List<Member> excluded = new ArrayList<>();
        for (int i = 0; i < stuck.size(); i++) {
            Member m = stuck.get(i);
            TaskKey k = keys.get(i);
            Round r = active.get(k.roundId());
            boolean ofCurrent = r != null;
            if (members.size() - excluded.size() <= 1) {
                // excluding the last executor would leave nothing to re-run on: fail the round instead
                m.stuckReported = true;
                LOG.error("{}: {}; it is the last executor left, so it is not excluded", m, reasons.get(i));
                if (ofCurrent) {
                    finish(r, null, new MlException(r.request.kernelClass() + " on " + m + ": " + reasons.get(i)
                        + "; it is the last executor left, so the round fails"));
                }
                continue;
            }
            if (ofCurrent) {
                Set<Integer> on = r.timedOut.computeIfAbsent(k.partition(), x -> new LinkedHashSet<>());
                on.add(m.id);
                if (on.size() >= 2) {
                    finish(r, null, new MlException(r.request.kernelClass() + ": partition " + k.partition()
                        + " ran past the task timeout of " + timeoutMs + " ms (" + ClusterConfig.TASK_TIMEOUT_PROP
                        + ") on executors " + on + "; the kernel does not return on this partition"));
                }
            }
            executorsExcluded++;
            LOG.warn("{} excluded: {}; telling it to exit and re-running the round without it", m, reasons.get(i));
            sendControl(m.endpoint, proxy.encodeShutdown(m.id, "excluded: " + reasons.get(i)), 500);
            onExcluded.accept(m);
            excluded.add(m);
        }
        if (!excluded.isEmpty()) {
            onLost(excluded, now, "excluded (a task past the task timeout)");
        }
        return 1;
    }

    /** Launches speculative copies of the running attempts' stragglers on other executors. */
    private int speculate(long now) {
        if (!config.speculation() || members.size() < 2) {
            return 0;
        }
        int n = 0;
        for (Round r : active.values()) {
            if (r.tasks != null && r.relaunchAtNs == 0) {
                n += speculate(r, now);
            }
        }
        return n;
    }

    private int speculate(Round r, long now) {
        List<AttemptTasks.Copy> copies = r.tasks.speculate(now, config.speculationMultiplier(),
            config.speculationQuantile(), TimeUnit.MILLISECONDS.toNanos(config.speculationMinTaskRuntimeMs()),
            new ArrayList<>(members.keySet()));
        for (AttemptTasks.Copy c : copies) {
            Member to = members.get(c.executorId());
            speculativeCopies++;
            LOG.info("round {} attempt {} ({}): partition {} on executor {} straggles (median {} ms of {} finished);"
                    + " a speculative copy runs on {}", r.roundId, r.attempt, r.request.kernelClass(), c.partition(),
                r.tasks.owner(c.partition()), TimeUnit.NANOSECONDS.toMillis(r.tasks.medianNanos()),
                r.tasks.finished(), to);
            sendControl(to.endpoint, proxy.encodeSpeculate(r.roundId, r.attempt, c.partition()), 200);
        }
        return copies.size();
    }

    private void onLost(List<Member> lost, long now) {
        onLost(lost, now, null);
    }

    private void onLost(List<Member> lost, long now, String why) {
        for (Member m : lost) {
            if (why == null) {
                LOG.warn("{} lost: no heartbeat for {} ms; its partitions are re-read by the other executors",
                    m, TimeUnit.NANOSECONDS.toMillis(now - m.lastSeenNs));
            }
            members.remove(m.id);
            joiners.remove(m);
            if (dev.ember.ml.core.status.StatusRegistry.enabled()) {
                Map<String, Object> v = executorView(m, why == null ? "lost" : "excluded", now);
                v.put("note", why == null ? "no heartbeat for " + TimeUnit.NANOSECONDS.toMillis(now - m.lastSeenNs)
                    + " ms" : why);
                v.put("runningTasks", 0);
                departed.addFirst(v);
                while (departed.size() > RECENT_ROUNDS) {
                    departed.removeLast();
                }
            }
            DriverMetrics.lost(m);
            lostEndpoints.put(m.id, m.endpoint);
            transport.closePublications(m.endpoint);
        }
        newEpoch();
        // only the rounds that had work on the lost executors re-run; the others go on
        Set<Integer> ids = new HashSet<>();
        for (Member m : lost) {
            ids.add(m.id);
        }
        for (Round r : List.copyOf(active.values())) {
            if (r.tasks != null && !r.tasks.needs(ids)) {
                continue;
            }
            r.waitingSinceNs = now;
            if (members.isEmpty()) {
                r.attempt = Math.max(r.attempt, 0);
                r.relaunchAtNs = now;
            } else {
                roundsRelaunched++;
                RuntimeMetrics.retried(RuntimeMetrics.CLUSTER, r.request.stats());
                launch(r);
            }
        }
    }

    private void newEpoch() {
        epoch++;
        ranks = List.copyOf(members.values());
        shippedBroadcasts.clear();
        shippedPlans.clear();
        List<MessageHandler.Member> list = new ArrayList<>();
        int threads = 0;
        for (Member m : ranks) {
            list.add(new MessageHandler.Member(m.id, m.endpoint));
            threads += m.threads;
        }
        for (Member m : ranks) {
            sendControl(m.endpoint, proxy.encodeMembership(epoch, list), config.sendTimeoutMs());
        }
        totalThreads = threads;
        memberCount = ranks.size();
        memberSnapshot = ranks;
        checkWaiters();
    }

    private void checkWaiters() {
        Iterator<Map.Entry<Integer, CompletableFuture<Void>>> it = executorWaiters.iterator();
        while (it.hasNext()) {
            Map.Entry<Integer, CompletableFuture<Void>> w = it.next();
            if (members.size() >= w.getKey()) {
                w.getValue().complete(null);
                it.remove();
            }
        }
    }

    private void launch(Round r) {
        long now = System.nanoTime();
        r.relaunchAtNs = 0;
        if (members.isEmpty()) {
            r.attempt = Math.max(r.attempt, 0);
            r.relaunchAtNs = now + TimeUnit.MILLISECONDS.toNanos(100);
            return;
        }
        r.attempt++;
        RoundRequest q = r.request;
        int[] owners = placement(q.placementKey(), q.numPartitions());
        Member root = ranks.get(0);
        Publication data = transport.publication(root.endpoint, Transport.DATA_STREAM);
        Publication control = transport.publication(root.endpoint, Transport.CONTROL_STREAM);
        boolean ok = true;
        if (!shippedPlans.contains(r.planId)) {
            ok = proxy.sendPayload(data, PayloadKind.PLAN.value(), true, epoch, r.planId, 0, 0, 0,
                plans.get(r.planId), config.chunkBytes());
            if (ok) {
                shippedPlans.add(r.planId);
            }
        }
        for (long id : q.broadcasts()) {
            if (ok && !shippedBroadcasts.contains(id)) {
                ClusterBroadcast<?> b = broadcasts.get(id);
                if (b == null) {
                    finish(r, null, new MlException("broadcast #" + id + " was destroyed before the round that"
                        + " reads it ran"));
                    return;
                }
                byte[] value = new TaskSpec.BroadcastValue(id, CodecNames.nameOf(b.codec()), b.encoded()).encode();
                ok = proxy.sendPayload(data, PayloadKind.BROADCAST.value(), true, epoch, id, 0, 0, 0, value,
                    config.chunkBytes());
                if (ok) {
                    shippedBroadcasts.add(id);
                }
            }
        }
        if (ok) {
            r.tasks = new AttemptTasks(owners, now);
            r.figures.clear();
            r.heldResult = null;
            TaskSpec task = new TaskSpec(r.roundId, r.attempt, epoch, r.planId, q.depth(), q.numPartitions(),
                q.broadcasts(), r.released, q.kernelClass(), q.params(), owners, r.unpersisted, q.trace());
            ok = proxy.sendPayload(control, PayloadKind.TASK.value(), true, epoch, r.roundId, r.attempt, 0, 0,
                task.encode(), config.chunkBytes());
        }
        if (!ok) {
            LOG.warn("round {} attempt {}: {} did not take the task in {} ms; retrying", r.roundId, r.attempt, root,
                config.sendTimeoutMs());
            shippedPlans.remove(r.planId);
            r.relaunchAtNs = now + TimeUnit.MILLISECONDS.toNanos(200);
        }
    }

    /**
     * The executor of each partition of a lineage root: contiguous blocks over the executors when first used;
     * partitions of a lost executor go to the others in turn; otherwise placement never changes, so cached
     * partitions stay where they are.
     */
    private int[] placement(String key, int n) {
        int[] owners = placements.get(key);
        List<Integer> live = new ArrayList<>(members.keySet());
        if (owners == null || owners.length != n) {
            owners = new int[n];
            int m = live.size();
            for (int p = 0; p < n; p++) {
                owners[p] = live.get((int) ((long) p * m / n));
            }
            placements.put(key, owners);
            return owners.clone();
        }
        int next = 0;
        for (int p = 0; p < n; p++) {
            if (!members.containsKey(owners[p])) {
                owners[p] = live.get(next++ % live.size());
            }
        }
        return owners.clone();
    }

    private void finish(Round r, RoundResult result, Throwable error) {
        if (active.get(r.roundId) != r) {
            return;
        }
        active.remove(r.roundId);
        if (error == null) {
            for (long id : r.released) {
                releasedPending.remove(id);
            }
            unpersistedPending.removeAll(r.unpersisted);
        }
        final long roundId = r.roundId;
        chunks.discard(k -> k.id() == roundId && k.kind() == PayloadKind.RESULT.value());
        if (active.isEmpty()) {
            admitJoiners();
        }
        if (LOG.isDebugEnabled()) {
            LOG.debug("round {} ({}) attempt {} done in {} us", r.roundId, r.request.kernelClass(), r.attempt,
                (System.nanoTime() - r.startedNs) / 1000);
        }
        if (dev.ember.ml.core.status.StatusRegistry.enabled()) {
            recentRounds.addFirst(roundView(r, error == null ? "succeeded" : "failed",
                error == null ? null : error.getMessage(), System.nanoTime()));
            while (recentRounds.size() > RECENT_ROUNDS) {
                recentRounds.removeLast();
            }
        }
        RuntimeMetrics.roundDone(RuntimeMetrics.CLUSTER, System.nanoTime() - r.startedNs, r.request.stats());
        if (error == null && r.tasks != null && r.tasks.firstStartedNs() >= 0) {
            spans.addLast(new RoundSpan(r.roundId, r.request.kernelClass(), r.attempt, r.tasks.firstStartedNs(),
                r.tasks.lastFinishedNs(), r.request.thread()));
            while (spans.size() > SPANS_KEPT) {
                spans.pollFirst();
            }
        }
        if (error != null) {
            r.future.completeExceptionally(error);
        } else {
            roundsCompleted++;
            r.future.complete(result);
        }
        while (active.size() < config.maxConcurrentRounds() && !queued.isEmpty()) {
            start(queued.poll());
        }
    }

    private boolean sendControl(String endpoint, int length, long timeoutMs) {
        return proxy.send(transport.publication(endpoint, Transport.CONTROL_STREAM), length, timeoutMs);
    }

    // ---- messages ----

    @Override
    public void onHello(long nonceHi, long nonceLo, long pid, int threads, long cacheMaxBytes, String endpoint,
                        String hostName) {
        if (pending.size() >= MAX_PENDING_REGISTRATIONS) {
            LOG.warn("ignored a registration from {}: {} registrations already pending", endpoint, pending.size());
            return;
        }
        if (!endpoint.matches("[A-Za-z0-9.\\-\\[\\]:]+:\\d{1,5}") || threads < 1) {
            throw new ProtocolException("Hello: found endpoint '" + endpoint + "' and " + threads
                + " threads, expected host:port and at least one thread");
        }
        long reg = nextRegistrationId++;
        long[] driverNonce = Auth.nonce();
        pending.put(reg, new Pending(reg, new long[] {nonceHi, nonceLo}, driverNonce, endpoint, hostName, pid,
            threads, System.nanoTime()));
        sendControl(endpoint, proxy.encodeChallenge(reg, driverNonce), 2000);
    }

    @Override
    public void onAuthenticate(long registrationId, byte[] mac) {
        Pending p = pending.remove(registrationId);
        if (p == null) {
            return;
        }
        byte[] expected = auth.executorProof(p.driverNonce, p.executorNonce, registrationId, p.endpoint);
        if (!Auth.matches(expected, mac)) {
            refusals++;
            LOG.warn("refused executor at {} (host {}, pid {}): authentication failed, its HMAC does not match;"
                + " it does not hold this driver's secret", p.endpoint, p.host, p.pid);
            sendControl(p.endpoint, proxy.encodeRefused(registrationId, "authentication failed: the HMAC does not"
                + " match; the executor does not hold the driver's secret"), 1000);
            boolean inUse = members.values().stream().anyMatch(m -> m.endpoint.equals(p.endpoint));
            if (!inUse) {
                transport.closePublications(p.endpoint);
            }
            return;
        }
        int id = nextExecutorId++;
        byte[] proof = auth.driverProof(p.executorNonce, p.driverNonce, registrationId, id);
        sendControl(p.endpoint, proxy.encodeWelcome(registrationId, id, config.heartbeatIntervalMs(),
            config.driverTimeoutMs(), config.chunkBytes(), proof), config.sendTimeoutMs());
        Member m = new Member(id, p.endpoint, p.host, p.pid, p.threads, System.nanoTime());
        LOG.info("{} joined with {} threads", m, p.threads);
        DriverMetrics.joined(m);
        if (!active.isEmpty()) {
            joiners.add(m);
        } else {
            members.put(id, m);
            newEpoch();
        }
    }

    @Override
    public void onHeartbeat(int executorId, long ep, long maxBytes, long usedBytes, long peakBytes, int partitions,
                            long hits, long misses, long evictions) {
        Member m = members.get(executorId);
        if (m == null) {
            for (Member j : joiners) {
                if (j.id == executorId) {
                    m = j;
                }
            }
        }
        if (m != null) {
            m.lastSeenNs = System.nanoTime();
            m.stats = new CacheStats(maxBytes, usedBytes, peakBytes, partitions, hits, misses, evictions);
            return;
        }
        String endpoint = lostEndpoints.remove(executorId);
        if (endpoint != null) {
            LOG.warn("executor {} at {} came back after it was declared lost; telling it to exit", executorId,
                endpoint);
            sendControl(endpoint, proxy.encodeShutdown(executorId, "declared lost after missing heartbeats"), 500);
            transport.closePublications(endpoint);
        }
    }

    @Override
    public void onTaskFailed(int executorId, long roundId, long attempt, int partition, String message) {
        Round r = active.get(roundId);
        if (r == null || r.attempt != attempt) {
            stale++;
            return;
        }
        Member m = members.get(executorId);
        RuntimeMetrics.taskFailed(Integer.toString(executorId), DriverMetrics.simpleName(r.request.kernelClass()),
            r.request.stats());
        finish(r, null, new MlException(r.request.kernelClass() + " failed on "
            + (m == null ? "executor " + executorId : m.toString())
            + (partition >= 0 ? ", partition " + partition : "") + ": " + message));
    }

    @Override
    public void onTaskStatus(int executorId, long roundId, long attempt, int partition, boolean finished,
                             boolean speculative, long nanos, long rows) {
        long now = System.nanoTime();
        Member m = members.get(executorId);
        Round r = active.get(roundId);
        boolean isCurrent = r != null && r.attempt == attempt && r.tasks != null;
        if (m != null) {
            TaskKey key = new TaskKey(roundId, attempt, partition, speculative);
            if (finished) {
                m.inFlight.remove(key);
            } else {
                m.inFlight.put(key, new InFlight(now, isCurrent ? r.request.kernelClass() : "round " + roundId));
            }
        }
        if (!isCurrent) {
            return;
        }
        if (!finished) {
            r.tasks.started(partition, speculative, now);
            return;
        }
        List<dev.ember.ml.core.runtime.NodeMeters.Figures> figs =
            r.figures.remove(new TaskKey(roundId, attempt, partition, speculative));
        if (nanos >= 0 && r.tasks.finished(partition, executorId, speculative, nanos, rows, now)) {
            if (figs != null) {
                // the figures of the copy that finished first, as if the partition had been computed once
                figs.forEach(dev.ember.ml.core.runtime.NodeMeters::deliver);
            }
            if (speculative) {
                speculativeWins++;
                LOG.info("round {} attempt {}: the speculative copy of partition {} on executor {} finished first"
                    + " ({} ms)", roundId, attempt, partition, executorId, TimeUnit.NANOSECONDS.toMillis(nanos));
            }
            if (r.heldResult != null && r.tasks.finished() == r.tasks.size()) {
                finish(r, r.heldResult, null);
            }
        }
    }

    @Override
    public void onNodeFigures(int executorId, long roundId, long attempt, int partition, boolean speculative,
                              List<dev.ember.ml.core.runtime.NodeMeters.Figures> figures) {
        Round r = active.get(roundId);
        if (r == null || r.attempt != attempt || r.tasks == null) {
            stale++;
            return;
        }
        r.figures.put(new TaskKey(roundId, attempt, partition, speculative), figures);
    }

    @Override
    public void onTaskOutOfMemory(int executorId, long roundId, long attempt, int partition, long rows, long bytes,
                                  long heapMax, long heapUsed, String message) {
        Round r = active.get(roundId);
        if (r == null || r.attempt != attempt) {
            stale++;
            return;
        }
        Member m = members.get(executorId);
        String size = rows < 0 ? "not read yet" : rows + " rows, " + bytes + " bytes in memory";
        String detail = (m == null ? "executor " + executorId : m.toString()) + " (heap " + heapUsed + " of "
            + heapMax + " bytes used): " + message;
        LOG.warn("round {} attempt {}: {} ran out of memory on partition {} ({}) on {}", roundId, attempt,
            r.request.kernelClass(), partition, size, detail);
        Map<Integer, String> tried = r.outOfMemory.computeIfAbsent(partition, x -> new java.util.LinkedHashMap<>());
        tried.put(executorId, detail);
        Integer target = null;
        for (Integer id : members.keySet()) {
            if (!tried.containsKey(id)) {
                target = id;
                break;
            }
        }
        if (target == null) {
            finish(r, null, new MlException(r.request.kernelClass() + " ran out of memory on partition " + partition
                + " (" + size + ") on every executor that tried it: " + String.join("; ", tried.values())
                + ". Give the executors more memory (-Xmx in " + ClusterConfig.EXECUTOR_JVM_OPTIONS_PROP
                + ", or less --cache-bytes) or read the data into more, smaller partitions"));
            return;
        }
        int[] owners = placements.get(r.request.placementKey());
        if (owners != null && partition >= 0 && partition < owners.length) {
            owners[partition] = target;
        }
        outOfMemoryRelaunches++;
        roundsRelaunched++;
        LOG.warn("round {}: re-running it with partition {} ({}) on executor {}", roundId, partition, size, target);
        launch(r);
    }

    @Override
    public void onPayload(int kind, boolean hasValue, long ep, long id, long attempt, int level, int index,
                          int totalLength, int chunkOffset, DirectBuffer buffer, int offset, int length) {
        if (kind != PayloadKind.RESULT.value()) {
            throw new ProtocolException("Payload: found kind " + kind + " at the driver, expected RESULT");
        }
        byte[] whole = chunks.onChunk(new ChunkAssembler.Key(kind, ep, id, attempt, level, index), totalLength,
            chunkOffset, buffer, offset, length);
        if (whole == null) {
            return;
        }
        Round r = active.get(id);
        if (r == null || r.attempt != attempt) {
            stale++;
            return;
        }
        RuntimeMetrics.treeAggregate(RuntimeMetrics.CLUSTER, whole.length, 0, r.request.stats());
        RoundResult result = new RoundResult(hasValue, whole);
        if (r.tasks != null && r.tasks.finished() < r.tasks.size()) {
            // the result came on the data stream before the last TaskStatus on the control stream: wait for the
            // statuses (and the figures before them) a moment, so that the round's figures are whole when it ends
            r.heldResult = result;
            r.heldSinceNs = System.nanoTime();
            return;
        }
        finish(r, result, null);
    }

    /** Tells every executor to exit, then stops the agent and the transport. */
    @Override
    public void close() {
        if (!running) {
            return;
        }
        CompletableFuture<Void> done = new CompletableFuture<>();
        commands.add(() -> {
            for (Member m : members.values()) {
                sendControl(m.endpoint, proxy.encodeShutdown(m.id, "the driver is closing"), 500);
            }
            for (Member m : joiners) {
                sendControl(m.endpoint, proxy.encodeShutdown(m.id, "the driver is closing"), 500);
            }
            done.complete(null);
        });
        try {
            done.get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.debug("shutdown messages: {}", e.toString());
        }
        stop();
    }

    /** Stops without telling the executors (they notice the silence): for tests of a vanished driver. */
    void stop() {
        running = false;
        DriverMetrics.closed(memberSnapshot);
        DriverMetrics.closed(this);
        try {
            thread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (Round r : active.values()) {
            r.future.completeExceptionally(new MlException("the cluster runtime closed during round " + r.roundId));
        }
        for (Round q; (q = queued.poll()) != null; ) {
            q.future.completeExceptionally(new MlException("the cluster runtime closed before round " + q.roundId
                + " started"));
        }
        transport.close();
        auth.destroy();
    }
}
