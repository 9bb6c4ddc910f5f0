package dev.ember.ml.bench.features;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ember.ml.bench.BenchContext;
import dev.ember.ml.bench.Contender;
import dev.ember.ml.bench.Measurement;
import dev.ember.ml.bench.Memory;
import dev.ember.ml.bench.MetricColumn;
import dev.ember.ml.bench.Workload;
import dev.ember.ml.core.data.DataType;
import dev.ember.ml.core.data.Frame;
import dev.ember.ml.core.io.ParquetReader;
import dev.ember.ml.core.runtime.Runtime;
import dev.ember.ml.features.Aggregation;
import dev.ember.ml.features.Durations;
import dev.ember.ml.features.Entity;
import dev.ember.ml.features.FeatureRepository;
import dev.ember.ml.features.FeatureSource;
import dev.ember.ml.features.FeatureStore;
import dev.ember.ml.features.FeatureView;
import dev.ember.ml.features.HistoricalOptions;
import dev.ember.ml.features.JoinKey;
import dev.ember.ml.features.WindowedAggregation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Backfill of 3 windows x 4 aggregations at every one of 10M events (100k keys). */
public final class WindowBackfillWorkload implements Workload {
    static final String ROWS = "rows";
    static final String MEM = "memMb";
    private static final Logger LOG = LoggerFactory.getLogger(WindowBackfillWorkload.class);
    private static final List<String> WINDOWS = List.of("1h", "1d", "7d");
    private static final List<Aggregation> AGGS = List.of(Aggregation.COUNT, Aggregation.SUM, Aggregation.MEAN,
        Aggregation.MAX);
    private Path events;
    private final Map<String, double[][]> sums = new LinkedHashMap<>();

    @Override
    public String id() {
        return "features-windows";
    }

    @Override
    public String family() {
        return "Feature store";
    }

    @Override
    public String title() {
        return "Windowed aggregation backfill";
    }

    @Override
    public String description() {
        return """
            count, sum, mean and max of `v` over windows of 1 hour, 1 day and 7 days, evaluated at every one of \
            %,d events (%,d keys, a year): 12 values per event. Ember: `historicalFeatures` with the events as the \
            entity rows and a view with one `WindowedAggregation` (tiles of 5 min, 1 h and 1 h). DuckDB (2 threads): \
            `agg(v) OVER (PARTITION BY key ORDER BY ts RANGE BETWEEN w - 1 us PRECEDING AND CURRENT ROW)`, the same \
            window `(t - w, t]`. Timed from reading the Parquet file to the result in memory. Verified: sums of the \
            12 output columns agree."""
            .formatted(FeatureBenchData.scaled(10_000_000), (int) FeatureBenchData.scaled(100_000));
    }

    @Override
    public List<MetricColumn> metrics() {
        return List.of(new MetricColumn(ROWS, "rows", "%,.0f"), new MetricColumn(MEM, "mem MiB", "%,.0f"));
    }

    @Override
    public void setUp(BenchContext context) {
        try (Runtime rt = context.newEmberRuntime()) {
            events = FeatureBenchData.events(context.options().dataDir().resolve("features"), rt,
                FeatureBenchData.scaled(10_000_000), (int) FeatureBenchData.scaled(100_000), 21);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public List<Contender> contenders() {
        return List.of(new Ember(), new DuckDb());
    }

    private static List<String> names(boolean duck) {
        List<String> out = new ArrayList<>();
        for (String w : WINDOWS) {
            for (Aggregation a : AGGS) {
                out.add(duck ? "v_" + a.id() + "_" + Durations.micros(Durations.parse(w, "w"))
                    : "v_" + a.id() + "_" + w);
            }
        }
        return out;
    }

    @Override
    public void verify(BenchContext context) {
        double[][] e = sums.get("Ember");
        double[][] d = sums.get("DuckDB");
        if (e == null || d == null) {
            return;
        }
        for (int i = 0; i < e.length; i++) {
            if (e[i][0] != d[i][0] || Math.abs(e[i][1] - d[i][1]) > 1e-6 * Math.max(1, Math.abs(e[i][1]))) {
                throw new IllegalStateException(String.format(Locale.ROOT, "%s: Ember non-null %.0f sum %.9g, DuckDB"
                    + " non-null %.0f sum %.9g", names(false).get(i), e[i][0], e[i][1], d[i][0], d[i][1]));
            }
        }
        LOG.info("verified: Ember and DuckDB agree on the sums of the 12 window columns");
    }

    private final class Ember implements Contender {
        @Override
        public String system() {
            return "Ember";
        }

        @Override
        public String variant() {
            return "`historicalFeatures`, tiles";
        }

        @Override
        public Measurement run(BenchContext context) {
            Entity k = Entity.of("thing", new JoinKey("key", DataType.LONG));
            List<java.time.Duration> ws = WINDOWS.stream().map(w -> Durations.parse(w, "w")).toList();
            FeatureView v = FeatureView.builder("v").entities("thing")
                .source(FeatureSource.parquet(events.toString(), "ts"))
                .aggregation(new WindowedAggregation("v", "v", AGGS, ws)).build();
            FeatureRepository repo = FeatureRepository.of(events.getParent(), List.of(k), List.of(v));
            try (Runtime rt = context.newEmberRuntime()) {
                FeatureStore store = new FeatureStore(repo, rt);
                long t0 = System.nanoTime();
                Frame ent = ParquetReader.options().runtime(rt).columns("key", "ts").read(events);
                List<String> refs = names(false).stream().map(n -> "v:" + n).toList();
                Frame out = store.historicalFeatures(ent, refs, HistoricalOptions.defaults().withTimestampColumn("ts"));
                long rows = out.count();
                long t1 = System.nanoTime();
                List<String> cols = names(false);
                double[][] s = new double[cols.size()][2];
                for (int i = 0; i < cols.size(); i++) {
                    for (double x : out.collectDoubles(cols.get(i))) {
                        if (!Double.isNaN(x)) {
                            s[i][0]++;
                            s[i][1] += x;
                        }
                    }
                }
                sums.put("Ember", s);
                return Measurement.timed(t0, t1).metric(ROWS, rows)
                    .metric(MEM, Memory.peakResidentBytes() / Memory.MIB).build();
            }
        }
    }

    private final class DuckDb implements Contender {
        @Override
        public String system() {
            return "DuckDB";
        }

        @Override
        public String variant() {
            return "window functions, `RANGE` frames";
        }

        @Override
        public Measurement run(BenchContext context) throws Exception {
            List<String> micros = new ArrayList<>();
            WINDOWS.forEach(w -> micros.add(Long.toString(Durations.micros(Durations.parse(w, "w")))));
            JsonNode r = PythonPeer.run("windows", "duckdb", events.toString(), String.join(",", micros));
            List<String> cols = names(true);
            double[][] s = new double[cols.size()][2];
            for (int i = 0; i < cols.size(); i++) {
                JsonNode c = r.get("checksums").get(cols.get(i));
                s[i][0] = c.get(0).asDouble();
                s[i][1] = c.get(1).asDouble();
            }
            sums.put("DuckDB", s);
            return new Measurement(r.get("seconds").asDouble(), Map.of(ROWS, r.get("rows").asDouble(),
                MEM, r.get("peak_rss_mb").asDouble()));
        }
    }
}
