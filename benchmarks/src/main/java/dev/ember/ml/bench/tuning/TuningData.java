package dev.ember.ml.bench.tuning;

import dev.ember.ml.algo.feature.VectorAssembler;
import dev.ember.ml.bench.BenchContext;
import dev.ember.ml.bench.data.SyntheticData;
import dev.ember.ml.core.data.Column;
import dev.ember.ml.core.data.DataType;
import dev.ember.ml.core.data.Field;
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
 * partitions, so that both use every core. Both also get the same int column {@value #FOLD} of fold ids, the
 * row's index in the file modulo {@value #FOLDS} (the rows are i.i.d., so these folds are as good as random
 * ones), so that the two cross-validations score exactly the same folds.
 */
public final class TuningData implements AutoCloseable {
    /** Rows of the workload. */
    public static final int ROWS = 100_000;
    /** The features vector column. */
    public static final String FEATURES = "features";
    /** The fold-id column. */
    public static final String FOLD = "fold";
    /** The number of folds. */
    public static final int FOLDS = 3;
    private static final Logger LOG = LoggerFactory.getLogger(TuningData.class);

    private final Runtime runtime;
    private final Frame frame;
    private final Dataset<Row> df;
    private final int partitions;

    /**
     * Reads the first {@value #ROWS} rows and caches them on both systems.
     *
     * @param context the run's context (data files, Spark session, Ember runtimes)
     */
    public TuningData(BenchContext context) {
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
        Dataset<Row> assembled = new org.apache.spark.ml.feature.VectorAssembler().setInputCols(features)
            .setOutputCol(FEATURES).transform(context.spark().read().parquet(file.toString()))
            .select(FEATURES, SyntheticData.LABEL);
        org.apache.spark.sql.types.StructType withFold = assembled.schema()
            .add(FOLD, org.apache.spark.sql.types.DataTypes.IntegerType, false);
        org.apache.spark.api.java.JavaRDD<Row> rows = assembled.javaRDD().zipWithIndex()
            .map(t -> org.apache.spark.sql.RowFactory.create(t._1().get(0), t._1().get(1), (int) (t._2() % FOLDS)));
        df = context.spark().createDataFrame(rows, withFold).repartition(partitions).cache();
        long sparkRows = df.count();
        double emberLabels = 0;
        for (double v : frame.collectDoubles(SyntheticData.LABEL)) {
            emberLabels += v;
        }
        double emberFoldLabels = 0;
        double[] folds = frame.collectDoubles(FOLD);
        double[] labels = frame.collectDoubles(SyntheticData.LABEL);
        for (int r = 0; r < folds.length; r++) {
            emberFoldLabels += folds[r] * labels[r];
        }
        Row sums = df.agg(functions.sum(SyntheticData.LABEL),
            functions.sum(functions.col(FOLD).multiply(functions.col(SyntheticData.LABEL)))).first();
        double sparkLabels = sums.getDouble(0);
        double sparkFoldLabels = ((Number) sums.get(1)).doubleValue();
        if (frame.count() != ROWS || sparkRows != ROWS || emberLabels != sparkLabels
            || emberFoldLabels != sparkFoldLabels) {
            throw new IllegalStateException(String.format(Locale.ROOT, "Ember and Spark cached different data from"
                + " %s: rows %d and %d (expected %d), sum(label) %.1f and %.1f, sum(fold * label) %.1f and %.1f",
                file, frame.count(), sparkRows, ROWS, emberLabels, sparkLabels, emberFoldLabels, sparkFoldLabels));
        }
        LOG.info("tuning data: {} rows x {} features in {} partitions on both systems, sum(label) = {}", ROWS,
            features.length, partitions, emberLabels);
    }

    /**
     * Splits every partition of {@code frame} into contiguous slices, about {@code target} in all, each with the
     * fold column (the row's index in the frame modulo {@link #FOLDS}).
     */
    private static List<Partition> slices(Frame frame, int target) {
        int per = Math.max(1, (target + frame.numPartitions() - 1) / frame.numPartitions());
        List<Partition> out = new ArrayList<>();
        long first = 0;
        for (int i = 0; i < frame.numPartitions(); i++) {
            try (PartitionRef ref = frame.partition(i)) {
                Partition p = ref.partition();
                int n = p.numRows();
                for (int s = 0; s < per; s++) {
                    int from = (int) ((long) n * s / per);
                    int to = (int) ((long) n * (s + 1) / per);
                    boolean[] keep = new boolean[n];
                    java.util.Arrays.fill(keep, from, to, true);
                    Column folds = Column.allocate(Field.of(FOLD, DataType.INT, false), to - from);
                    for (int r = from; r < to; r++) {
                        folds.ints().put(r - from, (int) ((first + r) % FOLDS));
                    }
                    try (Partition slice = p.filter(keep)) {
                        out.add(slice.withColumn(folds));
                    }
                }
                first += n;
            }
        }
        return out;
    }

    /** @return the cached Ember frame: features, label, fold */
    public Frame frame() {
        return frame;
    }

    /** @return the cached Spark dataset: features, label, fold */
    public Dataset<Row> dataset() {
        return df;
    }

    /** @return the number of partitions on each system */
    public int partitions() {
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

    /**
     * Spark's {@code CrossValidator} of binomial logistic regression on this data's folds ({@link #FOLD}), scored by
     * area under ROC: what the tuning and sweep benchmarks compare Ember with.
     *
     * @param lr Spark's estimator the grid's maps refer to
     * @param grid the settings
     * @param parallelism Spark's parallelism
     * @return the cross-validator, not fitted
     */
    public static org.apache.spark.ml.tuning.CrossValidator sparkCrossValidator(
        org.apache.spark.ml.classification.LogisticRegression lr, org.apache.spark.ml.param.ParamMap[] grid,
        int parallelism) {
        return new org.apache.spark.ml.tuning.CrossValidator().setEstimator(lr).setEstimatorParamMaps(grid)
            .setEvaluator(new org.apache.spark.ml.evaluation.BinaryClassificationEvaluator())
            .setNumFolds(FOLDS).setFoldCol(FOLD).setParallelism(parallelism);
    }

    /** @param metrics one mean metric per setting, larger is better @return the first best setting's index */
    public static int best(double[] metrics) {
        int b = 0;
        for (int i = 1; i < metrics.length; i++) {
            if (metrics[i] > metrics[b]) {
                b = i;
            }
        }
        return b;
    }
}
