package dev.ember.ml.bench;

import dev.ember.ml.bench.data.SyntheticData;
import dev.ember.ml.bench.spark.LocalSpark;
import dev.ember.ml.core.runtime.Runtime;
import dev.ember.ml.core.runtime.RuntimeConfig;
import org.apache.spark.sql.SparkSession;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * What the workloads of one run share: the options, the generated data files, and one Spark session (started on
 * first use, stopped by {@link #close()}). Ember runtimes are made per repetition by {@link #newEmberRuntime()},
 * so that each starts with an empty cache.
 */
public final class BenchContext implements AutoCloseable {
    private final BenchOptions options;
    private final Map<String, Path> files = new HashMap<>();
    private SparkSession spark;

    /** @param options the run's options */
    public BenchContext(BenchOptions options) {
        this.options = options;
    }

    /** @return the run's options */
    public BenchOptions options() {
        return options;
    }

    /**
     * @return a new in-process runtime with {@link BenchOptions#threads()} executor threads; the caller closes it
     */
    public Runtime newEmberRuntime() {
        return Runtime.inProcess(new RuntimeConfig().threads(options.threads()));
    }

    /**
     * The data set as a Parquet file in {@link BenchOptions#dataDir()}, written by Ember on first use.
     *
     * @param data the generator
     * @return the file
     */
    public synchronized Path parquet(SyntheticData data) {
        String key = data.spec().key() + "/" + options.rowsPerPartition();
        Path file = files.get(key);
        if (file == null) {
            try (Runtime rt = newEmberRuntime()) {
                file = data.parquet(options.dataDir(), options.rowsPerPartition(), rt);
            }
            files.put(key, file);
        }
        return file;
    }

    /** @return the run's Spark session, started on first use */
    public synchronized SparkSession spark() {
        if (spark == null) {
            spark = LocalSpark.start(options.threads());
        }
        return spark;
    }

    /** @return whether Spark was started */
    public synchronized boolean sparkStarted() {
        return spark != null;
    }

    /** Stops Spark if it was started. */
    @Override
    public synchronized void close() {
        if (spark != null) {
            spark.stop();
            spark = null;
        }
    }
}
