package dev.ember.ml.bench.linear;

import dev.ember.ml.algo.feature.VectorAssembler;
import dev.ember.ml.bench.BenchContext;
import dev.ember.ml.bench.Memory;
import dev.ember.ml.bench.data.SyntheticData;
import dev.ember.ml.bench.spark.LocalSpark;
import dev.ember.ml.core.data.Frame;
import dev.ember.ml.core.io.ParquetReader;
import dev.ember.ml.core.runtime.Runtime;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.Locale;

/**
 * The training data of the linear-model workloads, cached once on both systems from the same Parquet file and
 * shared by the family's workloads (through {@link BenchContext#shared}), so that every timed fit starts from data
 * already in memory, as a user who caches before fitting has it.
 *
 * <ul>
 *   <li>Ember: {@code ParquetReader} on its own in-process runtime ({@code --threads} executor threads),
 *   {@code VectorAssembler} of {@code f0..f(D-1)} into {@code features} (float32 elements, the default), select
 *   {@code features, label, y}, {@code cacheNow()}.</li>
 *   <li>Spark: {@code read.parquet}, {@code VectorAssembler} (double elements, Spark's only kind), select
 *   {@code features, label, y}, {@code cache()}, {@code count()}.</li>
 * </ul>
 *
 * On creation it checks that both hold the same rows: the count and the sums of {@code label} and {@code y}.
 */
final class LinearData implements AutoCloseable {
    /** The assembled features column on both systems. */
    static final String FEATURES = "features";
    private static final String KEY = "linear-models/data";
    private static final Logger LOG = LoggerFactory.getLogger(LinearData.class);

    private final SyntheticData data;
    private final Path file;
    private final Runtime runtime;
    private final Frame frame;
    private final Dataset<Row> df;

    private LinearData(BenchContext context) {
        data = SyntheticData.of(context.options().data());
        file = context.parquet(data);
        String[] features = data.featureNames().toArray(new String[0]);
        runtime = context.newEmberRuntime();
        long t0 = System.nanoTime();
        Frame read = ParquetReader.options().runtime(runtime).read(file);
        frame = new VectorAssembler().inputCols(features).outputCol(FEATURES).transform(read)
            .select(FEATURES, SyntheticData.LABEL, SyntheticData.TARGET).cacheNow();
        long t1 = System.nanoTime();
        SparkSession spark = context.spark();
        df = new org.apache.spark.ml.feature.VectorAssembler().setInputCols(features).setOutputCol(FEATURES)
            .transform(spark.read().parquet(file.toString()))
            .select(FEATURES, SyntheticData.LABEL, SyntheticData.TARGET)
            .cache();
        long sparkRows = df.count();
        long t2 = System.nanoTime();
        LOG.info("cached {} for the linear models: Ember {} MiB off-heap in {} s, Spark {} MiB in {} s",
            data.spec().shape(), String.format(Locale.ROOT, "%.1f", runtime.cacheStats().usedBytes() / Memory.MIB),
            secs(t1 - t0), String.format(Locale.ROOT, "%.1f", LocalSpark.cachedMemoryBytes(spark) / Memory.MIB),
            secs(t2 - t1));
        check(sparkRows);
    }

    /**
     * @param context the run's context
     * @return the family's shared data, cached on first use
     */
    static LinearData get(BenchContext context) {
        return context.shared(KEY, LinearData.class, LinearData::new);
    }

    private void check(long sparkRows) {
        long emberRows = frame.count();
        double emberLabels = Sums.sum(frame.collectDoubles(SyntheticData.LABEL));
        double emberY = Sums.sum(frame.collectDoubles(SyntheticData.TARGET));
        Row r = df.agg(functions.sum(SyntheticData.LABEL), functions.sum(SyntheticData.TARGET)).first();
        double sparkLabels = r.getDouble(0);
        double sparkY = r.getDouble(1);
        long expected = data.spec().rows();
        if (emberRows != expected || sparkRows != expected || emberLabels != sparkLabels
            || Math.abs(emberY - sparkY) > 1e-9 * Math.max(1, Math.abs(emberY))) {
            throw new IllegalStateException(String.format(Locale.ROOT, "Ember and Spark cached different data from"
                + " %s: rows %d and %d (expected %d), sum(label) %.1f and %.1f, sum(y) %.12g and %.12g", file,
                emberRows, sparkRows, expected, emberLabels, sparkLabels, emberY, sparkY));
        }
        LOG.info("verified: Ember and Spark cached {} rows, sum(label) = {}, sum(y) = {}", expected, emberLabels,
            emberY);
    }

    /** @return the generator of the data set */
    SyntheticData data() {
        return data;
    }

    /** @return the Parquet file both systems read */
    Path file() {
        return file;
    }

    /** @return Ember's runtime, which holds the cached frame */
    Runtime runtime() {
        return runtime;
    }

    /** @return Ember's cached frame: {@code features} (vector of float), {@code label}, {@code y} */
    Frame frame() {
        return frame;
    }

    /** @return Spark's cached dataset: {@code features} (vector), {@code label}, {@code y} */
    Dataset<Row> dataset() {
        return df;
    }

    /** Drops both caches and closes Ember's runtime. */
    @Override
    public void close() {
        try {
            df.unpersist(true);
            frame.unpersist();
        } finally {
            runtime.close();
        }
    }

    private static String secs(long nanos) {
        return String.format(Locale.ROOT, "%.2f", nanos / 1e9);
    }
}
