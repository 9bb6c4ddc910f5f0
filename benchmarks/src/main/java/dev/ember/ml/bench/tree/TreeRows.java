package dev.ember.ml.bench.tree;

import dev.ember.ml.algo.feature.VectorAssembler;
import dev.ember.ml.bench.BenchContext;
import dev.ember.ml.bench.data.TreeData;
import dev.ember.ml.core.data.Frame;
import dev.ember.ml.core.io.ParquetReader;
import dev.ember.ml.core.runtime.Runtime;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

import java.nio.file.Path;

/**
 * The tree workloads' rows: {@link TreeData}'s Parquet file, and its training and test rows assembled into a
 * {@code features} vector and cached on a fresh Ember runtime (untimed).
 *
 * @param data the data set
 * @param file its Parquet file, which the Python peers and Spark read too
 * @param train the training rows (test == 0), the first {@code trainLimit} of them when limited
 * @param test the held-out rows (test == 1)
 * @param trainRows the number of training rows
 */
record TreeRows(TreeData data, Path file, Frame train, Frame test, long trainRows) {

    /**
     * @param context the run's context (data spec, partitioning, threads)
     * @param trainLimit the most training rows, or 0 for all
     * @return the rows, cached
     */
    static TreeRows load(BenchContext context, long trainLimit) {
        TreeData data = TreeData.of(context.options().data());
        Runtime runtime = context.newEmberRuntime();
        Path file = data.parquet(context.options().dataDir(), context.options().rowsPerPartition(), runtime);
        Frame read = ParquetReader.options().runtime(runtime).read(file);
        Frame assembled = new VectorAssembler().inputCols(data.featureNames().toArray(String[]::new))
            .outputCol("features").transform(read).select("features", TreeData.LABEL, TreeData.TEST);
        Frame train = assembled.filter(TreeData.TEST + " = 0");
        train = (trainLimit > 0 ? train.limit(trainLimit) : train).cacheNow();
        Frame test = assembled.filter(TreeData.TEST + " = 1").cacheNow();
        return new TreeRows(data, file, train, test, train.count());
    }

    /**
     * @param spark the session
     * @return the same file read by Spark, assembled the same way: {@code features, label, test}
     */
    Dataset<Row> spark(SparkSession spark) {
        return new org.apache.spark.ml.feature.VectorAssembler()
            .setInputCols(data.featureNames().toArray(String[]::new)).setOutputCol("features")
            .transform(spark.read().parquet(file.toString())).select("features", TreeData.LABEL, TreeData.TEST);
    }

    /** @return the data set's shape, for a description */
    String shape() {
        return data.base().spec().shape();
    }
}
