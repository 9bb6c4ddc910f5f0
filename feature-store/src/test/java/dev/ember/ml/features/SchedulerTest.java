package dev.ember.ml.features;

import dev.ember.ml.core.data.DataType;
import dev.ember.ml.core.runtime.Runtime;
import dev.ember.ml.core.runtime.RuntimeConfig;
import dev.ember.ml.features.materialize.Interval;
import dev.ember.ml.features.materialize.Materializer;
import dev.ember.ml.features.materialize.MaterializerHooks;
import dev.ember.ml.features.materialize.OfflineLayout;
import dev.ember.ml.features.materialize.RunRecord;
import dev.ember.ml.features.schedule.IntervalLock;
import dev.ember.ml.features.schedule.Scheduler;
import dev.ember.ml.features.schedule.SchedulerConfig;
import dev.ember.ml.features.schedule.ViewStatus;
import dev.ember.ml.testkit.TestData;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Catch-up in order, retries with backoff, interval locks, two schedulers, shutdown, status. */
@Timeout(120)
class SchedulerTest {
    private static Runtime rt;
    @TempDir
    Path dir;

    @BeforeAll
    static void start() {
        rt = Runtime.inProcess(new RuntimeConfig().threads(2));
    }

    @AfterAll
    static void stop() throws Exception {
        rt.close();
    }

    private FeatureRepository repo() throws Exception {
        Files.createDirectories(dir.resolve("src"));
        Files.copy(TestData.repoRoot().resolve("examples/data/stocks/stocks.csv"),
            dir.resolve("src/stocks.csv"));
        FeatureView v = FeatureView.builder("prices").entities("ticker")
            .source(FeatureSource.csv("src/stocks.csv", "date")).feature("price", "price").ttl("62d")
            .schedule("0 0 * * *").build();
        return FeatureRepository.of(dir, List.of(Entity.of("ticker", new JoinKey("symbol", DataType.STRING))),
            List.of(v));
    }

    private static SchedulerConfig config(String owner) {
        return SchedulerConfig.defaults().withRetries(3, Duration.ofMillis(5)).withOwner(owner)
            .withShutdownGrace(Duration.ofMillis(200));
    }

    @Test
    void shouldCatchUpMissedIntervalsOnceInOrderThenRunEachNewOne() throws Exception {
        FeatureRepository repo = repo();
        FeatureView v = repo.view("prices");
        MutableClock clock = new MutableClock("2010-02-25T00:00:00Z");
        Materializer m = new Materializer(repo, rt, new OfflineLayout(dir.resolve("store")), clock);
        m.materialize(v, Instant.parse("2010-02-24T00:00:00Z"), Instant.parse("2010-02-25T00:00:00Z"));
        clock.set("2010-03-01T06:00:00Z");
        try (Scheduler s = new Scheduler(m, config("a"))) {
            List<RunRecord> caught = s.tick();
            assertEquals(List.of("2010-02-25", "2010-02-26", "2010-02-27", "2010-02-28"),
                caught.stream().map(r -> r.interval().start().toString().substring(0, 10)).toList());
            assertTrue(s.tick().isEmpty(), "nothing runs twice");
            clock.advance(Duration.ofDays(1));
            List<RunRecord> next = s.tick();
            assertEquals(1, next.size());
            assertEquals(Instant.parse("2010-03-01T00:00:00Z"), next.get(0).interval().start());
            assertEquals(5, next.get(0).rows(), "the March rows of five tickers... or fewer");
        }
        assertEquals(Instant.parse("2010-03-02T00:00:00Z"), m.watermark(v).orElseThrow());
        ViewStatus st = ViewStatus.of(m).get(0);
        assertEquals(1.0, st.successRate());
        assertEquals(Duration.ofHours(6), st.freshness());
        assertTrue(st.p95Millis() >= 0);
        assertTrue(ViewStatus.render(List.of(st)).contains("100.0%"), ViewStatus.render(List.of(st)));
    }

    @Test
    void shouldRetryWithBackoffAndRecordEachFailedAttempt() throws Exception {
        FeatureRepository repo = repo();
        FeatureView v = repo.view("prices");
        MutableClock clock = new MutableClock("2010-02-27T00:00:00Z");
        Materializer m = new Materializer(repo, rt, new OfflineLayout(dir.resolve("store")), clock);
        m.materialize(v, Instant.parse("2010-02-26T00:00:00Z"), Instant.parse("2010-02-27T00:00:00Z"));
        clock.set("2010-02-28T01:00:00Z");
        AtomicInteger calls = new AtomicInteger();
        MaterializerHooks.beforeRename(m, () -> {
            if (calls.incrementAndGet() <= 2) {
                throw new IllegalStateException("flaky storage");
            }
        });
        try (Scheduler s = new Scheduler(m, config("a"))) {
            List<RunRecord> r = s.tick();
            assertEquals(1, r.size());
            assertEquals(RunRecord.SUCCEEDED, r.get(0).status());
            assertEquals(3, r.get(0).attempt());
        }
        List<RunRecord> log = m.runLog().read();
        assertEquals(List.of("succeeded", "failed", "failed", "succeeded"),
            log.stream().map(RunRecord::status).toList());
        assertTrue(log.get(1).error().contains("feature view 'prices' v1 interval [2010-02-27T00:00:00Z")
            && log.get(1).error().contains("flaky storage"), log.get(1).error());

        MaterializerHooks.beforeRename(m, () -> {
            throw new IllegalStateException("disk full");
        });
        clock.advance(Duration.ofDays(2));
        try (Scheduler s = new Scheduler(m, config("a"))) {
            List<RunRecord> r = s.tick();
            assertEquals(1, r.size(), "a failed interval stops the view's catch-up: order is kept");
            assertEquals(RunRecord.FAILED, r.get(0).status());
        }
        ViewStatus st = ViewStatus.of(m).get(0);
        assertEquals(2.0 / 7, st.successRate(), 1e-12);
        assertTrue(st.lastError().contains("2010-02-28T00:00:00Z") && st.lastError().contains("disk full"),
            st.lastError());
        assertEquals(Instant.parse("2010-02-28T00:00:00Z"), m.watermark(v).orElseThrow());
    }

