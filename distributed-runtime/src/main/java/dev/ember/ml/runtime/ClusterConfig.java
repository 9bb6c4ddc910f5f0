package dev.ember.ml.runtime;

import dev.ember.ml.core.InvalidArgumentException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Settings of the cluster runtime, in the style of Aeron's {@code Context}: fluent setters, defaults from the
 * system properties named here, and {@link #conclude()} to fill defaults and fail fast.
 */
public final class ClusterConfig {
    /** Heartbeat period, both ways (ms). */
    public static final String HEARTBEAT_INTERVAL_PROP = "ember.cluster.heartbeatIntervalMs";
    /** Silence after which the driver declares an executor lost (ms). */
    public static final String EXECUTOR_TIMEOUT_PROP = "ember.cluster.executorTimeoutMs";
    /** Silence after which an executor gives its driver up and exits (ms). */
    public static final String DRIVER_TIMEOUT_PROP = "ember.cluster.driverTimeoutMs";
    /** How long the driver waits for executors to join (ms). */
    public static final String EXECUTOR_WAIT_PROP = "ember.cluster.executorWaitMs";
    /** Largest payload chunk (bytes; suffixes k, m accepted). */
    public static final String CHUNK_BYTES_PROP = "ember.cluster.chunkBytes";
    /** How long a send is retried under back-pressure before it is given up (ms). */
    public static final String SEND_TIMEOUT_PROP = "ember.cluster.sendTimeoutMs";
    /** Longest park of an idle agent or media driver (microseconds). */
    public static final String MAX_PARK_PROP = "ember.cluster.maxParkMicros";
    /** The file holding the shared secret (else the EMBER_SECRET environment variable). */
    public static final String SECRET_FILE_PROP = "ember.cluster.secretFile";
    /** Executors an {@code ember://} runtime waits for before its first round. */
    public static final String MIN_EXECUTORS_PROP = "ember.cluster.minExecutors";
    /** Extra JVM options for local-cluster executors, space-separated. */
    public static final String EXECUTOR_JVM_OPTIONS_PROP = "ember.cluster.executorJvmOptions";
    /** Directory for Aeron's files (default /dev/shm where it exists). */
    public static final String AERON_DIR_BASE_PROP = "ember.cluster.aeronDirBase";

    /** Whether straggling tasks get a speculative copy on another executor (Spark's spark.speculation). */
    public static final String SPECULATION_PROP = "ember.cluster.speculation";
    /** How many times slower than the round's median a task must be to be speculated. */
    public static final String SPECULATION_MULTIPLIER_PROP = "ember.cluster.speculationMultiplier";
    /** The fraction of a round's tasks that must finish before speculation starts. */
    public static final String SPECULATION_QUANTILE_PROP = "ember.cluster.speculationQuantile";
    /** The shortest run time of a task that can be speculated (ms). */
    public static final String SPECULATION_MIN_RUNTIME_PROP = "ember.cluster.speculationMinTaskRuntimeMs";
    /** How long one partition's task may run before its executor is excluded and the round re-run (ms; 0 off). */
    public static final String TASK_TIMEOUT_PROP = "ember.cluster.taskTimeoutMs";
    /**
     * How many rounds (treeAggregate calls from different threads: parallel trials, folds, independent passes)
     * run on the executors at once; more wait in submission order.
     */
    public static final String MAX_CONCURRENT_ROUNDS_PROP = "ember.cluster.maxConcurrentRounds";
    /** Whether a local cluster starts a new executor JVM in place of an excluded one. */
    public static final String REPLACE_EXCLUDED_PROP = "ember.cluster.replaceExcludedExecutors";

    /** The driver's status page port (0: any free port); unset, no page. Same as {@code ember.status.port}. */
    public static final String STATUS_PORT_PROP = dev.ember.ml.core.status.StatusServer.PORT_PROP;
    /** The address the status page binds (default 127.0.0.1). */
    public static final String STATUS_HOST_PROP = dev.ember.ml.core.status.StatusServer.HOST_PROP;

    private int heartbeatIntervalMs;
    private int statusPort = Integer.MIN_VALUE;
    private String statusHost;
    private volatile Boolean speculation;
    private double speculationMultiplier;
    private double speculationQuantile;
    private long speculationMinTaskRuntimeMs = -1;
    private volatile long taskTimeoutMs = -1;
    private Boolean replaceExcludedExecutors;
    private int maxConcurrentRounds;
    private int executorTimeoutMs;
    private int driverTimeoutMs;
    private long executorWaitMs;
    private int chunkBytes;
    private long sendTimeoutMs;
    private long maxParkMicros;
    private Path secretFile;
    private int minExecutors;
    private List<String> executorJvmOptions;
    private Path aeronDirBase;

    /** @param ms heartbeat period @return this */
    public ClusterConfig heartbeatIntervalMs(int ms) {
        this.heartbeatIntervalMs = ms;
        return this;
    }

    /** @return heartbeat period (ms) */
    public int heartbeatIntervalMs() {
        return heartbeatIntervalMs;
    }

    /** @param ms silence before an executor is lost @return this */
    public ClusterConfig executorTimeoutMs(int ms) {
        this.executorTimeoutMs = ms;
        return this;
    }

    /** @return silence before an executor is lost (ms) */
    public int executorTimeoutMs() {
        return executorTimeoutMs;
    }

    /** @param ms silence before executors give the driver up @return this */
    public ClusterConfig driverTimeoutMs(int ms) {
        this.driverTimeoutMs = ms;
        return this;
    }

    /** @return silence before executors give the driver up (ms) */
    public int driverTimeoutMs() {
        return driverTimeoutMs;
    }

    /** @param ms how long to wait for executors @return this */
    public ClusterConfig executorWaitMs(long ms) {
        this.executorWaitMs = ms;
        return this;
    }

    /** @return how long to wait for executors (ms) */
    public long executorWaitMs() {
        return executorWaitMs;
    }

    /** @param bytes largest chunk @return this */
    public ClusterConfig chunkBytes(int bytes) {
        this.chunkBytes = bytes;
        return this;
    }

    /** @return largest chunk (bytes) */
    public int chunkBytes() {
        return chunkBytes;
    }

    /** @param ms send retry window @return this */
    public ClusterConfig sendTimeoutMs(long ms) {
        this.sendTimeoutMs = ms;
        return this;
    }

    /** @return send retry window (ms) */
    public long sendTimeoutMs() {
        return sendTimeoutMs;
    }

    /** @param micros longest idle park @return this */
    public ClusterConfig maxParkMicros(long micros) {
        this.maxParkMicros = micros;
        return this;
    }

    /** @return longest idle park (microseconds) */
    public long maxParkMicros() {
        return maxParkMicros;
    }

    /** @param file the secret file @return this */
    public ClusterConfig secretFile(Path file) {
        this.secretFile = file;
        return this;
    }

    /** @return the secret file, or null for the environment */
    public Path secretFile() {
        return secretFile;
    }

    /** @param n executors to wait for @return this */
    public ClusterConfig minExecutors(int n) {
        this.minExecutors = n;
        return this;
    }

    /** @return executors to wait for */
    public int minExecutors() {
        return minExecutors;
    }

    /** @param options extra JVM options for local-cluster executors @return this */
    public ClusterConfig executorJvmOptions(List<String> options) {
        this.executorJvmOptions = List.copyOf(options);
        return this;
    }

    /** @return extra JVM options for local-cluster executors */
    public List<String> executorJvmOptions() {
        return executorJvmOptions;
    }

    /** @param dir where Aeron's directories go @return this */
    public ClusterConfig aeronDirBase(Path dir) {
        this.aeronDirBase = dir;
        return this;
    }

    /** @return where Aeron's directories go */
    public Path aeronDirBase() {
        return aeronDirBase;
    }

    /**
     * Speculation and the task timeout are read by the driver at each check, so they may also be changed on a
     * running cluster's config (for example a longer timeout while a cluster warms up).
     *
     * @param on whether stragglers get speculative copies
     * @return this
     */
    public ClusterConfig speculation(boolean on) {
        this.speculation = on;
        return this;
    }

    /** @return whether stragglers get speculative copies (default false, as Spark) */
    public boolean speculation() {
        return Boolean.TRUE.equals(speculation);
    }

    /** @param multiplier how many times the median run time makes a straggler @return this */
    public ClusterConfig speculationMultiplier(double multiplier) {
        this.speculationMultiplier = multiplier;
        return this;
    }

    /** @return how many times the median run time makes a straggler (default 1.5) */
    public double speculationMultiplier() {
        return speculationMultiplier;
    }

    /** @param quantile the fraction of tasks finished before speculation starts @return this */
    public ClusterConfig speculationQuantile(double quantile) {
        this.speculationQuantile = quantile;
        return this;
    }

    /** @return the fraction of tasks finished before speculation starts (default 0.75) */
    public double speculationQuantile() {
        return speculationQuantile;
    }

    /** @param ms the shortest run time that can be speculated @return this */
    public ClusterConfig speculationMinTaskRuntimeMs(long ms) {
        this.speculationMinTaskRuntimeMs = ms;
        return this;
    }

    /** @return the shortest run time that can be speculated (ms, default 100) */
    public long speculationMinTaskRuntimeMs() {
        return speculationMinTaskRuntimeMs;
    }

    /**
     * @param ms how long a task may run before its executor is excluded (0: never); may be changed on a running
     *     cluster's config
     * @return this
     */
    public ClusterConfig taskTimeoutMs(long ms) {
        this.taskTimeoutMs = ms;
        return this;
    }

    /** @return how long a task may run before its executor is excluded (ms, default 600000; 0 never) */
    public long taskTimeoutMs() {
        return taskTimeoutMs;
    }

    /**
     * @param n how many rounds run on the executors at once (at least 1; 1 runs them one after another)
     * @return this
     */
    public ClusterConfig maxConcurrentRounds(int n) {
        this.maxConcurrentRounds = n;
        return this;
    }

    /** @return how many rounds run on the executors at once (default 8) */
    public int maxConcurrentRounds() {
        return maxConcurrentRounds;
    }

    /** @param on whether a local cluster replaces an excluded executor with a new JVM @return this */
    public ClusterConfig replaceExcludedExecutors(boolean on) {
        this.replaceExcludedExecutors = on;
        return this;
    }

    /** @return whether a local cluster replaces an excluded executor with a new JVM (default true) */
    public boolean replaceExcludedExecutors() {
        return !Boolean.FALSE.equals(replaceExcludedExecutors);
    }

    /** @param port the status page's port, 0 for any free one, -1 for none @return this */
    public ClusterConfig statusPort(int port) {
        this.statusPort = port;
        return this;
    }

    /** @return the status page's port: 0 any free one, -1 none (the default) */
    public int statusPort() {
        return statusPort;
    }

    /** @param host the address the status page binds @return this */
    public ClusterConfig statusHost(String host) {
        this.statusHost = host;
        return this;
    }

    /** @return the address the status page binds (default 127.0.0.1: loopback only) */
    public String statusHost() {
        return statusHost;
    }

    /**
     * Fills defaults from system properties and validates.
     *
     * @return this
     * @throws InvalidArgumentException for an invalid setting
     */
    public ClusterConfig conclude() {
        heartbeatIntervalMs = heartbeatIntervalMs > 0 ? heartbeatIntervalMs : intProp(HEARTBEAT_INTERVAL_PROP, 250);
        executorTimeoutMs = executorTimeoutMs > 0 ? executorTimeoutMs : intProp(EXECUTOR_TIMEOUT_PROP, 3000);
        driverTimeoutMs = driverTimeoutMs > 0 ? driverTimeoutMs : intProp(DRIVER_TIMEOUT_PROP, 5000);
        executorWaitMs = executorWaitMs > 0 ? executorWaitMs : intProp(EXECUTOR_WAIT_PROP, 60_000);
        if (chunkBytes <= 0) {
            String p = System.getProperty(CHUNK_BYTES_PROP);
            chunkBytes = p == null ? 4 << 20 : Math.toIntExact(
                dev.ember.ml.core.runtime.RuntimeConfig.parseBytes(CHUNK_BYTES_PROP, p));
        }
        sendTimeoutMs = sendTimeoutMs > 0 ? sendTimeoutMs : intProp(SEND_TIMEOUT_PROP, 5000);
        maxParkMicros = maxParkMicros > 0 ? maxParkMicros : intProp(MAX_PARK_PROP, 100);
        if (secretFile == null && System.getProperty(SECRET_FILE_PROP) != null) {
            secretFile = Path.of(System.getProperty(SECRET_FILE_PROP));
        }
        minExecutors = minExecutors > 0 ? minExecutors : intProp(MIN_EXECUTORS_PROP, 1);
        if (executorJvmOptions == null) {
            String p = System.getProperty(EXECUTOR_JVM_OPTIONS_PROP, "").trim();
            executorJvmOptions = p.isEmpty() ? List.of() : new ArrayList<>(List.of(p.split("\\s+")));
        }
        if (aeronDirBase == null) {
            String p = System.getProperty(AERON_DIR_BASE_PROP);
            Path shm = Path.of("/dev/shm");
            aeronDirBase = p != null ? Path.of(p) : Files.isDirectory(shm) && Files.isWritable(shm) ? shm
                : Path.of(System.getProperty("java.io.tmpdir"));
        }
        if (statusPort == Integer.MIN_VALUE) {
            String p = System.getProperty(STATUS_PORT_PROP, "").trim();
            statusPort = p.isEmpty() ? -1 : intProp(STATUS_PORT_PROP, -1);
        }
        if (statusHost == null) {
            statusHost = System.getProperty(STATUS_HOST_PROP, "127.0.0.1");
        }
        if (speculation == null) {
            speculation = Boolean.parseBoolean(System.getProperty(SPECULATION_PROP, "false").trim());
        }
        speculationMultiplier = speculationMultiplier > 0 ? speculationMultiplier
            : doubleProp(SPECULATION_MULTIPLIER_PROP, 1.5);
        speculationQuantile = speculationQuantile > 0 ? speculationQuantile
            : doubleProp(SPECULATION_QUANTILE_PROP, 0.75);
        speculationMinTaskRuntimeMs = speculationMinTaskRuntimeMs >= 0 ? speculationMinTaskRuntimeMs
            : intProp(SPECULATION_MIN_RUNTIME_PROP, 100);
        taskTimeoutMs = taskTimeoutMs >= 0 ? taskTimeoutMs : intProp(TASK_TIMEOUT_PROP, 600_000);
        maxConcurrentRounds = maxConcurrentRounds > 0 ? maxConcurrentRounds : intProp(MAX_CONCURRENT_ROUNDS_PROP, 8);
        if (maxConcurrentRounds < 1) {
            throw new InvalidArgumentException(MAX_CONCURRENT_ROUNDS_PROP + ": found " + maxConcurrentRounds
                + ", expected at least 1");
        }
        if (replaceExcludedExecutors == null) {
            replaceExcludedExecutors = Boolean.parseBoolean(System.getProperty(REPLACE_EXCLUDED_PROP, "true").trim());
        }
        if (speculationMultiplier < 1 || speculationQuantile > 1) {
            throw new InvalidArgumentException("speculation: found multiplier " + speculationMultiplier
                + " and quantile " + speculationQuantile + ", expected multiplier >= 1 (" + SPECULATION_MULTIPLIER_PROP
                + ") and quantile in (0, 1] (" + SPECULATION_QUANTILE_PROP + ")");
        }
        if (executorTimeoutMs <= 2 * heartbeatIntervalMs || driverTimeoutMs <= 2 * heartbeatIntervalMs) {
            throw new InvalidArgumentException("timeouts: found executor " + executorTimeoutMs + " ms and driver "
                + driverTimeoutMs + " ms, expected both > 2 x the heartbeat interval " + heartbeatIntervalMs + " ms");
        }
        if (chunkBytes < 1024) {
            throw new InvalidArgumentException(CHUNK_BYTES_PROP + ": found " + chunkBytes + ", expected >= 1024");
        }
        return this;
    }

    private static double doubleProp(String name, double def) {
        String p = System.getProperty(name);
        if (p == null) {
            return def;
        }
        try {
            return Double.parseDouble(p.trim());
        } catch (NumberFormatException e) {
            throw new InvalidArgumentException(name + ": found '" + p + "', expected a number", e);
        }
    }

    private static int intProp(String name, int def) {
        String p = System.getProperty(name);
        if (p == null) {
            return def;
        }
        try {
            return Integer.parseInt(p.trim());
        } catch (NumberFormatException e) {
            throw new InvalidArgumentException(name + ": found '" + p + "', expected an integer", e);
        }
    }
}
