package dev.ember.ml.features;

import dev.ember.ml.core.InvalidArgumentException;
import dev.ember.ml.core.InvalidStateException;
import dev.ember.ml.features.registry.Plan;
import dev.ember.ml.features.registry.Registry;
import dev.ember.ml.features.registry.RegistryConflictException;
import dev.ember.ml.features.registry.RegistryState;
import dev.ember.ml.features.yaml.FeaturesYaml;
import dev.ember.ml.testkit.TestData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** features.yaml, plan/apply diffs, versioning rules, and compare-and-swap under concurrent writers. */
class RegistryTest {
    @TempDir
    Path dir;

    private FeatureRepository stocks() throws Exception {
        Path src = TestData.repoRoot().resolve("examples/data/stocks/features.yaml");
        Path yaml = dir.resolve("features.yaml");
        Files.writeString(yaml, Files.readString(src));
        return FeaturesYaml.load(yaml);
    }

    private FeatureRepository edited(String from, String to) throws Exception {
        Path yaml = dir.resolve("features.yaml");
        String s = Files.readString(yaml);
        assertTrue(s.contains(from), from);
        Files.writeString(yaml, s.replace(from, to));
        return FeaturesYaml.load(yaml);
    }

    @Test
    void shouldReadYamlAsTheJavaApiDefinesIt() throws Exception {
        FeatureRepository repo = stocks();
        FeatureView v = repo.view("ticker_prices");
        FeatureView java = FeatureView.builder("ticker_prices").entities("ticker")
            .source(FeatureSource.csv("stocks.csv", "date")).feature("price", "price")
            .feature("log_price", "ln(price)")
            .aggregation(WindowedAggregation.of("price", List.of(Aggregation.COUNT, Aggregation.MEAN,
                Aggregation.MIN, Aggregation.MAX, Aggregation.STDDEV, Aggregation.LAST), "90d", "365d"))
            .ttl("62d").schedule("0 0 1 * *").allowedLateness("1d").owner("quant-team").tag("tier", "example")
            .tag("asset", "equity").description("Monthly closing prices and their trailing statistics").build();
        assertEquals(java, v);
        assertEquals(List.of("symbol"), repo.entities().get("ticker").joinKeyNames());
        assertTrue(v.featureNames().contains("price_stddev_365d"));
    }

    @Test
    void shouldNameTheKeyPathWhenYamlIsWrong() throws Exception {
        stocks();
        InvalidArgumentException e = assertThrows(InvalidArgumentException.class,
            () -> edited("windows: [90d, 365d]", "windows: [90d, 365x]"));
        assertTrue(e.getMessage().contains("features.yaml: feature_views[0].aggregations[0].windows[1]"),
            e.getMessage());
        e = assertThrows(InvalidArgumentException.class, () -> edited("owner: quant-team", "ownr: quant-team"));
        assertTrue(e.getMessage().contains("feature_views[0]: unknown key 'ownr'"), e.getMessage());
    }

    @Test
    void shouldPlanApplyAndRequireANewVersionForAChangeOfMeaning() throws Exception {
        Registry reg = new Registry(dir.resolve("registry"));
        Plan p = reg.plan(stocks());
        assertEquals(2, p.changes().size(), p.render());
        assertTrue(p.render().contains("+  view ticker_prices@1"), p.render());
        reg.apply(p);
        assertTrue(reg.plan(stocks()).isEmpty(), reg.plan(stocks()).render());

        Plan owner = reg.plan(edited("owner: quant-team", "owner: risk-team"));
        assertEquals("~", owner.changes().get(0).symbol(), owner.render());
        reg.apply(owner);

        Plan bad = reg.plan(edited("expr: \"ln(price)\"", "expr: \"log10(price)\""));
        assertTrue(bad.hasErrors(), bad.render());
        assertTrue(bad.errors().get(0).contains("feature 'log_price' expression changes")
            && bad.errors().get(0).contains("set version: 2"), bad.render());
        assertThrows(InvalidStateException.class, () -> reg.apply(bad));

        Plan window = reg.plan(edited("windows: [90d, 365d]", "windows: [30d, 365d]"));
        assertTrue(window.hasErrors() && window.render().contains("windows or functions change"), window.render());

        Plan v2 = reg.plan(edited("version: 1", "version: 2"));
        assertFalse(v2.hasErrors(), v2.render());
        assertEquals("+v", v2.changes().get(0).symbol(), v2.render());
        RegistryState s = reg.apply(v2);
        assertEquals(3, s.version());
        assertEquals(2, s.views().get("ticker_prices").size(), "v1 stays readable");
        assertEquals("log10(price)", reg.read().latest("ticker_prices").features().get(1).expression());
        assertTrue(Files.isRegularFile(dir.resolve("registry/history/registry.v2.json")));
    }

    @Test
    void shouldRejectAStalePlanWhenAnotherApplyCommittedFirst() throws Exception {
        Registry reg = new Registry(dir.resolve("registry"));
        reg.apply(reg.plan(stocks()));
        Plan a = reg.plan(edited("owner: quant-team", "owner: a"));
        Plan b = reg.plan(edited("owner: a", "owner: b"));
        reg.apply(a);
        assertThrows(RegistryConflictException.class, () -> reg.apply(b));
        assertEquals("a", reg.read().latest("ticker_prices").owner());
    }

    @Test
    @Timeout(60)
    void shouldCommitEveryWriterOnceWhenManyApplyConcurrently() throws Exception {
        Registry reg = new Registry(dir.resolve("registry"));
        FeatureRepository base = stocks();
        reg.apply(reg.plan(base));
        int writers = 8;
        AtomicInteger conflicts = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        List<Future<?>> fs = new ArrayList<>();
        for (int w = 0; w < writers; w++) {
            String tag = "writer" + w;
            fs.add(pool.submit(() -> {
                while (true) {
                    RegistryState s = reg.read();
                    FeatureView cur = s.latest("ticker_prices");
                    FeatureView.Builder b = FeatureView.builder(cur.name()).version(cur.version())
                        .entities(cur.entities().toArray(new String[0])).source(cur.source()).ttl(cur.ttl())
                        .schedule(cur.schedule()).owner(cur.owner()).description(cur.description());
                    cur.features().forEach(f -> b.feature(f.name(), f.expression()));
                    cur.aggregations().forEach(b::aggregation);
                    cur.tags().forEach(b::tag);
                    b.tag(tag, "yes");
                    FeatureRepository repo = FeatureRepository.of(base.baseDir(),
                        List.copyOf(s.entities().values()), List.of(b.build()));
                    try {
                        reg.apply(Plan.of(s, repo));
                        return null;
                    } catch (RegistryConflictException e) {
                        conflicts.incrementAndGet();
                    }
                }
            }));
        }
        for (Future<?> f : fs) {
            f.get();
        }
        pool.shutdown();
        RegistryState end = reg.read();
        assertEquals(1 + writers, end.version(), "one commit per writer, none lost");
        for (int w = 0; w < writers; w++) {
            assertEquals("yes", end.latest("ticker_prices").tags().get("writer" + w), "writer " + w + " kept");
        }
        System.err.println("[registry] " + writers + " writers, " + conflicts.get() + " conflicts retried");
    }
}
