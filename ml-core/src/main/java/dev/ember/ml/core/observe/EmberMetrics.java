package dev.ember.ml.core.observe;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import java.time.Duration;

/**
 * Where Ember's metrics go: Micrometer's global registry. Libraries record into it; while no registry is attached
 * it keeps nothing. {@link #prometheus()} attaches the process's Prometheus registry (once), with the JVM's GC,
 * memory, thread and CPU meters beside Ember's.
 */
public final class EmberMetrics {
    /** Tag: the stage (estimator simple class name). */
    public static final String TAG_STAGE = "stage";
    /** Tag: success or failure. */
    public static final String TAG_OUTCOME = "outcome";
    /** Tag: the kernel's simple class name. */
    public static final String TAG_KERNEL = "kernel";
    /** Tag: the executor ({@code local} in process, the id on a cluster). */
    public static final String TAG_EXECUTOR = "executor";
    /** Tag: {@code local} (in-process runtime) or {@code cluster}. */
    public static final String TAG_RUNTIME = "runtime";
    /** Outcome of a fit or job that returned. */
    public static final String SUCCESS = "success";
    /** Outcome of a fit or job that threw. */
    public static final String FAILURE = "failure";

    /** Histogram buckets of fits and jobs: seconds to an hour. */
    static final Duration[] LONG_BUCKETS = {Duration.ofMillis(100), Duration.ofMillis(500), Duration.ofSeconds(1),
        Duration.ofSeconds(2), Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(30),
        Duration.ofMinutes(1), Duration.ofMinutes(2), Duration.ofMinutes(5), Duration.ofMinutes(10),
        Duration.ofMinutes(30), Duration.ofHours(1)};
    /** Histogram buckets of passes, rounds and tasks: a millisecond to a minute. */
    static final Duration[] SHORT_BUCKETS = {Duration.ofMillis(1), Duration.ofMillis(5), Duration.ofMillis(10),
        Duration.ofMillis(25), Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250),
        Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofSeconds(5), Duration.ofSeconds(15),
        Duration.ofMinutes(1)};

    private static volatile PrometheusMeterRegistry prometheus;

    private EmberMetrics() {
    }

    /** @return the registry Ember records into (Micrometer's global composite) */
    public static MeterRegistry registry() {
        return Metrics.globalRegistry;
    }

    /**
     * Attaches this process's Prometheus registry to the global one (first call) and binds the JVM meters.
     *
     * @return the registry, whose {@code scrape()} is the Prometheus text exposition
     */
    public static PrometheusMeterRegistry prometheus() {
        PrometheusMeterRegistry p = prometheus;
        if (p == null) {
            synchronized (EmberMetrics.class) {
                p = prometheus;
                if (p == null) {
                    p = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
                    new JvmGcMetrics().bindTo(p);
                    new JvmMemoryMetrics().bindTo(p);
                    new JvmThreadMetrics().bindTo(p);
                    new ProcessorMetrics().bindTo(p);
                    Metrics.addRegistry(p);
                    prometheus = p;
                }
            }
        }
        return p;
    }

    /**
     * Detaches and discards the Prometheus registry (an endpoint that is closed for good; benchmarks comparing
     * metrics on and off). Meters recorded into it are gone.
     */
    public static void detachPrometheus() {
        synchronized (EmberMetrics.class) {
            PrometheusMeterRegistry p = prometheus;
            if (p != null) {
                Metrics.removeRegistry(p);
                p.close();
                prometheus = null;
            }
        }
    }

    /** @return whether a Prometheus registry is attached */
    public static boolean prometheusAttached() {
        return prometheus != null;
    }
}
