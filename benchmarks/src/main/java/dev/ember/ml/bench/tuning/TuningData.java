package dev.ember.ml.bench.tuning;

import dev.ember.ml.algo.feature.VectorAssembler;
import dev.ember.ml.bench.BenchContext;
import dev.ember.ml.bench.data.SyntheticData;
import dev.ember.ml.core.data.Frame;
import dev.ember.ml.core.data.Partition;
import dev.ember.ml.core.io.ParquetReader;
import dev.ember.ml.core.runtime.PartitionRef;
import dev.ember.ml.core.runtime.Runtime;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The first {@value #ROWS} rows of the reference synthetic data (the generator's rows do not depend on the row
 * count, so these are the reference file's first rows), cached on both systems in the same number of partitions:
 * {@code features} (Ember float32, Spark double), {@code label}. The Parquet file has one row group at this size,
 * so Ember splits its partition into contiguous slices and Spark repartitions, both to {@code 2 x threads}
 * partitions, so that both use every core.
 */
final class TuningData implements AutoCloseable {
    /** Rows of the workload. */
    static final int ROWS = 100_000;
    static final String FEATURES = "features";
    private static final Logger LOG = LoggerFactory.getLogger(TuningData.class);

    private final Runtime runtime;
    private final Frame frame;
    private final Dataset<Row> df;
    private final int partitions;

    TuningData(BenchContext context) {
        SyntheticData.Spec ref = context.options().data();
        SyntheticData data = SyntheticData.of(new SyntheticData.Spec(ROWS, ref.features(), ref.seed(),
            ref.intercept()));
        Path file = context.parquet(data);
        String[] features = data.featureNames().toArray(new String[0]);
        partitions = 2 * context.options().threads();
        runtime = context.newEmberRuntime();
        Frame read = new VectorAssembler().inputCols(features).outputCol(FEATURES)
            .transform(ParquetReader.options().runtime(runtime).read(file)).select(FEATURES, SyntheticData.LABEL);
        frame = Frame.of(runtime, slices(read, partitions)).cacheNow();
        df = new org.apache.spark.ml.feature.VectorAssembler().setInputCols(features).setOutputCol(FEATURES)
            .transform(context.spark().read().parquet(file.toString()))
            .select(FEATURES, SyntheticData.LABEL).repartition(partitions).cache();
        long sparkRows = df.count();
        double emberLabels = 0;
        for (double v : frame.collectDoubles(SyntheticData.LABEL)) {
            emberLabels += v;
        }
        double sparkLabels = df.agg(functions.sum(SyntheticData.LABEL)).first().getDouble(0);
        if (frame.count() != ROWS || sparkRows != ROWS || emberLabels != sparkLabels) {
            throw new IllegalStateException(String.format(Locale.ROOT, "Ember and Spark cached different data from"
                + " %s: rows %d and %d (expected %d), sum(label) %.1f and %.1f", file, frame.count(), sparkRows,
                ROWS, emberLabels, sparkLabels));
        }
        LOG.info("tuning data: {} rows x {} features in {} partitions on both systems, sum(label) = {}", ROWS,
            features.length, partitions, emberLabels);
    }

    /** Splits every partition of {@code frame} into contiguous slices, about {@code target} in all. */
    private static List<Partition> slices(Frame frame, int target) {
        int per = Math.max(1, (target + frame.numPartitions() - 1) / frame.numPartitions());
        List<Partition> out = new ArrayList<>();
        for (int i = 0; i < frame.numPartitions(); i++) {
            try (PartitionRef ref = frame.partition(i)) {
                Partition p = ref.partition();
                int n = p.numRows();
                for (int s = 0; s < per; s++) {
                    int from = (int) ((long) n * s / per);
                    int to = (int) ((long) n * (s + 1) / per);
                    boolean[] keep = new boolean[n];
                    java.util.Arrays.fill(keep, from, to, true);
                    out.add(p.filter(keep));
                }
            }
        }
        return out;
    }

    Frame frame() {
        return frame;
    }

    Dataset<Row> dataset() {
        return df;
    }

    int partitions() {
        return partitions;
    }

    @Override
    public void close() {
        try {
            df.unpersist(true);
            frame.unpersist();
        } finally {
            runtime.close();
        }
    }
}
