package dev.ember.ml.bench.spark;

import org.apache.spark.SparkContext;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.sql.SparkSession;

import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Sums the bytes Spark's tasks read from their input files ({@code inputMetrics.bytesRead}) while it is open.
 * Divided by the bytes of one full scan of the same columns, it counts the passes a job made over its source.
 *
 * <pre>
 *   try (InputBytes in = InputBytes.open(spark)) {
 *       model = pipeline.fit(df);
 *       double passes = (double) in.bytes() / oneScan;
 *   }
 * </pre>
 */
public final class InputBytes implements AutoCloseable {
    private static final long WAIT_MILLIS = 60_000;
    private final SparkContext sc;
    private final AtomicLong bytes = new AtomicLong();
    private final SparkListener listener = new SparkListener() {
        @Override
        public void onTaskEnd(SparkListenerTaskEnd end) {
            if (end.taskMetrics() != null) {
                bytes.addAndGet(end.taskMetrics().inputMetrics().bytesRead());
            }
        }
    };

    private InputBytes(SparkContext sc) {
        this.sc = sc;
        sc.addSparkListener(listener);
    }

    /**
     * @param spark a session
     * @return a counter of the input bytes of the tasks that end from now until it is closed
     */
    public static InputBytes open(SparkSession spark) {
        return new InputBytes(spark.sparkContext());
    }

    /** @return the input bytes read so far, after Spark's listener bus has delivered what happened */
    public long bytes() {
        try {
            sc.listenerBus().waitUntilEmpty(WAIT_MILLIS);
        } catch (TimeoutException e) {
            throw new IllegalStateException("Spark's listener bus did not drain in " + WAIT_MILLIS + " ms", e);
        }
        return bytes.get();
    }

    /** Stops counting. */
    @Override
    public void close() {
        sc.removeSparkListener(listener);
    }
}