    @Test
    void shouldLeaveAnIntervalLockedByAnotherSchedulerUntilItsLeaseExpires() throws Exception {
        FeatureRepository repo = repo();
        FeatureView v = repo.view("prices");
        MutableClock clock = new MutableClock("2010-02-27T00:00:00Z");
        OfflineLayout layout = new OfflineLayout(dir.resolve("store"));
        Materializer m = new Materializer(repo, rt, layout, clock);
        m.materialize(v, Instant.parse("2010-02-26T00:00:00Z"), Instant.parse("2010-02-27T00:00:00Z"));
        clock.set("2010-02-28T01:00:00Z");
        Interval next = new Interval(Instant.parse("2010-02-27T00:00:00Z"), Instant.parse("2010-02-28T00:00:00Z"));
        IntervalLock other = IntervalLock.tryAcquire(layout.lockDir(v), next, "other", Duration.ofHours(1))
            .orElseThrow();
        try (Scheduler s = new Scheduler(m, config("a"))) {
            assertTrue(s.tick().isEmpty(), "held by another scheduler");
        }
        Files.setLastModifiedTime(other.file(), java.nio.file.attribute.FileTime.from(
            Instant.now().minus(Duration.ofHours(2))));
        try (Scheduler s = new Scheduler(m, config("a"))) {
            assertEquals(1, s.tick().size(), "an expired lease is taken over");
        }
    }

    @Test
    void shouldRunEachIntervalOnceWhenTwoSchedulersShareAStore() throws Exception {
        FeatureRepository repo = repo();
        FeatureView v = repo.view("prices");
        MutableClock clock = new MutableClock("2010-02-20T00:00:00Z");
        OfflineLayout layout = new OfflineLayout(dir.resolve("store"));
        Materializer m1 = new Materializer(repo, rt, layout, clock);
        m1.materialize(v, Instant.parse("2010-02-19T00:00:00Z"), Instant.parse("2010-02-20T00:00:00Z"));
        clock.set("2010-03-01T00:00:00Z");
        Materializer m2 = new Materializer(repo, rt, layout, clock);
        CountDownLatch go = new CountDownLatch(1);
        try (Scheduler a = new Scheduler(m1, config("a")); Scheduler b = new Scheduler(m2, config("b"))) {
            Thread ta = new Thread(() -> {
                await(go);
                a.tick();
            });
            ta.start();
            go.countDown();
            b.tick();
            ta.join();
            a.tick();
            b.tick();
        }
        List<RunRecord> ok = m1.runLog().read().stream().filter(r -> r.status().equals(RunRecord.SUCCEEDED))
            .toList();
        assertEquals(10, ok.size(), "the backfill and nine intervals: " + ok);
        assertEquals(10, ok.stream().map(RunRecord::interval).distinct().count(), "no interval twice");
        assertEquals(Instant.parse("2010-03-01T00:00:00Z"), m1.watermark(v).orElseThrow());
    }

    @Test
    void shouldAbandonTheRunningIntervalCleanlyWhenStoppedPastTheGracePeriod() throws Exception {
        FeatureRepository repo = repo();
        FeatureView v = repo.view("prices");
        MutableClock clock = new MutableClock("2010-02-27T00:00:00Z");
        Materializer m = new Materializer(repo, rt, new OfflineLayout(dir.resolve("store")), clock);
        m.materialize(v, Instant.parse("2010-02-26T00:00:00Z"), Instant.parse("2010-02-27T00:00:00Z"));
        clock.set("2010-03-02T01:00:00Z");
        CountDownLatch inside = new CountDownLatch(1);
        MaterializerHooks.beforeRename(m, () -> {
            inside.countDown();
            try {
                Thread.sleep(30_000);
            } catch (InterruptedException e) {
                throw new IllegalStateException("interrupted at shutdown");
            }
        });
        Scheduler s = new Scheduler(m, config("a"));
        Thread loop = new Thread(s::run);
        loop.start();
        inside.await();
        long t0 = System.nanoTime();
        s.stop();
        loop.join(10_000);
        assertFalse(loop.isAlive());
        assertTrue((System.nanoTime() - t0) / 1e9 < 5, "stop returns after the grace period");
        assertTrue(m.runLog().read().stream().anyMatch(r -> r.status().equals(RunRecord.ABANDONED)
            && r.interval().start().equals(Instant.parse("2010-02-27T00:00:00Z"))));
        assertEquals(Instant.parse("2010-02-27T00:00:00Z"), m.watermark(v).orElseThrow(),
            "the abandoned interval is not marked done");
        assertFalse(Files.exists(m.layout().rowsDir(v).resolve("date=2010-02-27")), "nothing of it visible");
    }

    private static void await(CountDownLatch l) {
        try {
            l.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
