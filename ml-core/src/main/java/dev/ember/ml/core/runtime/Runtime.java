package dev.ember.ml.core.runtime;

import dev.ember.ml.core.InvalidArgumentException;
import dev.ember.ml.core.data.Frame;
import dev.ember.ml.core.data.Schema;
import dev.ember.ml.core.runtime.local.InProcessRuntime;

/**
 * The runtime SPI every algorithm is written against. It runs kernels over a frame's partitions where the
 * partitions live: on executor threads in this JVM ({@link #inProcess()}, the default) or on executor JVMs
 * (the cluster runtime). Algorithms never know which.
 *
 * <ul>
 *   <li>{@link #mapPartitions}: a new frame whose partitions are a registered {@link MapKernel} applied to the
 *   input's; lazy, recorded in the lineage.</li>
 *   <li>{@link #treeAggregate}: a registered {@link AggregateKernel} folded over every partition, the
 *   per-partition results combined in a tree of the given depth, in a fixed order.</li>
 *   <li>{@link #broadcast}: a read-only value shipped once to every executor.</li>
 *   <li>{@link #persist}/{@link #unpersist}: keep a source's partitions in the off-heap cache, under the memory
 *   budget; evicted partitions are recomputed from their lineage when needed again.</li>
 * </ul>
 *
 * <p>Note: this type shares its simple name with {@link java.lang.Runtime}; code that imports it refers to the
 * JDK's class by its full name.
 */
public interface Runtime extends PartitionResolver, AutoCloseable {

    /**
     * The process-wide default in-process runtime, created on first use with {@link RuntimeConfig} defaults
     * (system properties) and closed at JVM exit.
     *
     * @return the shared runtime
     */
    static Runtime local() {
        return InProcessRuntime.shared();
    }

    /** @return a new in-process runtime with the default configuration; close it when done */
    static Runtime inProcess() {
        return new InProcessRuntime(new RuntimeConfig());
    }

    /**
     * @param config the configuration
     * @return a new in-process runtime; close it when done
     */
    static Runtime inProcess(RuntimeConfig config) {
        return new InProcessRuntime(config);
    }

    /**
     * A runtime for a master URL: {@code local} (the in-process runtime, one thread per core),
     * {@code local[n]} (in-process with n threads), or a URL that a {@link RuntimeFactory} on the class path
     * accepts: with the distributed-runtime module, {@code local-cluster[n]} (n executor JVMs on this machine)
     * and {@code ember://host:port} (executors started elsewhere with {@code ember executor}).
     *
     * @param masterUrl the master URL
     * @return a new runtime; close it when done
     * @throws InvalidArgumentException if the URL is malformed or no factory accepts it
     */
    static Runtime create(String masterUrl) {
        return create(masterUrl, new RuntimeConfig());
    }

    /**
     * @param masterUrl the master URL (see {@link #create(String)})
     * @param config threads and cache budget (per executor on a cluster)
     * @return a new runtime; close it when done
     */
    static Runtime create(String masterUrl, RuntimeConfig config) {
        String url = masterUrl == null ? "" : masterUrl.trim();
        if (url.equals("local") || url.equals("local[*]")) {
            return new InProcessRuntime(config);
        }
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("local\\[(\\d{1,4})]").matcher(url);
        if (m.matches()) {
            return new InProcessRuntime(config.threads(Integer.parseInt(m.group(1))));
        }
        for (RuntimeFactory f : java.util.ServiceLoader.load(RuntimeFactory.class, Runtime.class.getClassLoader())) {
            if (f.accepts(url)) {
                return f.create(url, config);
            }
        }
        throw new InvalidArgumentException("master URL: found '" + masterUrl + "', expected local, local[n], or"
            + " (with the distributed-runtime module on the class path) local-cluster[n] or ember://host:port");
    }

    /**
     * Starts n executor JVMs on this machine with this JVM's class path and connects to them over Aeron (needs
     * the distributed-runtime module on the class path). Same as {@code create("local-cluster[n]")}.
     *
     * @param n the number of executors, at least 1
     * @return a new cluster runtime; closing it stops the executors
     */
    static Runtime localCluster(int n) {
        return create("local-cluster[" + n + "]");
    }

    /** @return the number of partitions processed at once */
    int parallelism();

    /** @return the kernels this runtime runs */
    KernelRegistry kernels();

    /**
     * @param frame the input
     * @param call the kernel and its parameters
     * @param outputSchema the schema of the result
     * @return a lazy frame of the transformed partitions
     */
    Frame mapPartitions(Frame frame, MapCall call, Schema outputSchema);

    /**
     * @param frame the input
     * @param call the kernel and its parameters
     * @param depth the depth of the combining tree, at least 1 (fan-in {@code ceil(n^(1/depth))})
     * @param <A> the accumulator type
     * @return the combined accumulator
     */
    <A> A treeAggregate(Frame frame, AggregateCall<A> call, int depth);

    /**
     * @param value a value executors will read
     * @param codec its binary codec
     * @param <T> the value type
     * @return the handle to put in {@link KernelParams}
     */
    <T> Broadcast<T> broadcast(T value, ValueCodec<T> codec);

    /** @param source a lineage node whose partitions should stay in the cache once computed */
    void persist(PartitionSource source);

    /** @param source a lineage node to drop from the cache */
    void unpersist(PartitionSource source);

    /**
     * @param source a lineage node
     * @return whether it is persisted
     */
    boolean isPersisted(PartitionSource source);

    /** @return the cache's counters */
    CacheStats cacheStats();

    /** Stops the executors and frees the cache. */
    @Override
    void close();
}
