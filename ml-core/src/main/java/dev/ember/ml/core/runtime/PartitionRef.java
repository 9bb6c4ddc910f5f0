package dev.ember.ml.core.runtime;

import dev.ember.ml.core.InvalidStateException;
import dev.ember.ml.core.data.Partition;

/**
 * A handle on an open partition. While it is open the partition's off-heap memory stays valid (a cached
 * partition is pinned against eviction); {@link #close()} gives it back (unpins it, or frees an uncached one).
 */
public final class PartitionRef implements AutoCloseable {
    private final Partition partition;
    private final Runnable onClose;
    private boolean closed;

    /**
     * @param partition the partition
     * @param onClose what closing does: unpin, or close the partition
     */
    public PartitionRef(Partition partition, Runnable onClose) {
        this.partition = partition;
        this.onClose = onClose;
    }

    /**
     * @param partition a partition the handle owns
     * @return a handle that closes the partition
     */
    public static PartitionRef owning(Partition partition) {
        return new PartitionRef(partition, partition::close);
    }

    /** @return the partition; valid until {@link #close()} */
    public Partition partition() {
        if (closed) {
            throw new InvalidStateException("partition " + partition.index() + " used after its handle was closed");
        }
        return partition;
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            onClose.run();
        }
    }
}
