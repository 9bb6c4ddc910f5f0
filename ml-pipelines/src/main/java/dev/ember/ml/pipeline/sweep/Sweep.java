package dev.ember.ml.pipeline.sweep;

import dev.ember.ml.core.InvalidArgumentException;
import dev.ember.ml.core.observe.MetricNames;
import dev.ember.ml.core.observe.TraceScope;
import io.micrometer.core.instrument.Metrics;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs a hyperparameter sweep: suggests settings, runs the objective on up to {@code parallel} trials at once,
 * feeds intermediate values to the pruner, stops at the budget, and journals every event.
 *
 * <pre>{@code
 * SearchSpace space = SearchSpace.builder().uniform("x", -5, 10).uniform("y", 0, 15).build();
 * SweepResult r = Sweep.builder(space)
 *     .direction(Direction.MINIMIZE)
 *     .sampler(new TpeSampler(space, 42, TpeSampler.Options.defaults()))
 *     .budget(Budget.trials(100))
 *     .journal(Path.of("sweeps/branin.journal"))
 *     .build()
 *     .run(trial -> branin(trial.getDouble("x"), trial.getDouble("y")));
 * }</pre>
 *
 * <p>With a journal, {@link #run} first replays it (resume): finished trials are kept and count toward the budget,
 * trials without an end (the process died) or interrupted ones are run again with their number and parameters,
 * and new trials continue the numbering. A journal written for another space, sampler, pruner or direction is
 * refused. A file named {@code <journal>.stop} asks a running sweep to stop after its running trials
 * ({@code ember sweep stop}).
 *
 * <p>Suggestions happen when a slot frees, under one lock, from the history of finished trials; with
 * {@code parallel = 1} a sweep is therefore fully determined by its seed and its objective, and a resumed sweep
 * reproduces the uninterrupted one. With {@code parallel > 1} which trials have finished when a suggestion is made
 * depends on timing, as in every asynchronous optimizer.
 */
public final class Sweep {
    private static final Logger LOG = LoggerFactory.getLogger(Sweep.class);
    private final String name;
    private final SearchSpace space;
    private final Direction direction;
    private final Sampler sampler;
    private final Pruner pruner;
    private final Budget budget;
    private final int parallel;
    private final Path journalPath;
    private final List<SweepListener> listeners;
    private final Object lock = new Object();
    private final Map<Integer, RunningTrial> running = new LinkedHashMap<>();
    private volatile boolean stopRequested;
    private volatile boolean interrupted;
    private volatile ExecutorService executor;
    private long engineNanos;
    private long syncNanos;

    private Sweep(Builder b) {
        this.name = b.name;
        this.space = b.space;
        this.direction = b.direction;
        this.sampler = b.sampler != null ? b.sampler : new TpeSampler(b.space, b.seed, TpeSampler.Options.defaults());
        this.pruner = b.pruner;
        this.budget = b.budget;
        this.parallel = b.parallel;
        this.journalPath = b.journal;
        this.listeners = List.copyOf(b.listeners);
    }

    /**
     * @param space the search space
     * @return a builder
     */
    public static Builder builder(SearchSpace space) {
        return new Builder(space);
    }

    /** Asks the sweep to start no more trials; running ones finish. */
    public void stop() {
        stopRequested = true;
    }

    /**
     * Stops now (Ctrl-C): no more trials, running ones are interrupted and journaled INTERRUPTED so a resume runs
     * them again; {@link #run} returns once they ended (at most ~10 s later).
     */
    public void interrupt() {
        interrupted = true;
        stopRequested = true;
        synchronized (lock) {
            for (RunningTrial t : running.values()) {
                t.interrupt();
            }
        }
    }

    /** @return the stop-request file of a journal */
    public static Path stopFile(Path journal) {
        return journal.resolveSibling(journal.getFileName() + ".stop");
    }

    /**
     * Runs the sweep (resuming its journal, if any) until the budget, a stop or an interrupt.
     *
     * @param objective the objective
     * @return the outcome
     */
    public SweepResult run(Objective objective) {
        Objects.requireNonNull(objective, "objective");
        String outerTrace = TraceScope.currentTraceId();
        String sweepTrace = outerTrace == null ? TraceScope.newTraceId() : outerTrace;
        long started = System.currentTimeMillis();
        SweepHistory history = new SweepHistory(space, direction);
        Deque<TrialRecord> reruns = new ArrayDeque<>();
        int next = 0;
        SweepJournal journal = null;
        if (journalPath != null) {
            next = replay(history, reruns);
            journal = SweepJournal.openForAppend(journalPath);
            if (next == 0 && reruns.isEmpty()) {
                journal.append(header());
            }
            for (TrialRecord t : reruns) {
                if (t.state() == TrialState.RUNNING) {
                    journal.append(finishedEvent(t.number(), TrialState.INTERRUPTED, Double.NaN,
                        "process ended while the trial ran", System.currentTimeMillis()));
                }
            }
            try {
                Files.deleteIfExists(stopFile(journalPath));
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
        int resumed = history.size();
        SweepStatusBoard.Entry status = SweepStatusBoard.started(name == null ? "sweep" : name,
            () -> statusFigures(history));
        for (SweepListener l : listeners) {
            safely(() -> l.onSweepStarted(name, resumed));
        }
        int maxTrials = sampler.plannedTrials() >= 0 ? Math.min(budget.maxTrials(), sampler.plannedTrials())
            : budget.maxTrials();
        long deadline = budget.maxWallTime() == null ? Long.MAX_VALUE
            : started + budget.maxWallTime().toMillis();
        Semaphore slots = new Semaphore(parallel);
        AtomicInteger threadIds = new AtomicInteger();
        // one trial at a time runs on the calling thread: no hand-off between threads per trial
        executor = parallel == 1 ? null : Executors.newFixedThreadPool(parallel, r -> {
            Thread t = new Thread(r, "sweep-trial-" + threadIds.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        SweepResult.StopReason reason = SweepResult.StopReason.TRIALS;
        int thisRun = 0;
        try {
            while (true) {
                try {
                    slots.acquire();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    interrupt();
                    reason = SweepResult.StopReason.INTERRUPTED;
                    break;
                }
                RunningTrial trial;
                synchronized (lock) {
                    long t0 = System.nanoTime();
                    SweepResult.StopReason stopNow = stopCheck(history, deadline);
                    if (stopNow == null && reruns.isEmpty() && next >= maxTrials) {
                        stopNow = SweepResult.StopReason.TRIALS;
                    }
                    if (stopNow != null) {
                        slots.release();
                        reason = stopNow;
                        break;
                    }
                    int number;
                    Map<String, Object> params;
                    if (!reruns.isEmpty()) {
                        TrialRecord r = reruns.poll();
                        number = r.number();
                        params = r.params();
                    } else {
                        number = next++;
                        params = sampler.suggest(history, number);
                    }
                    trial = new RunningTrial(number, params, System.currentTimeMillis(), journal, history);
                    running.put(number, trial);
                    if (journal != null) {
                        ObjectNode e = SweepJournal.event("started");
                        e.put("trial", number);
                        e.set("params", SweepJournal.tree(params));
                        e.put("time", trial.start);
                        journal.append(e);
                    }
                    engineNanos += System.nanoTime() - t0;
                }
                thisRun++;
                for (SweepListener l : listeners) {
                    safely(() -> l.onTrialStarted(trial.number, trial.params));
                }
                RunningTrial t = trial;
                String traceId = sweepTrace;
                Runnable task = () -> {
                    try (TraceScope trace = TraceScope.adopt(traceId)) {
                        runTrial(t, objective, history);
                    } finally {
                        slots.release();
                    }
                };
                if (executor == null) {
                    task.run();
                } else {
                    executor.execute(task);
                }
            }
            awaitRunning(slots);
        } finally {
            if (executor != null) {
                executor.shutdownNow();
            }
            if (journal != null) {
                syncNanos = journal.syncNanos();
                journal.close();
            }
        }
        if (interrupted) {
            reason = SweepResult.StopReason.INTERRUPTED;
        }
        SweepResult result;
        synchronized (lock) {
            result = new SweepResult(new ArrayList<>(history.trials()), history.best(), reason,
                System.currentTimeMillis() - started, engineNanos, syncNanos, thisRun,
                history.failedCount() > budget.maxFailedTrials());
        }
        if (status != null) {
            status.finished(reason.name());
        }
        for (SweepListener l : listeners) {
            safely(() -> l.onSweepFinished(result));
        }
        return result;
    }

    /** Trials by state and the best value, for the status page. */
    private Map<String, Object> statusFigures(SweepHistory history) {
        synchronized (lock) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("running", running.size());
            m.put("complete", history.completeCount());
            m.put("pruned", history.prunedCount());
            m.put("failed", history.failedCount());
            m.put("direction", direction.name());
            m.put("best", history.best().map(TrialRecord::value).orElse(null));
            m.put("bestTrial", history.best().map(TrialRecord::number).orElse(null));
            return m;
        }
    }

    private SweepResult.StopReason stopCheck(SweepHistory history, long deadline) {
        if (interrupted) {
            return SweepResult.StopReason.INTERRUPTED;
        }
        if (history.failedCount() > budget.maxFailedTrials()) {
            return SweepResult.StopReason.FAILED_TRIALS;
        }
        if (stopRequested || (journalPath != null && Files.exists(stopFile(journalPath)))) {
            return SweepResult.StopReason.STOPPED;
        }
        if (System.currentTimeMillis() >= deadline) {
            return SweepResult.StopReason.WALL_TIME;
        }
        return null;
    }

    private void awaitRunning(Semaphore slots) {
        long graceEnd = Long.MAX_VALUE;
        while (true) {
            try {
                if (slots.tryAcquire(parallel, 100, TimeUnit.MILLISECONDS)) {
                    slots.release(parallel);
                    return;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                interrupt();
            }
            if (interrupted) {
                graceEnd = Math.min(graceEnd, System.currentTimeMillis() + 10_000);
                if (System.currentTimeMillis() > graceEnd) {
                    abandonRunning();
                    return;
                }
            }
        }
    }

    private void abandonRunning() {
        List<RunningTrial> left;
        synchronized (lock) {
            left = new ArrayList<>(running.values());
        }
        for (RunningTrial t : left) {
            t.finish(TrialState.INTERRUPTED, Double.NaN, "did not stop within 10 s of the interrupt");
        }
    }

    private int replay(SweepHistory history, Deque<TrialRecord> reruns) {
        if (!Files.exists(journalPath)) {
            return 0;
        }
        SweepJournal.Contents c = SweepJournal.read(journalPath);
        if (c.header() == null) {
            return 0;
        }
        checkHeader(c.header());
        int next = 0;
        for (TrialRecord raw : c.trials()) {
            TrialRecord t;
            try {
                t = new TrialRecord(raw.number(), space.coerce(raw.params()), raw.state(), raw.value(),
                    raw.intermediates(), raw.error(), raw.startMillis(), raw.endMillis());
            } catch (IllegalArgumentException | InvalidArgumentException e) {
                throw new InvalidArgumentException(journalPath + ": trial " + raw.number() + ": " + e.getMessage(),
                    e);
            }
            next = Math.max(next, t.number() + 1);
            if (t.state().isFinal()) {
                history.add(t);
                pruner.onFinished(history, t);
            } else {
                reruns.add(t);
            }
        }
        LOG.info("sweep {}: resumed {} finished trials from {}, re-running {}", name, history.size(), journalPath,
            reruns.size());
        return next;
    }

    private ObjectNode header() {
        ObjectNode h = SweepJournal.event("sweep");
        h.put("version", SweepJournal.CURRENT_VERSION);
        h.put("name", name);
        h.put("space", space.describe());
        h.put("sampler", sampler.describe());
        h.put("pruner", pruner.describe());
        h.put("direction", direction.name());
        h.put("time", System.currentTimeMillis());
        return h;
    }

    private void checkHeader(ObjectNode h) {
        ObjectNode mine = header();
        for (String f : List.of("space", "sampler", "pruner", "direction")) {
            JsonNode theirs = h.get(f);
            if (theirs == null || !theirs.asText().equals(mine.get(f).asText())) {
                throw new InvalidArgumentException(journalPath + ": the journal's " + f + " is "
                    + (theirs == null ? "missing" : theirs.asText()) + ", this sweep's is " + mine.get(f).asText()
                    + "; resume only with the same sweep, or use a new journal");
            }
        }
    }

    private void runTrial(RunningTrial t, Objective objective, SweepHistory history) {
        TrialState state;
        double value = Double.NaN;
        String error = null;
        t.thread = Thread.currentThread();
        Metrics.counter(MetricNames.SWEEP_TRIALS, "state", "running").increment();
        try {
            if (t.isInterrupted()) {
                throw new InterruptedException("sweep interrupted before the trial started");
            }
            value = objective.evaluate(t);
            if (Double.isNaN(value)) {
                state = TrialState.FAILED;
                error = "the objective returned NaN";
            } else {
                state = TrialState.COMPLETE;
            }
        } catch (TrialPruned p) {
            state = TrialState.PRUNED;
            synchronized (lock) {
                value = t.intermediates.isEmpty() ? Double.NaN : t.intermediates.lastEntry().getValue();
            }
        } catch (Throwable e) {
            if (interrupted || t.interrupted) {
                state = TrialState.INTERRUPTED;
                error = "interrupted";
            } else {
                state = TrialState.FAILED;
                error = e.toString();
                LOG.warn("sweep {}: trial {} failed: {}", name, t.number, e.toString());
            }
            if (e instanceof Error && !(e instanceof AssertionError) && !(e instanceof StackOverflowError)) {
                LOG.error("sweep {}: trial {} threw an Error", name, t.number, e);
            }
        }
        t.thread = null;
        Thread.interrupted();
        Metrics.counter(MetricNames.SWEEP_TRIALS, "state", state.name().toLowerCase(java.util.Locale.ROOT))
            .increment();
        t.finish(state, value, error);
    }

    private static ObjectNode finishedEvent(int number, TrialState state, double value, String error, long time) {
        ObjectNode e = SweepJournal.event("finished");
        e.put("trial", number);
        e.put("state", state.name());
        SweepJournal.putValue(e, "value", value);
        if (error == null) {
            e.putNull("error");
        } else {
            e.put("error", error);
        }
        e.put("time", time);
        return e;
    }

    private static void safely(Runnable r) {
        try {
            r.run();
        } catch (RuntimeException e) {
            LOG.warn("sweep listener failed: {}", e.toString());
        }
    }

    /** A trial while it runs: the objective's view, and the sweep's bookkeeping. */
    private final class RunningTrial implements Trial {
        final int number;
        final Map<String, Object> params;
        final long start;
        final SweepJournal journal;
        final SweepHistory history;
        final TreeMap<Integer, Double> intermediates = new TreeMap<>();
        volatile boolean prune;
        volatile boolean interrupted;
        volatile Thread thread;
        boolean finished;

        RunningTrial(int number, Map<String, Object> params, long start, SweepJournal journal, SweepHistory history) {
            this.number = number;
            this.params = params;
            this.start = start;
            this.journal = journal;
            this.history = history;
        }

        @Override
        public int number() {
            return number;
        }

        @Override
        public Map<String, Object> params() {
            return params;
        }

        @Override
        public void report(int step, double value) {
            if (step < 0) {
                throw new InvalidArgumentException("trial " + number + ": step " + step + ", expected >= 0");
            }
            synchronized (lock) {
                long t0 = System.nanoTime();
                if (!intermediates.isEmpty() && step <= intermediates.lastKey()) {
                    throw new InvalidArgumentException("trial " + number + ": step " + step
                        + " reported after step " + intermediates.lastKey() + ", expected increasing steps");
                }
                intermediates.put(step, value);
                if (journal != null) {
                    ObjectNode e = SweepJournal.event("report");
                    e.put("trial", number);
                    e.put("step", step);
                    SweepJournal.putValue(e, "value", value);
                    journal.append(e);
                }
                prune = !Double.isNaN(value) && pruner.onReport(history, number, intermediates, step);
                engineNanos += System.nanoTime() - t0;
            }
            for (SweepListener l : listeners) {
                safely(() -> l.onReport(number, step, value));
            }
        }

        @Override
        public boolean shouldPrune() {
            return prune;
        }

        @Override
        public boolean isInterrupted() {
            return interrupted || Sweep.this.interrupted;
        }

        void interrupt() {
            interrupted = true;
            Thread th = thread;
            if (th != null) {
                th.interrupt();
            }
        }

        void finish(TrialState state, double value, String error) {
            TrialRecord rec;
            TrialRecord best;
            synchronized (lock) {
                if (finished) {
                    return;
                }
                finished = true;
                long t0 = System.nanoTime();
                rec = new TrialRecord(number, params, state, value, intermediates, error, start,
                    System.currentTimeMillis());
                if (state.isFinal()) {
                    history.add(rec);
                    pruner.onFinished(history, rec);
                }
                if (journal != null) {
                    journal.append(finishedEvent(number, state, value, error, rec.endMillis()));
                }
                running.remove(number);
                best = history.best().orElse(null);
                engineNanos += System.nanoTime() - t0;
            }
            for (SweepListener l : listeners) {
                safely(() -> l.onTrialFinished(rec, best));
            }
        }
    }

    /** Configures a {@link Sweep}. */
    public static final class Builder {
        private final SearchSpace space;
        private String name = "sweep";
        private Direction direction = Direction.MINIMIZE;
        private Sampler sampler;
        private Pruner pruner = Pruner.NONE;
        private Budget budget = Budget.trials(100);
        private int parallel = 1;
        private long seed = 42;
        private Path journal;
        private final List<SweepListener> listeners = new ArrayList<>();

        private Builder(SearchSpace space) {
            this.space = Objects.requireNonNull(space, "space");
        }

        /**
         * @param name the sweep name (logs, MLflow parent run)
         * @return this
         */
        public Builder name(String name) {
            this.name = Objects.requireNonNull(name);
            return this;
        }

        /**
         * @param direction minimize (default) or maximize
         * @return this
         */
        public Builder direction(Direction direction) {
            this.direction = Objects.requireNonNull(direction);
            return this;
        }

        /**
         * @param sampler the sampler (default TPE with Optuna's defaults and {@link #seed})
         * @return this
         */
        public Builder sampler(Sampler sampler) {
            this.sampler = sampler;
            return this;
        }

        /**
         * @param pruner the pruner (default none)
         * @return this
         */
        public Builder pruner(Pruner pruner) {
            this.pruner = Objects.requireNonNull(pruner);
            return this;
        }

        /**
         * @param budget the budget (default 100 trials)
         * @return this
         */
        public Builder budget(Budget budget) {
            this.budget = Objects.requireNonNull(budget);
            return this;
        }

        /**
         * @param parallel trials at once (default 1)
         * @return this
         */
        public Builder parallel(int parallel) {
            if (parallel < 1) {
                throw new InvalidArgumentException("parallel: found " + parallel + ", expected >= 1");
            }
            this.parallel = parallel;
            return this;
        }

        /**
         * @param seed the seed of the default sampler (default 42)
         * @return this
         */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /**
         * @param journal the journal file (resumed if present), or null for an in-memory sweep
         * @return this
         */
        public Builder journal(Path journal) {
            this.journal = journal;
            return this;
        }

        /**
         * @param listener a listener
         * @return this
         */
        public Builder listener(SweepListener listener) {
            listeners.add(Objects.requireNonNull(listener));
            return this;
        }

        /** @return the sweep */
        public Sweep build() {
            return new Sweep(this);
        }
    }
}
