package dev.ember.ml.bench.features;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ember.ml.bench.BenchContext;
import dev.ember.ml.bench.Contender;
import dev.ember.ml.bench.ContenderResult;
import dev.ember.ml.bench.Measurement;
import dev.ember.ml.bench.Memory;
import dev.ember.ml.bench.MetricColumn;
import dev.ember.ml.bench.Workload;
import dev.ember.ml.core.data.DataType;
import dev.ember.ml.core.data.Frame;
import dev.ember.ml.core.io.ParquetReader;
import dev.ember.ml.core.runtime.Runtime;
import dev.ember.ml.features.Entity;
import dev.ember.ml.features.FeatureRepository;
import dev.ember.ml.features.FeatureSource;
import dev.ember.ml.features.FeatureStore;
import dev.ember.ml.features.FeatureView;
import dev.ember.ml.features.JoinKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Point-in-time join: 1M entity rows x 10M feature rows (100k keys, 2 views, 5 features, TTL 30 days). */
public final class PointInTimeJoinWorkload implements Workload {
    static final String MEM = "memMb";
    static final String ROWS = "rows";
    static final String MATCHED = "matched";
    private static final Logger LOG = LoggerFactory.getLogger(PointInTimeJoinWorkload.class);
    private static final List<String> FEATURES = List.of("f1", "f2", "f3", "f4", "f5");
    private static final long TTL = 30 * FeatureBenchData.DAY;
    private Path entities;
    private Path viewA;
    private Path viewB;
    private final Map<String, double[][]> sums = new LinkedHashMap<>();

    @Override
    public String id() {
        return "features-pit";
    }

    @Override
    public String family() {
        return "Feature store";
    }

    @Override
    public String title() {
        return "Point-in-time join";
    }

    @Override
    public String description() {
        return """
            `FeatureStore.historicalFeatures` of %,d entity rows (key, event_timestamp) against two views of %,d \
            feature rows each (key, ts, created, 3 and 2 double features; %,d keys; TTL 30 days), all Parquet \
            written once by Ember. Timed: from reading the Parquet files to the joined table in memory. DuckDB \
            (2 threads) and pandas run in the project venv on the same files and time themselves: `DuckDB` applies \
            the same rules (one row per (key, ts) by created time, ASOF LEFT JOIN, TTL on the match); `DuckDB \
            plain` is a bare ASOF JOIN (no tie-break, no TTL: Feast's DuckDB store); pandas sorts by (ts, created) \
            and calls `merge_asof(tolerance=ttl)` per view. Feast 0.67 (its own venv, `benchmarks/feast-venv.sh`, \
            script `feast_bench.py`): a local repository with the two views as `FileSource`s (timestamp and created \
            columns, TTL 30 days) applied untimed, then `get_historical_features(entity_df, ...).to_df()` with the \
            entity rows read into pandas, on its Dask and its DuckDB offline stores (the Dask store drops the entity \
            rows a view does not match within the TTL: see `rows`). `mem MiB`: peak RSS of the Python process; for Ember the \
            JVM's peak RSS (run this workload alone to read it). Verified: non-null counts and sums of the five \
            features agree between Ember, DuckDB, pandas and Feast's DuckDB store."""
            .formatted(FeatureBenchData.scaled(1_000_000), FeatureBenchData.scaled(5_000_000),
                (int) FeatureBenchData.scaled(100_000));
    }

    @Override
    public List<MetricColumn> metrics() {
        return List.of(new MetricColumn(ROWS, "rows", "%,.0f"), new MetricColumn(MATCHED, "f1 matched", "%,.0f"),
            new MetricColumn(MEM, "mem MiB", "%,.0f"));
    }

