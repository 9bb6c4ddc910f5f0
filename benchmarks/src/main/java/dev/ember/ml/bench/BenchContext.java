package dev.ember.ml.bench;

import dev.ember.ml.bench.data.SyntheticData;
import dev.ember.ml.bench.spark.LocalSpark;
import dev.ember.ml.core.runtime.Runtime;
import dev.ember.ml.core.runtime.RuntimeConfig;
import org.apache.spark.sql.SparkSession;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * What the workloads of one run share: the options, the generated data files, one Spark session (started on
 * first use, stopped by {@link #close()}), and {@linkplain #shared shared resources} such as a data set cached on
 * both systems that several workloads of a family fit on. Ember runtimes are made per repetition by
 * {@link #newEmberRuntime()}, so that each starts with an empty cache.
 */
public final class BenchContext implements AutoCloseable {
    private final BenchOptions options;
    private final Map<String, Path> files = new HashMap<>();
    private final Map<String, AutoCloseable> shared = new LinkedHashMap<>();
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

    /**
     * A resource several workloads share (a data set cached on Ember and on Spark, say), made on first use and
     * closed by {@link #releaseShared()}: the runner calls it when a family's workloads are done, so that the next
     * family starts without it.
     *
     * @param key names the resource
     * @param type its class
     * @param make makes it from this context on first use
     * @param <T> its type
     * @return the resource
     */
    public synchronized <T extends AutoCloseable> T shared(String key, Class<T> type,
                                                          Function<BenchContext, T> make) {
        AutoCloseable r = shared.get(key);
        if (r == null) {
            r = make.apply(this);
            shared.put(key, r);
        }
        return type.cast(r);
    }

    /**
     * Closes the {@linkplain #shared shared resources}, the most recent first.
     *
     * @throws Exception the first failure to close one (the others are still closed)
     */
    public synchronized void releaseShared() throws Exception {
        List<AutoCloseable> all = new ArrayList<>(shared.values());
        shared.clear();
        Exception first = null;
        for (int i = all.size() - 1; i >= 0; i--) {
            try {
                all.get(i).close();
            } catch (Exception e) {
                if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        if (first != null) {
            throw first;
        }
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

    /**
     * Closes the shared resources, then stops Spark if it was started.
     *
     * @throws Exception if a shared resource fails to close (Spark is stopped all the same)
     */
    @Override
    public synchronized void close() throws Exception {
        try {
            releaseShared();
        } finally {
            stopSpark();
        }
    }

    private void stopSpark() {
        if (spark != null) {
            spark.stop();
            spark = null;
        }
    }
}
