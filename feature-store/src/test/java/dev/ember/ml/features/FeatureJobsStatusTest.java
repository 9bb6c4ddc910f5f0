package dev.ember.ml.features;

import dev.ember.ml.core.data.DataType;
import dev.ember.ml.core.runtime.Runtime;
import dev.ember.ml.core.runtime.RuntimeConfig;
import dev.ember.ml.core.status.StatusRegistry;
import dev.ember.ml.core.status.StatusServer;
import dev.ember.ml.features.materialize.Materializer;
import dev.ember.ml.features.materialize.OfflineLayout;
import dev.ember.ml.features.schedule.Scheduler;
import dev.ember.ml.features.schedule.SchedulerConfig;
import dev.ember.ml.testkit.TestData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** The scheduler's views on the status page: freshness, runs, success rate; gone when the scheduler closes. */
class FeatureJobsStatusTest {
    @TempDir
    Path dir;

    @SuppressWarnings("unchecked")
    static Object section(String name) {
        return ((Map<String, Object>) StatusRegistry.snapshot().get("sections")).get(name);
    }

    @Test
    void shouldShowEachViewsFreshnessAndRunsWhileTheSchedulerRuns() throws Exception {
        Files.createDirectories(dir.resolve("src"));
        Files.copy(TestData.repoRoot().resolve("examples/data/stocks/stocks.csv"), dir.resolve("src/stocks.csv"));
        FeatureView v = FeatureView.builder("prices").entities("ticker")
            .source(FeatureSource.csv("src/stocks.csv", "date")).feature("price", "price").ttl("62d")
            .schedule("0 0 * * *").build();
        FeatureRepository repo = FeatureRepository.of(dir,
            List.of(Entity.of("ticker", new JoinKey("symbol", DataType.STRING))), List.of(v));
        MutableClock clock = new MutableClock("2010-02-25T00:00:00Z");
        try (Runtime rt = Runtime.inProcess(new RuntimeConfig().threads(1));
             StatusServer page = StatusServer.start("127.0.0.1", 0)) {
            Materializer m = new Materializer(repo, rt, new OfflineLayout(dir.resolve("store")), clock);
            m.materialize(v, Instant.parse("2010-02-24T00:00:00Z"), Instant.parse("2010-02-25T00:00:00Z"));
            clock.set("2010-02-27T06:00:00Z");
            try (Scheduler s = new Scheduler(m, SchedulerConfig.defaults().withOwner("page")
                    .withShutdownGrace(Duration.ofMillis(200)))) {
                s.tick();
                @SuppressWarnings("unchecked")
                Map<String, Object> view = ((List<Map<String, Object>>) section("featureJobs")).get(0);
                assertEquals("prices", view.get("view"));
                assertEquals(3, view.get("runs"), "the first run and two caught-up days");
                assertEquals(1.0, view.get("successRate"));
                assertEquals(6L * 3600, view.get("freshnessSeconds"));
                assertEquals("", view.get("running"));
            }
            assertNull(section("featureJobs"), "a closed scheduler stays on the page");
        }
    }
}
