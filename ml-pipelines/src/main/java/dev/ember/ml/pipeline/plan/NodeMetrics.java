package dev.ember.ml.pipeline.plan;

import java.util.concurrent.atomic.AtomicLong;

/** Counters of one plan node, updated by executor threads: partitions produced, rows, bytes and time. */
public final class NodeMetrics {
    private final AtomicLong partitions = new AtomicLong();
    private final AtomicLong rows = new AtomicLong();
    private final AtomicLong bytes = new AtomicLong();
    private final AtomicLong nanos = new AtomicLong();

    /** @return a copy of the counters now */
    public NodeMetrics snapshot() {
        NodeMetrics m = new NodeMetrics();
        m.partitions.set(partitions());
        m.rows.set(rows());
        m.bytes.set(bytes());
        m.nanos.set(nanos());
        return m;
    }

    /**
     * @param earlier a snapshot of these counters taken before
     * @return what was counted since
     */
    public NodeMetrics since(NodeMetrics earlier) {
        NodeMetrics m = new NodeMetrics();
        m.partitions.set(partitions() - earlier.partitions());
        m.rows.set(rows() - earlier.rows());
        m.bytes.set(bytes() - earlier.bytes());
        m.nanos.set(nanos() - earlier.nanos());
        return m;
    }

    void record(long partitionRows, long partitionBytes, long elapsedNanos) {
        partitions.incrementAndGet();
        rows.addAndGet(partitionRows);
        bytes.addAndGet(partitionBytes);
        nanos.addAndGet(elapsedNanos);
    }

    /** @return partitions produced (computed or read) */
    public long partitions() {
        return partitions.get();
    }

    /** @return rows produced */
    public long rows() {
        return rows.get();
    }

    /** @return off-heap bytes of the partitions produced */
    public long bytes() {
        return bytes.get();
    }

    /** @return time spent producing them, summed over threads, in nanoseconds */
    public long nanos() {
        return nanos.get();
    }

    /**
     * @param numPartitions the node's partition count
     * @return whole passes over the node (partitions produced / partition count)
     */
    public double passes(int numPartitions) {
        return numPartitions == 0 ? 0 : (double) partitions() / numPartitions;
    }
}
