package dev.ember.ml.features;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ember.ml.core.data.DataType;
import dev.ember.ml.core.data.Frame;
import dev.ember.ml.core.data.Row;
import dev.ember.ml.core.io.ParquetWriter;
import dev.ember.ml.core.runtime.Runtime;
import dev.ember.ml.testkit.Seeds;
import dev.ember.ml.testkit.TestData;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Point-in-time conformance: Ember's join against a brute-force reference on randomized data (ties of event and
 * created time, null created times and values, out-of-order rows, duplicate keys and times, TTL edges, late rows,
 * unknown and null keys), at several partitionings; the no-future property; and DuckDB's ASOF JOIN and pandas'
 * merge_asof from the project's venv.
 */
class PointInTimeConformanceTest {
    private static final long TTL = 5 * PitData.HOUR;
    private static final List<String> WINDOWS = List.of("3h", "1d");
    private static Runtime rt;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() {
        rt = Runtime.inProcess(new dev.ember.ml.core.runtime.RuntimeConfig().threads(2));
    }

    @AfterAll
    static void stop() throws Exception {
        rt.close();
    }

    static FeatureRepository repo(Path base, String ttl) {
        Entity key = Entity.of("thing", new JoinKey("key", DataType.STRING));
        FeatureView v = FeatureView.builder("fv").entities("thing")
            .source(FeatureSource.parquet("features", "ts").withCreatedTimestamp("created"))
            .feature("v1", "v1").feature("v2", "v2").feature("seen_at", "event_us")
            .feature("v1_twice", "v1 * 2").feature("v1_again", "v1")
            .aggregation(new WindowedAggregation("v1", "v1", List.of(Aggregation.values()),
                WINDOWS.stream().map(w -> Durations.parse(w, "w")).toList()))
            .ttl(ttl).build();
        return FeatureRepository.of(base, List.of(key), List.of(v));
    }

    private static List<String> refs(String... names) {
        List<String> out = new ArrayList<>();
        for (String n : names) {
            out.add("fv:" + n);
        }
        return out;
    }

    @Test
    void shouldMatchBruteForceWhenRandomizedAtSeveralPartitionings() throws Exception {
        for (long s = 0; s < 3; s++) {
            long seed = Seeds.announce("PointInTimeConformanceTest.bruteForce", 1100 + s);
            PitData d = new PitData(seed, 500, 400, TTL);
            Path base = dir.resolve("s" + s);
            d.writeFeatures(rt, base.resolve("features"));
            FeatureStore store = new FeatureStore(repo(base, "5h"), rt);
            for (int[] pb : new int[][] {{1, 1}, {4, 3}, {3, 7}}) {
                Frame out = store.historicalFeatures(d.entityFrame(rt, pb[0]),
                    refs("v1", "v2", "seen_at", "v1_twice", "v1_again"),
                    HistoricalOptions.defaults().withBuckets(pb[1]));
                assertEquals(pb[0], out.numPartitions(), "entity partitions kept");
                List<Row> rows = out.head(Integer.MAX_VALUE);
                assertEquals(d.entities.size(), rows.size());
                for (int i = 0; i < rows.size(); i++) {
                    Row r = rows.get(i);
                    PitData.ERow e = d.entities.get(i);
                    assertEquals((long) e.id(), r.get("id"), "row order kept");
                    PitData.FRow want = d.expected(e);
                    String at = "seed " + seed + " partitions " + pb[0] + " buckets " + pb[1] + " entity " + e;
                    if (want == null) {
                        assertNull(r.get("v2"), at);
                        assertNull(r.get("v1"), at);
                    } else {
                        assertEquals(want.v1(), r.get("v1"), at + " matched " + want);
                        assertEquals(want.v2(), r.get("v2"), at + " matched " + want);
                        assertEquals(want.ts(), r.get("seen_at"), at);
                        assertEquals(want.v1() == null ? null : want.v1() * 2, r.get("v1_twice"), at);
                        assertEquals(want.v1(), r.get("v1_again"), at);
                    }
                }
            }
        }
    }

    @Test
    void shouldNeverJoinARowFromAfterTheEntityTime() throws Exception {
        for (long s = 0; s < 12; s++) {
            long seed = Seeds.announce("PointInTimeConformanceTest.noFuture", 7700 + s);
            PitData d = new PitData(seed, 120, 150, TTL);
            Path base = dir.resolve("p" + s);
            d.writeFeatures(rt, base.resolve("features"));
            FeatureStore store = new FeatureStore(repo(base, "5h"), rt);
            Frame out = store.historicalFeatures(d.entityFrame(rt, 1 + (int) (s % 3)), refs("seen_at"),
                HistoricalOptions.defaults().withBuckets(1 + (int) (s % 5)));
            int matched = 0;
            for (Row r : out.head(Integer.MAX_VALUE)) {
                Object seen = r.get("seen_at");
                if (seen == null) {
                    continue;
                }
                matched++;
                long t = micros(r.get("event_timestamp"));
                assertTrue((Long) seen <= t, "seed " + seed + ": row " + r + " sees the future");
                assertTrue((Long) seen >= t - TTL, "seed " + seed + ": row " + r + " is older than the TTL");
            }
            assertTrue(matched > 0, "seed " + seed + ": some rows match");
        }
    }

