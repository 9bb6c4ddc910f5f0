package dev.ember.ml.core.runtime;

/**
 * Opens partitions: from the cache when their source is cached (computing and caching them on a miss), else by
 * computing them from their source.
 */
@FunctionalInterface
public interface PartitionResolver {

    /**
     * @param source the lineage node
     * @param index the partition
     * @return a handle that must be closed when the partition is no longer read
     */
    PartitionRef open(PartitionSource source, int index);
}
