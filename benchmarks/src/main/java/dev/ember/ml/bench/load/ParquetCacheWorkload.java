package dev.ember.ml.bench.load;

import dev.ember.ml.bench.BenchContext;
import dev.ember.ml.bench.Contender;
import dev.ember.ml.bench.Measurement;
import dev.ember.ml.bench.Memory;
import dev.ember.ml.bench.MetricColumn;
import dev.ember.ml.bench.Workload;
import dev.ember.ml.bench.data.SyntheticData;
import dev.ember.ml.bench.spark.LocalSpark;
import dev.ember.ml.core.data.Frame;
import dev.ember.ml.core.io.ParquetReader;
import dev.ember.ml.core.runtime.CacheStats;
import dev.ember.ml.core.runtime.Runtime;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.storage.RDDInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * The foundation measurement: read the reference data set from Parquet and cache it, fully materialized.
 *
 * <ul>
 *   <li>Ember: {@code ParquetReader.options().runtime(rt).read(path)} on a fresh in-process runtime, then
 *   {@code cacheNow()} (every partition computed and held off-heap).</li>
 *   <li>Spark: {@code spark.read.parquet(path).cache()} then {@code count()}, which builds the in-memory columnar
 *   cache of every column.</li>
 *   <li>Spark, as an ML user prepares data: {@code VectorAssembler} of the features into a vector column, select
 *   {@code features, label}, {@code cache()}, {@code count()}.</li>
 * </ul>
 *
 * Memory: the bytes the cache holds (Ember's off-heap partition cache; Spark's storage memory of cached blocks)
 * and the heap the cached data keeps alive (used heap after full GCs while cached, minus the same before the
 * repetition).
 */
public final class ParquetCacheWorkload implements Workload {
    static final String ROWS = "rows";
    static final String CACHED_MB = "cachedMb";
    static final String HEAP_MB = "heapMb";
    static final String PARTITIONS = "partitions";
    static final String GC_SECONDS = "gcSeconds";
    private static final Logger LOG = LoggerFactory.getLogger(ParquetCacheWorkload.class);

    private SyntheticData data;
    private Path file;

    @Override
    public String id() {
        return "parquet-cache";
    }

    @Override
    public String family() {
        return "Data loading";
    }

    @Override
    public String title() {
        return "Parquet read + cache";
    }

    @Override
    public String description() {
        return """
            Read the synthetic data set (%s doubles plus `label` and `y`, written by Ember's Parquet writer with \
            one row group per partition) and cache it fully. Timed: from the read call until every partition is \
            cached. Ember: `ParquetReader.options().runtime(rt).read(path)` then `cacheNow()` on a fresh \
            in-process runtime. Spark: `spark.read.parquet(path).cache()` then `count()`; the second Spark row \
            assembles `f0..f%d` into a vector column with `VectorAssembler`, keeps `features, label`, then caches \
            and counts, as an ML pipeline does before fitting. `cached MiB`: Ember's off-heap cache \
            (`cacheStats().usedBytes()`), Spark's storage memory of the cached blocks (`getRDDStorageInfo` \
            memSize). `heap MiB`: used heap after full GCs while the data is cached, minus the same before the \
            repetition. `GC s`: time the JVM spent in garbage collection during the timed section. The file is in \
            the OS page cache after the first read, so every repetition measures decoding and caching, not the \
            disk."""
            .formatted(data == null ? "N x D" : data.spec().shape(), data == null ? 0 : data.spec().features() - 1);
    }

    @Override
    public List<MetricColumn> metrics() {
        return List.of(
            new MetricColumn(ROWS, "rows", "%,.0f"),
            new MetricColumn(PARTITIONS, "partitions", "%.0f"),
            new MetricColumn(CACHED_MB, "cached MiB", "%.1f"),
            new MetricColumn(HEAP_MB, "heap MiB", "%.1f"),
            new MetricColumn(GC_SECONDS, "GC s", "%.2f"));
    }

    @Override
    public void setUp(BenchContext context) {
        data = SyntheticData.of(context.options().data());
        file = context.parquet(data);
    }

    @Override
    public List<Contender> contenders() {
        return List.of(new EmberReadCache(), new SparkReadCache(false), new SparkReadCache(true));
    }

