package dev.ember.ml.core.runtime;

/**
 * Makes runtimes for master URLs that ml-core does not handle itself (it handles {@code local} and
 * {@code local[n]}): the distributed-runtime module registers one for {@code local-cluster[n]} and
 * {@code ember://host:port}. Implementations are listed in
 * {@code META-INF/services/dev.ember.ml.core.runtime.RuntimeFactory}, so ml-core does not depend on them.
 */
public interface RuntimeFactory {

    /**
     * @param masterUrl a master URL
     * @return whether this factory makes runtimes for it
     */
    boolean accepts(String masterUrl);

    /**
     * @param masterUrl a URL this factory accepts
     * @param config settings for the runtime (threads and cache budget per executor)
     * @return a new runtime; close it when done
     */
    Runtime create(String masterUrl, RuntimeConfig config);
}