    @Override
    public void setUp(BenchContext context) {
        Path dir = context.options().dataDir().resolve("features");
        int keys = (int) FeatureBenchData.scaled(100_000);
        try (Runtime rt = context.newEmberRuntime()) {
            entities = FeatureBenchData.entities(dir, rt, FeatureBenchData.scaled(1_000_000), keys, 11);
            viewA = FeatureBenchData.view(dir, rt, "a", FeatureBenchData.scaled(5_000_000), keys,
                List.of("f1", "f2", "f3"), 12);
            viewB = FeatureBenchData.view(dir, rt, "b", FeatureBenchData.scaled(5_000_000), keys,
                List.of("f4", "f5"), 13);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public List<Contender> contenders() {
        return List.of(new Ember(), new Python("DuckDB", "duckdb"), new Python("DuckDB plain", "duckdb-plain"),
            new Python("pandas", "pandas"), new Python("Feast (Dask)", "feast-dask"),
            new Python("Feast (DuckDB)", "feast-duckdb"));
    }

    @Override
    public String summary(List<ContenderResult> results) {
        return "";
    }

    @Override
    public void verify(BenchContext context) {
        double[][] e = sums.get("Ember");
        // Feast's Dask store drops the entity rows a view does not match within the TTL (its values agree on the
        // rows it keeps), so its checksums cannot agree; its DuckDB store returned every row, the same values
        for (String other : List.of("DuckDB", "pandas", "Feast (DuckDB)")) {
            double[][] o = sums.get(other);
            if (e == null || o == null) {
                continue;
            }
            for (int f = 0; f < FEATURES.size(); f++) {
                if (e[f][0] != o[f][0] || Math.abs(e[f][1] - o[f][1]) > 1e-6 * Math.max(1, Math.abs(e[f][1]))) {
                    throw new IllegalStateException(String.format(Locale.ROOT, "%s: Ember %s non-null %.0f sum %.9g,"
                        + " %s non-null %.0f sum %.9g", FEATURES.get(f), "", e[f][0], e[f][1], other, o[f][0],
                        o[f][1]));
                }
            }
            LOG.info("verified: Ember and {} agree on the non-null counts and sums of {}", other, FEATURES);
        }
    }

    private FeatureRepository repo() {
        Entity k = Entity.of("thing", new JoinKey("key", DataType.LONG));
        FeatureView a = FeatureView.builder("a").entities("thing")
            .source(FeatureSource.parquet(viewA.toString(), "ts").withCreatedTimestamp("created"))
            .feature("f1", "f1").feature("f2", "f2").feature("f3", "f3").ttl("30d").build();
        FeatureView b = FeatureView.builder("b").entities("thing")
            .source(FeatureSource.parquet(viewB.toString(), "ts").withCreatedTimestamp("created"))
            .feature("f4", "f4").feature("f5", "f5").ttl("30d").build();
        return FeatureRepository.of(viewA.getParent(), List.of(k), List.of(a, b));
    }

    private final class Ember implements Contender {
        @Override
        public String system() {
            return "Ember";
        }

        @Override
        public String variant() {
            return "`historicalFeatures`";
        }

        @Override
        public Measurement run(BenchContext context) {
            try (Runtime rt = context.newEmberRuntime()) {
                FeatureStore store = new FeatureStore(repo(), rt);
                long t0 = System.nanoTime();
                Frame ent = ParquetReader.options().runtime(rt).read(entities);
                Frame out = store.historicalFeatures(ent, List.of("a:f1", "a:f2", "a:f3", "b:f4", "b:f5"));
                long rows = out.count();
                long t1 = System.nanoTime();
                double[][] s = new double[FEATURES.size()][2];
                for (int f = 0; f < FEATURES.size(); f++) {
                    for (double v : out.collectDoubles(FEATURES.get(f))) {
                        if (!Double.isNaN(v)) {
                            s[f][0]++;
                            s[f][1] += v;
                        }
                    }
                }
                sums.put("Ember", s);
                return Measurement.timed(t0, t1).metric(ROWS, rows).metric(MATCHED, s[0][0])
                    .metric(MEM, Memory.peakResidentBytes() / Memory.MIB).build();
            }
        }
    }

    private final class Python implements Contender {
        private final String name;
        private final String engine;

        Python(String name, String engine) {
            this.name = name;
            this.engine = engine;
        }

        @Override
        public String system() {
            return name;
        }

        @Override
        public String variant() {
            return switch (engine) {
                case "pandas" -> "`merge_asof` x 2";
                case "duckdb" -> "dedupe + `ASOF JOIN` + TTL";
                case "feast-dask" -> "`get_historical_features`, Dask offline store";
                case "feast-duckdb" -> "`get_historical_features`, DuckDB offline store";
                default -> "`ASOF JOIN`";
            };
        }

        @Override
        public Measurement run(BenchContext context) throws Exception {
            JsonNode r = engine.startsWith("feast-")
                ? PythonPeer.runFeast(engine.substring("feast-".length()), entities.toString(), viewA.toString(),
                    viewB.toString(), Long.toString(TTL))
                : PythonPeer.run("pit", engine, entities.toString(), viewA.toString(), viewB.toString(),
                    Long.toString(TTL));
            double[][] s = new double[FEATURES.size()][2];
            for (int f = 0; f < FEATURES.size(); f++) {
                JsonNode c = r.get("checksums").get(FEATURES.get(f));
                s[f][0] = c.get(0).asDouble();
                s[f][1] = c.get(1).asDouble();
            }
            sums.put(name, s);
            double secs = r.get("seconds").asDouble();
            return new Measurement(secs, Map.of(ROWS, r.get("rows").asDouble(), MATCHED, s[0][0],
                MEM, r.get("peak_rss_mb").asDouble()));
        }
    }
}
