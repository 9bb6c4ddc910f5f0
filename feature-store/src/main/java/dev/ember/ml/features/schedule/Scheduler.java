package dev.ember.ml.features.schedule;

import dev.ember.ml.core.InvalidStateException;
import dev.ember.ml.core.observe.TraceScope;
import dev.ember.ml.features.FeatureView;
import dev.ember.ml.features.materialize.Interval;
import dev.ember.ml.features.materialize.MaterializationException;
import dev.ember.ml.features.materialize.Materializer;
import dev.ember.ml.features.materialize.RunRecord;
import dev.ember.ml.features.materialize.Schedules;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Runs every view's materialization on its cron schedule.
 *
 * <p>Each {@link #tick()} finds, per view, the complete intervals from its watermark (less its allowed lateness)
 * to now and runs them in order (catch-up after downtime: each missed interval once), views in parallel up to
 * {@link SchedulerConfig#maxConcurrency()}. An interval runs under an {@link IntervalLock}; a failure is retried
 * with exponential backoff, and after the last attempt the view's later intervals wait for the next tick (the
 * watermark does not pass a failed interval). {@link #run()} ticks at each next fire time until {@link #stop()}
 * (which the SIGTERM hook of {@link #installShutdownHook()} calls): the interval running then finishes within the
 * grace period or is abandoned (recorded; nothing of it is visible, and the next run redoes it).
 */
public final class Scheduler implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Scheduler.class);
    private final Materializer materializer;
    private final SchedulerConfig config;
    private final ExecutorService pool;
    private final AtomicBoolean stopping = new AtomicBoolean();
    private final Object wake = new Object();
    private final List<Running> running = Collections.synchronizedList(new ArrayList<>());

    private record Running(FeatureView view, Interval interval) {
    }
    private volatile Thread loop;
    private final AutoCloseable statusSection;

    /**
     * @param materializer runs the intervals (its clock is the scheduler's clock)
     * @param config the settings
     */
    public Scheduler(Materializer materializer, SchedulerConfig config) {
        this.materializer = materializer;
        this.config = config;
        this.pool = Executors.newFixedThreadPool(config.maxConcurrency(), r -> {
            Thread t = new Thread(r, "ember-features-scheduler");
            t.setDaemon(true);
            return t;
        });
        this.statusSection = dev.ember.ml.core.status.StatusRegistry.register("featureJobs", this::statusView);
    }

    /** The status page's view: per view its running interval, freshness, success rate, p95 and last error. */
    private List<java.util.Map<String, Object>> statusView() {
        List<Running> now;
        synchronized (running) {
            now = new ArrayList<>(running);
        }
        List<java.util.Map<String, Object>> out = new ArrayList<>();
        for (ViewStatus s : ViewStatus.of(materializer)) {
            java.util.Map<String, Object> m = new java.util.LinkedHashMap<>();
            m.put("view", s.view());
            m.put("version", s.version());
            m.put("running", now.stream().filter(r -> r.view().name().equals(s.view()))
                .map(r -> r.interval().start() + " .. " + r.interval().end()).findFirst().orElse(""));
            m.put("lastSuccess", s.lastSuccess() == null ? "" : s.lastSuccess().toString());
            m.put("watermark", s.watermark() == null ? "" : s.watermark().toString());
            m.put("freshnessSeconds", s.freshness() == null ? -1 : s.freshness().toSeconds());
            m.put("runs", s.runs());
            m.put("successRate", Double.isNaN(s.successRate()) ? null : s.successRate());
            m.put("p95Millis", s.p95Millis());
            m.put("lastError", s.lastError());
            out.add(m);
        }
        return out;
    }

    /**
     * Runs every pending interval of every view once, in order per view, and waits for them.
     *
     * @return the records of the runs this tick made (successes, and the last failure of an interval)
     */
    public List<RunRecord> tick() {
        List<Future<List<RunRecord>>> fs = new ArrayList<>();
        for (FeatureView v : new TreeMap<>(materializer.repository().views()).values()) {
            fs.add(pool.submit(() -> runView(v)));
        }
        List<RunRecord> out = new ArrayList<>();
        for (Future<List<RunRecord>> f : fs) {
            try {
                out.addAll(f.get());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            } catch (ExecutionException e) {
                LOG.error("scheduler task failed: {}", e.getCause().toString());
            }
        }
        return out;
    }

    private List<RunRecord> runView(FeatureView v) {
        SchedulerMetrics.watch(materializer, v);
        List<RunRecord> out = new ArrayList<>();
        List<Interval> pending;
        try {
            pending = materializer.pendingIntervals(v);
        } catch (IllegalStateException | InvalidStateException noWatermark) {
            LOG.warn("{}", noWatermark.getMessage());
            return out;
        }
        Instant tickStart = materializer.clock().instant();
        for (Interval i : pending) {
            if (stopping.get()) {
                break;
            }
            Optional<IntervalLock> lock = IntervalLock.tryAcquire(materializer.layout().lockDir(v), i,
                config.owner(), config.lease());
            if (lock.isEmpty()) {
                LOG.info("view {} interval {} is locked by another scheduler; leaving it", v.name(), i);
                break;
            }
            try (IntervalLock l = lock.get()) {
                if (doneSince(v, i, tickStart)) {
                    continue;
                }
                RunRecord r = runWithRetries(v, i, l);
                out.add(r);
                if (!r.status().equals(RunRecord.SUCCEEDED)) {
                    break;
                }
            }
        }
        return out;
    }

    private boolean doneSince(FeatureView v, Interval i, Instant since) {
        for (RunRecord r : materializer.runLog().read()) {
            if (r.view().equals(v.name()) && r.version() == v.version() && r.interval().equals(i)
                && r.status().equals(RunRecord.SUCCEEDED) && !r.finishedAt().isBefore(since)) {
                return true;
            }
        }
        return false;
    }

    private RunRecord runWithRetries(FeatureView v, Interval i, IntervalLock lock) {
        Duration wait = config.backoff();
        RunRecord last = null;
        for (int attempt = 1; attempt <= config.maxAttempts(); attempt++) {
            Running now = new Running(v, i);
            running.add(now);
            try (TraceScope job = TraceScope.job("materialize")) {
                RunRecord r = materializer.run(v, i, "schedule", attempt);
                job.succeeded();
                SchedulerMetrics.ran(v, true);
                return r;
            } catch (MaterializationException e) {
                SchedulerMetrics.ran(v, false);
                last = new RunRecord(v.name(), v.version(), i, RunRecord.FAILED, 0, 0, attempt, "schedule",
                    materializer.clock().instant(), e.getMessage());
                LOG.warn("attempt {}/{} failed: {}", attempt, config.maxAttempts(), e.getMessage());
            } finally {
                running.remove(now);
            }
            if (attempt == config.maxAttempts() || stopping.get()) {
                break;
            }
            try {
                Thread.sleep(wait.toMillis());
            } catch (InterruptedException ie) {
                Thread.currentThread().interrupt();
                break;
            }
            lock.renew();
            wait = wait.multipliedBy(2).compareTo(config.maxBackoff()) > 0 ? config.maxBackoff()
                : wait.multipliedBy(2);
        }
        return last;
    }

    /**
     * Ticks now and then at each next fire time of any view, until {@link #stop()}.
     */
    public void run() {
        loop = Thread.currentThread();
        LOG.info("scheduler {} started: {} views, concurrency {}", config.owner(),
            materializer.repository().views().size(), config.maxConcurrency());
        while (!stopping.get()) {
            tick();
            Instant now = materializer.clock().instant();
            Instant next = nextFire(now);
            long ms = Math.max(1000, Duration.between(now, next).toMillis() + 1000);
            synchronized (wake) {
                if (stopping.get()) {
                    break;
                }
                try {
                    wake.wait(Math.min(ms, Duration.ofMinutes(5).toMillis()));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        }
        LOG.info("scheduler {} stopped", config.owner());
    }

    private Instant nextFire(Instant now) {
        Instant best = now.plus(Duration.ofHours(1));
        for (FeatureView v : materializer.repository().views().values()) {
            Instant n = new Schedules(v.schedule(), v.name()).fireAfter(now);
            best = n.isBefore(best) ? n : best;
        }
        return best;
    }

    /**
     * Stops taking intervals; waits up to the grace period for the running ones, then abandons them (recorded as
     * {@link RunRecord#ABANDONED}).
     */
    public void stop() {
        if (!stopping.compareAndSet(false, true)) {
            return;
        }
        synchronized (wake) {
            wake.notifyAll();
        }
        pool.shutdown();
        try {
            if (!pool.awaitTermination(config.shutdownGrace().toMillis(), TimeUnit.MILLISECONDS)) {
                List<Running> left;
                synchronized (running) {
                    left = new ArrayList<>(running);
                }
                pool.shutdownNow();
                for (Running r : left) {
                    LOG.warn("abandoning view {} interval {} at shutdown; the next run redoes it", r.view().name(),
                        r.interval());
                    materializer.runLog().append(new RunRecord(r.view().name(), r.view().version(), r.interval(),
                        RunRecord.ABANDONED, 0, config.shutdownGrace().toMillis(), 0, "schedule",
                        materializer.clock().instant(), "feature view '" + r.view().name() + "' interval "
                        + r.interval() + ": abandoned at shutdown after " + config.shutdownGrace().toMillis()
                        + " ms grace"));
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** @return whether {@link #stop()} was called */
    public boolean isStopping() {
        return stopping.get();
    }

    /** Calls {@link #stop()} when the JVM is asked to exit (SIGTERM, SIGINT), and waits for the loop to end. */
    public void installShutdownHook() {
        java.lang.Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stop();
            Thread l = loop;
            if (l != null) {
                try {
                    l.join(config.shutdownGrace().toMillis() + 5000);
                } catch (InterruptedException ignored) {
                    Thread.currentThread().interrupt();
                }
            }
        }, "ember-features-shutdown"));
    }

    @Override
    public void close() {
        try {
            stop();
        } finally {
            try {
                statusSection.close();
            } catch (Exception e) {
                // a map removal: cannot fail
            }
        }
    }
}
