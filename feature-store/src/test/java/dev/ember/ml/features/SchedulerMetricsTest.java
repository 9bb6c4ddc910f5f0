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
import io.micrometer.core.instrument.Metrics;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/** The scheduler's runs by outcome, its jobs, and each view's freshness, as scraped. */
@Timeout(60)
class SchedulerMetricsTest {
    @TempDir
    Path dir;

    @Test
    void shouldCountRunsAndShowFreshnessAsNowMinusTheWatermark() throws Exception {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        Metrics.addRegistry(registry);
        try (Runtime rt = Runtime.inProcess(new RuntimeConfig().threads(2))) {
            Files.createDirectories(dir.resolve("src"));
            Files.copy(TestData.repoRoot().resolve("examples/data/stocks/stocks.csv"), dir.resolve("src/stocks.csv"));
            FeatureView v = FeatureView.builder("prices_metrics").entities("ticker")
                .source(FeatureSource.csv("src/stocks.csv", "date")).feature("price", "price").ttl("62d")
                .schedule("0 0 * * *").build();
            FeatureRepository repo = FeatureRepository.of(dir,
                List.of(Entity.of("ticker", new JoinKey("symbol", DataType.STRING))), List.of(v));
            MutableClock clock = new MutableClock("2010-02-25T00:00:00Z");
            Materializer m = new Materializer(repo, rt, new OfflineLayout(dir.resolve("store")), clock);
            m.materialize(v, Instant.parse("2010-02-24T00:00:00Z"), Instant.parse("2010-02-25T00:00:00Z"));
            clock.set("2010-03-01T06:00:00Z");
            try (Scheduler s = new Scheduler(m, SchedulerConfig.defaults().withOwner("metrics"))) {
                assertEquals(4, s.tick().size());
            }
            assertEquals(4, registry.find("ember.features.runs").tags("view", "prices_metrics", "outcome", "success")
                .counter().count());
            assertEquals(6 * 3600.0, registry.find("ember.features.freshness").tags("view", "prices_metrics")
                .gauge().value(), 1e-9, "the watermark is 2010-03-01T00:00, the clock 06:00");
            assertTrue(registry.find("ember.jobs").tags("kind", "materialize", "outcome", "success").counter().count()
                >= 4);
        } finally {
            Metrics.removeRegistry(registry);
        }
    }
}
