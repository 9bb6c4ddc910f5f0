package dev.ember.ml.pipeline.plan;

import dev.ember.ml.core.data.Partition;
import dev.ember.ml.core.data.Schema;
import dev.ember.ml.core.runtime.NodeMeters;
import dev.ember.ml.core.runtime.PartitionRef;
import dev.ember.ml.core.runtime.PartitionResolver;
import dev.ember.ml.core.runtime.PartitionSource;
import dev.ember.ml.core.runtime.SourceDescriptor;
import dev.ember.ml.core.runtime.SourceIds;

import java.util.List;
import java.util.Objects;

/**
 * A pass-through lineage node that counts every read of its parent (through the cache when the parent is cached):
 * how the plan measures passes over a source or a cached block. It shares the parent's columns, copies nothing,
 * and is never cached itself. Shipped to executors it is a {@code meter} node ({@link NodeMeters}): the executors
 * count there and send the figures back with each task's status, so the counters hold the same on a cluster.
 */
public final class ProbeSource implements PartitionSource {
    private final String id = SourceIds.next("probe");
    private final PartitionSource parent;
    private final String label;
    private final NodeMetrics metrics = new NodeMetrics();
    /** Keeps this node registered for the figures executors measure. */
    private final NodeMeters.Handle meter = NodeMeters.register(id, metrics::record);

    /**
     * @param parent the node to count reads of
     * @param label what the reads are, for plans
     */
    public ProbeSource(PartitionSource parent, String label) {
        this.parent = Objects.requireNonNull(parent, "parent");
        this.label = Objects.requireNonNull(label, "label");
    }

    /** @return the read counters */
    public NodeMetrics metrics() {
        return metrics;
    }

    /** @return the counted node */
    public PartitionSource parent() {
        return parent;
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public Schema schema() {
        return parent.schema();
    }

    @Override
    public int numPartitions() {
        return parent.numPartitions();
    }

    @Override
    public Partition compute(int index, PartitionResolver resolver) {
        long t0 = System.nanoTime();
        try (PartitionRef in = resolver.open(parent, index)) {
            Partition p = in.partition();
            Partition out = p.select(p.schema().names());
            metrics.record(out.numRows(), out.sizeInBytes(), System.nanoTime() - t0);
            return out;
        }
    }

    @Override
    public List<PartitionSource> parents() {
        return List.of(parent);
    }

    @Override
    public long knownRowCount(int index) {
        return parent.knownRowCount(index);
    }

    @Override
    public SourceDescriptor descriptor() {
        return NodeMeters.descriptor(id, label, parent.descriptor());
    }

    @Override
    public String describe() {
        return "Probe " + label;
    }
}