    @Test
    void shouldMatchBruteForceWindowsWhenAggregatedFromTiles() throws Exception {
        long seed = Seeds.announce("PointInTimeConformanceTest.windows", 4242);
        PitData d = new PitData(seed, 600, 400, TTL);
        d.writeFeatures(rt, dir.resolve("features"));
        FeatureStore store = new FeatureStore(repo(dir, "5h"), rt);
        List<String> names = new ArrayList<>();
        for (String w : WINDOWS) {
            for (Aggregation a : Aggregation.values()) {
                names.add("v1_" + a.id() + "_" + w);
            }
        }
        for (int[] pb : new int[][] {{1, 1}, {3, 4}}) {
            Frame out = store.historicalFeatures(d.entityFrame(rt, pb[0]), refs(names.toArray(new String[0])),
                HistoricalOptions.defaults().withBuckets(pb[1]));
            List<Row> rows = out.head(Integer.MAX_VALUE);
            for (int i = 0; i < rows.size(); i++) {
                for (String w : WINDOWS) {
                    long wm = Durations.micros(Durations.parse(w, "w"));
                    Double[] want = d.expectedWindow(d.entities.get(i), wm);
                    Aggregation[] aggs = Aggregation.values();
                    for (int a = 0; a < aggs.length; a++) {
                        Object got = rows.get(i).get("v1_" + aggs[a].id() + "_" + w);
                        String at = "seed " + seed + " entity " + d.entities.get(i) + " " + aggs[a] + " " + w;
                        assertClose(want[a], got, at);
                    }
                }
            }
        }
    }

    @Test
    void shouldAgreeWithDuckDbAsofJoinAndPandasMergeAsof() throws Exception {
        Path python = TestData.python();
        assumeTrue(Files.isExecutable(python), "no project venv at " + python + " (scripts/python-env.sh)");
        long seed = Seeds.announce("PointInTimeConformanceTest.duckdbPandas", 9090);
        PitData d = new PitData(seed, 800, 600, TTL);
        d.writeFeatures(rt, dir.resolve("features"));
        Frame entities = d.entityFrame(rt, 2);
        ParquetWriter.write(entities, dir.resolve("entities.parquet"));
        List<String> windows = new ArrayList<>();
        for (String w : WINDOWS) {
            windows.add(Long.toString(Durations.micros(Durations.parse(w, "w"))));
        }
        Path json = dir.resolve("ref.json");
        Path script = TestData.repoRoot().resolve("feature-store/src/test/resources/reference/pit_reference.py");
        Process p = new ProcessBuilder(python.toString(), script.toString(),
            dir.resolve("features").toString() + "/*.parquet", dir.resolve("entities.parquet").toString(),
            Long.toString(TTL), String.join(",", windows), json.toString()).redirectErrorStream(true).start();
        String log = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(120, TimeUnit.SECONDS) && p.exitValue() == 0, "reference script failed: " + log);
        JsonNode ref = new ObjectMapper().readTree(json.toFile());

        FeatureStore store = new FeatureStore(repo(dir, "5h"), rt);
        List<String> names = new ArrayList<>(List.of("v1", "v2"));
        for (String w : WINDOWS) {
            for (Aggregation a : Aggregation.values()) {
                names.add("v1_" + a.id() + "_" + w);
            }
        }
        List<Row> rows = store.historicalFeatures(entities, refs(names.toArray(new String[0])),
            HistoricalOptions.defaults().withBuckets(3)).head(Integer.MAX_VALUE);
        for (String engine : List.of("duckdb", "pandas")) {
            JsonNode arr = ref.get(engine);
            for (int i = 0; i < rows.size(); i++) {
                String at = engine + " seed " + seed + " entity " + d.entities.get(i);
                assertClose(num(arr.get(i).get(0)), rows.get(i).get("v1"), at + " v1");
                Double v2 = num(arr.get(i).get(1));
                assertEquals(v2 == null ? null : v2.longValue(), rows.get(i).get("v2"), at + " v2");
            }
        }
        for (int wi = 0; wi < WINDOWS.size(); wi++) {
            JsonNode arr = ref.get("windows").get(windows.get(wi));
            for (int i = 0; i < rows.size(); i++) {
                Aggregation[] aggs = Aggregation.values();
                for (int a = 0; a < aggs.length; a++) {
                    assertClose(num(arr.get(i).get(a)), rows.get(i).get("v1_" + aggs[a].id() + "_" + WINDOWS.get(wi)),
                        "duckdb window " + WINDOWS.get(wi) + " " + aggs[a] + " entity " + d.entities.get(i));
                }
            }
        }
    }

    private static Double num(JsonNode n) {
        return n == null || n.isNull() ? null : n.asDouble();
    }

    static void assertClose(Double want, Object got, String at) {
        if (want == null) {
            assertNull(got, at);
            return;
        }
        if (got == null) {
            fail(at + ": expected " + want + ", found null");
        }
        double g = ((Number) got).doubleValue();
        assertEquals(want, g, 1e-9 * Math.max(1, Math.abs(want)), at);
    }

    private static long micros(Object instant) {
        java.time.Instant i = (java.time.Instant) instant;
        return Math.addExact(Math.multiplyExact(i.getEpochSecond(), 1_000_000L), i.getNano() / 1000);
    }

    @SuppressWarnings("unused")
    private static Duration d(String s) {
        return Durations.parse(s, "d");
    }
}
