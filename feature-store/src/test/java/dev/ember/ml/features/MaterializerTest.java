package dev.ember.ml.features;

import dev.ember.ml.core.data.DataType;
import dev.ember.ml.core.data.Frame;
import dev.ember.ml.core.data.Row;
import dev.ember.ml.core.runtime.Runtime;
import dev.ember.ml.core.runtime.RuntimeConfig;
import dev.ember.ml.features.materialize.MaterializationException;
import dev.ember.ml.features.materialize.Materializer;
import dev.ember.ml.features.materialize.MaterializerHooks;
import dev.ember.ml.features.materialize.OfflineLayout;
import dev.ember.ml.features.materialize.RunRecord;
import dev.ember.ml.testkit.TestData;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Backfill, idempotent reruns, crash safety, incremental runs with allowed lateness, aggregate snapshots. */
class MaterializerTest {
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
            .source(FeatureSource.csv("src", "date")).feature("price", "price").feature("log_price", "ln(price)")
            .aggregation(WindowedAggregation.of("price", List.of(Aggregation.COUNT, Aggregation.MEAN), "90d"))
            .ttl("62d").schedule("0 0 1 * *").allowedLateness("40d").build();
        return FeatureRepository.of(dir, List.of(Entity.of("ticker", new JoinKey("symbol", DataType.STRING))),
            List.of(v));
    }

    private Materializer materializer(FeatureRepository repo, String now) {
        return new Materializer(repo, rt, new OfflineLayout(dir.resolve("store")),
            Clock.fixed(Instant.parse(now), ZoneOffset.UTC));
    }

    private static List<String> files(Path root) throws Exception {
        if (!Files.exists(root)) {
            return List.of();
        }
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(Files::isRegularFile).map(p -> root.relativize(p).toString()).sorted().toList();
        }
    }

    private static List<String> rows(Frame f) {
        List<String> out = new ArrayList<>();
        for (Row r : f.head(Integer.MAX_VALUE)) {
            out.add(r.values().toString());
        }
        out.sort(Comparator.naturalOrder());
        return out;
    }

    @Test
    void shouldBackfillDatePartitionsAndAdvanceTheWatermark() throws Exception {
        FeatureRepository repo = repo();
        FeatureView v = repo.view("prices");
        Materializer m = materializer(repo, "2010-06-01T00:00:00Z");
        List<RunRecord> runs = m.materialize(v, Instant.parse("2008-01-01T00:00:00Z"),
            Instant.parse("2009-01-01T00:00:00Z"));
        assertEquals(12, runs.size());
        assertEquals(Instant.parse("2009-01-01T00:00:00Z"), m.watermark(v).orElseThrow());
        List<String> fs = files(m.layout().rowsDir(v));
        assertEquals(12, fs.size(), fs.toString());
        assertTrue(fs.contains("date=2008-03-01/part-1204329600-1206999600.parquet") || fs.get(2)
            .startsWith("date=2008-03-01/"), fs.toString());
        Frame back = m.read(v, false);
        assertEquals(60, back.count(), "5 tickers x 12 months");
        Row first = back.head(1).get(0);
        assertEquals(Math.log((Double) first.get("price")), (Double) first.get("log_price"), 1e-12);
        assertTrue(runs.stream().allMatch(r -> r.status().equals(RunRecord.SUCCEEDED) && r.rows() == 10),
            "5 rows and 5 snapshots per month: " + runs);

        Frame snaps = m.read(v, true);
        assertEquals(60, snaps.count(), "one snapshot per ticker per month");
        FeatureStore store = new FeatureStore(repo, rt);
        List<Row> all = snaps.head(Integer.MAX_VALUE);
        for (Row r : List.of(all.get(0), all.get(17), all.get(33), all.get(59))) {
            Frame ent = Frame.ofColumns(rt, dev.ember.ml.core.data.ColumnBuilder.ofStrings("symbol",
                (String) r.get("symbol")), timestamp(((Instant) r.get("event_timestamp"))));
            Row want = store.historicalFeatures(ent, List.of("prices:price_mean_90d", "prices:price_count_90d"))
                .head(1).get(0);
            assertEquals(want.get("price_mean_90d"), r.get("price_mean_90d"), r.toString());
            assertEquals(want.get("price_count_90d"), r.get("price_count_90d"), r.toString());
        }
    }

    private static dev.ember.ml.core.data.Column timestamp(Instant t) {
        dev.ember.ml.core.data.ColumnBuilder b = new dev.ember.ml.core.data.ColumnBuilder(
            dev.ember.ml.core.data.Field.of("event_timestamp", DataType.TIMESTAMP, false), 1);
        b.appendLong(t.getEpochSecond() * 1_000_000L + t.getNano() / 1000);
        return b.build();
    }

    @Test
    void shouldGiveTheSameFilesAndRowsWhenAnIntervalIsRerun() throws Exception {
        FeatureRepository repo = repo();
        FeatureView v = repo.view("prices");
        Materializer m = materializer(repo, "2010-06-01T00:00:00Z");
        m.materialize(v, Instant.parse("2008-01-01T00:00:00Z"), Instant.parse("2008-04-01T00:00:00Z"));
        List<String> before = files(m.layout().viewDir(v));
        List<String> rowsBefore = rows(m.read(v, false));
        m.materialize(v, Instant.parse("2008-02-01T00:00:00Z"), Instant.parse("2008-03-01T00:00:00Z"));
        assertEquals(before, files(m.layout().viewDir(v)));
        assertEquals(rowsBefore, rows(m.read(v, false)));
        assertEquals(Instant.parse("2008-04-01T00:00:00Z"), m.watermark(v).orElseThrow(),
            "a rerun of an old interval never moves the watermark back");
    }

    @Test
    void shouldLeaveNoPartialPartitionWhenTheJobCrashesBeforeRenaming() throws Exception {
        FeatureRepository repo = repo();
        FeatureView v = repo.view("prices");
        Materializer m = materializer(repo, "2008-03-01T00:00:00Z");
        m.materialize(v, Instant.parse("2008-01-01T00:00:00Z"), Instant.parse("2008-02-01T00:00:00Z"));
        List<String> before = files(m.layout().viewDir(v));
        MaterializerHooks.beforeRename(m, () -> {
            throw new IllegalStateException("simulated crash");
        });
        MaterializationException e = assertThrows(MaterializationException.class,
            () -> m.materialize(v, Instant.parse("2008-02-01T00:00:00Z"), Instant.parse("2008-03-01T00:00:00Z")));
        assertTrue(e.getMessage().contains("'prices'") && e.getMessage().contains("2008-02-01T00:00:00Z")
            && e.getMessage().contains("simulated crash"), e.getMessage());
        assertEquals(before, files(m.layout().viewDir(v)), "nothing visible, temporary files removed");
        assertEquals(Instant.parse("2008-02-01T00:00:00Z"), m.watermark(v).orElseThrow());
        RunRecord failed = m.runLog().read().get(m.runLog().read().size() - 1);
        assertEquals(RunRecord.FAILED, failed.status());
        assertTrue(failed.error().contains("simulated crash"));

        MaterializerHooks.beforeRename(m, () -> { });
        List<RunRecord> redo = m.materializeIncremental(v);
        assertFalse(redo.isEmpty());
        assertEquals(List.of(Instant.parse("2008-02-01T00:00:00Z")), redo.stream().map(r -> r.interval().start())
            .toList(), "the failed interval; January is not final before its end + 40 days");
        assertTrue(files(m.layout().rowsDir(v)).stream().anyMatch(f -> f.startsWith("date=2008-02-01/")));
    }

    @Test
    void shouldRecomputeIntervalsInsideTheAllowedLatenessWhenLateRowsArrive() throws Exception {
        FeatureRepository repo = repo();
        FeatureView v = repo.view("prices");
        Materializer m = materializer(repo, "2008-06-01T00:00:00Z");
        m.materialize(v, Instant.parse("2008-01-01T00:00:00Z"), Instant.parse("2008-06-01T00:00:00Z"));
        assertEquals(25, m.read(v, false).count());
        Files.writeString(dir.resolve("src/late.csv"), "symbol,date,price\n"
            + "ZZZ,2008-05-15T00:00:00Z,1.5\nZZZ,2008-02-15T00:00:00Z,2.5\n");
        Materializer later = materializer(repo, "2008-07-15T00:00:00Z");
        List<RunRecord> runs = later.materializeIncremental(v);
        assertEquals(List.of("2008-04-01T00:00:00Z", "2008-05-01T00:00:00Z", "2008-06-01T00:00:00Z"),
            runs.stream().map(r -> r.interval().start().toString()).toList(),
            "the final runs of intervals ending within 40 days of the watermark, then the new one");
        assertTrue(later.materializeIncremental(v).isEmpty(), "a final run happens once");
        List<String> symbols = later.read(v, false).collectStrings("symbol");
        assertEquals(1, symbols.stream().filter("ZZZ"::equals).count(),
            "the late row of May is in; the one of February is outside the lateness");
        assertEquals(Instant.parse("2008-07-01T00:00:00Z"), later.watermark(v).orElseThrow());
    }
}
