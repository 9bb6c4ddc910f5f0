package dev.ember.ml.bench.spark;

import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.RDDInfo;

/**
 * Spark in local mode, in this JVM, for the ratios: {@code local[N]} on loopback, no UI, the shuffle partitions
 * set to {@code N} (the default of 200 would only add tasks on so few cores), everything else Spark's defaults, as
 * a user who runs {@code SparkSession.builder().master("local[N]")} gets.
 *
 * <p>Spark 4 needs the {@code --add-opens} flags of its own launcher on Java 17; {@code benchmarks/run.sh} sets
 * them.
 */
public final class LocalSpark {

    private LocalSpark() {
    }

    /**
     * @param threads {@code N} of {@code local[N]}
     * @return a new session; stop it when done
     */
    public static SparkSession start(int threads) {
        return SparkSession.builder()
            .master("local[" + threads + "]")
            .appName("ember-benchmarks")
            .config("spark.driver.host", "127.0.0.1")
            .config("spark.driver.bindAddress", "127.0.0.1")
            .config("spark.ui.enabled", "false")
            .config("spark.ui.showConsoleProgress", "false")
            .config("spark.sql.shuffle.partitions", Integer.toString(threads))
            .getOrCreate();
    }

    /**
     * @param spark a session
     * @return bytes of cached RDD blocks held in memory (the storage memory of cached datasets)
     */
    public static long cachedMemoryBytes(SparkSession spark) {
        long sum = 0;
        for (RDDInfo info : spark.sparkContext().getRDDStorageInfo()) {
            sum += info.memSize();
        }
        return sum;
    }

    /**
     * @param spark a session
     * @return bytes of cached RDD blocks spilled to disk
     */
    public static long cachedDiskBytes(SparkSession spark) {
        long sum = 0;
        for (RDDInfo info : spark.sparkContext().getRDDStorageInfo()) {
            sum += info.diskSize();
        }
        return sum;
    }

    /** @return the Spark version on the classpath */
    public static String version() {
        return org.apache.spark.package$.MODULE$.SPARK_VERSION();
    }
}