    @Override
    public void verify(BenchContext context) {
        double emberSum;
        long emberRows;
        try (Runtime rt = context.newEmberRuntime()) {
            Frame frame = read(rt);
            emberRows = frame.count();
            emberSum = sum(frame.collectDoubles(SyntheticData.TARGET));
        }
        Row r = context.spark().read().parquet(file.toString())
            .agg(functions.count(functions.lit(1)), functions.sum(SyntheticData.TARGET)).first();
        long sparkRows = r.getLong(0);
        double sparkSum = r.getDouble(1);
        long expected = data.spec().rows();
        if (emberRows != expected || sparkRows != expected
            || Math.abs(emberSum - sparkSum) > 1e-9 * Math.max(1.0, Math.abs(emberSum))) {
            throw new IllegalStateException(String.format(Locale.ROOT, "Ember and Spark read different data from %s:"
                + " rows %d and %d (expected %d), sum(y) %.12g and %.12g", file, emberRows, sparkRows, expected,
                emberSum, sparkSum));
        }
        LOG.info("verified: Ember and Spark both read {} rows, sum(y) = {}", expected, emberSum);
    }

    private Frame read(Runtime runtime) {
        return ParquetReader.options().runtime(runtime).read(file);
    }

    private static double sum(double[] values) {
        double s = 0;
        double c = 0;
        for (double v : values) {
            double t = s + v;
            c += Math.abs(s) >= Math.abs(v) ? (s - t) + v : (v - t) + s;
            s = t;
        }
        return s + c;
    }

    private void checkRows(String who, long rows) {
        if (rows != data.spec().rows()) {
            throw new IllegalStateException(who + " counted " + rows + " rows in " + file + ", expected "
                + data.spec().rows());
        }
    }

    private final class EmberReadCache implements Contender {
        @Override
        public String system() {
            return "Ember";
        }

        @Override
        public String variant() {
            return "`ParquetReader.read` + `cacheNow()`";
        }

        @Override
        public Measurement run(BenchContext context) {
            long heap0 = Memory.heapUsedAfterGc();
            try (Runtime rt = context.newEmberRuntime()) {
                long gc0 = Memory.gcMillis();
                long t0 = System.nanoTime();
                Frame frame = read(rt).cacheNow();
                long t1 = System.nanoTime();
                long gc1 = Memory.gcMillis();
                long rows = frame.count();
                checkRows("Ember", rows);
                CacheStats stats = rt.cacheStats();
                long heap1 = Memory.heapUsedAfterGc();
                Measurement m = Measurement.timed(t0, t1)
                    .metric(ROWS, rows)
                    .metric(PARTITIONS, stats.cachedPartitions())
                    .metric(CACHED_MB, stats.usedBytes() / Memory.MIB)
                    .metric(HEAP_MB, (heap1 - heap0) / Memory.MIB)
                    .metric(GC_SECONDS, (gc1 - gc0) / 1e3)
                    .build();
                frame.unpersist();
                return m;
            }
        }
    }

    private final class SparkReadCache implements Contender {
        private final boolean assemble;

        SparkReadCache(boolean assemble) {
            this.assemble = assemble;
        }

        @Override
        public String system() {
            return "Spark";
        }

        @Override
        public String variant() {
            return assemble ? "`read.parquet` + `VectorAssembler` + `cache()` + `count()`"
                : "`read.parquet` + `cache()` + `count()`";
        }

        @Override
        public Measurement run(BenchContext context) {
            SparkSession spark = context.spark();
            long heap0 = Memory.heapUsedAfterGc();
            long gc0 = Memory.gcMillis();
            long t0 = System.nanoTime();
            Dataset<Row> df = spark.read().parquet(file.toString());
            if (assemble) {
                df = new VectorAssembler()
                    .setInputCols(data.featureNames().toArray(new String[0]))
                    .setOutputCol("features")
                    .transform(df)
                    .select("features", SyntheticData.LABEL);
            }
            df = df.cache();
            long rows = df.count();
            long t1 = System.nanoTime();
            long gc1 = Memory.gcMillis();
            checkRows("Spark", rows);
            int partitions = 0;
            for (RDDInfo info : spark.sparkContext().getRDDStorageInfo()) {
                partitions += info.numCachedPartitions();
            }
            long cached = LocalSpark.cachedMemoryBytes(spark);
            long disk = LocalSpark.cachedDiskBytes(spark);
            if (disk > 0) {
                LOG.warn("Spark spilled {} MiB of the cache to disk", disk >> 20);
            }
            long heap1 = Memory.heapUsedAfterGc();
            Measurement m = Measurement.timed(t0, t1)
                .metric(ROWS, rows)
                .metric(PARTITIONS, partitions)
                .metric(CACHED_MB, cached / Memory.MIB)
                .metric(HEAP_MB, (heap1 - heap0) / Memory.MIB)
                .metric(GC_SECONDS, (gc1 - gc0) / 1e3)
                .build();
            df.unpersist(true);
            spark.catalog().clearCache();
            return m;
        }
    }
}
