package dev.ember.ml.core.runtime;

import dev.ember.ml.core.data.Partition;
import dev.ember.ml.core.data.Schema;

import java.util.List;

/**
 * A node of a frame's lineage: it knows how to compute each of its partitions, from a file (a Parquet row group,
 * a CSV byte range) or from the partitions of its parents. The cache evicts partitions freely because any of
 * them can be computed again from here; the cluster runtime ships these nodes to the executors that own the
 * partitions.
 */
public interface PartitionSource {

    /** @return an identifier unique within the process, the key of this source's partitions in the cache */
    String id();

    /** @return the schema of every partition */
    Schema schema();

    /** @return the number of partitions */
    int numPartitions();

    /**
     * Computes one partition. The caller owns the result and closes it.
     *
     * @param index the partition, {@code 0 <= index < numPartitions()}
     * @param resolver opens parent partitions, through the cache where they are cached
     * @return the partition
     */
    Partition compute(int index, PartitionResolver resolver);

    /** @return the sources this one reads, empty for a file or in-memory source */
    List<PartitionSource> parents();

    /** @return one line saying what this node does, for {@code explain()} and error messages */
    String describe();

    /**
     * The number of rows of a partition if it is known without computing it (from file metadata).
     *
     * @param index the partition
     * @return the row count, or -1 if unknown
     */
    default long knownRowCount(int index) {
        return -1;
    }

    /**
     * Describes this node for another process (an executor), which rebuilds it with the {@link SourceCodec} of
     * the descriptor's kind. File sources, and nodes built from them by registered kernels, can be described;
     * the default refuses.
     *
     * @return the descriptor, with the parents' descriptors
     * @throws dev.ember.ml.core.MlException if this node cannot be rebuilt elsewhere
     */
    default SourceDescriptor descriptor() {
        throw new dev.ember.ml.core.MlException("lineage node " + id() + " (" + describe() + ") cannot be shipped"
            + " to executors: it has no descriptor; read the data from a file (Parquet or CSV) instead");
    }
}
