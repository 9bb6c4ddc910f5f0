package dev.ember.ml.core.runtime;

import dev.ember.ml.core.InvalidArgumentException;
import dev.ember.ml.core.data.Partition;
import dev.ember.ml.core.data.Schema;

import java.util.List;

/**
 * The executor's copy of a driver-side counting node (a {@code meter} lineage node, {@link NodeMeters}): passes
 * its parent's partitions through (the same columns, nothing copied) and records each one it produces, with its
 * rows, bytes and time, into the figures of the task on this thread under the driver node's id. When the driver
 * node is cached, this node is what the executor caches, so it records cache misses only, as in-process.
 */
public final class MeterSource implements PartitionSource {
    private final String id = SourceIds.next("meter");
    private final String driverId;
    private final PartitionSource parent;

    /**
     * @param driverId the counting node's id in the driver
     * @param parent the node it counts
     */
    public MeterSource(String driverId, PartitionSource parent) {
        this.driverId = driverId;
        this.parent = parent;
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
            NodeMeters.recordHere(driverId, out.numRows(), out.sizeInBytes(), System.nanoTime() - t0);
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
        return NodeMeters.descriptor(driverId, "meter", parent.descriptor());
    }

    @Override
    public String describe() {
        return "Meter " + driverId;
    }

    /** Rebuilds {@code meter} nodes. */
    public static final class DescriptorCodec implements SourceCodec {
        @Override
        public String kind() {
            return NodeMeters.KIND;
        }

        @Override
        public PartitionSource rebuild(SourceDescriptor d, List<PartitionSource> parents, Context context) {
            if (parents.size() != 1) {
                throw new InvalidArgumentException("meter lineage node " + d.sourceId() + ": found "
                    + parents.size() + " parents, expected 1");
            }
            return new MeterSource(d.sourceId(), parents.get(0));
        }
    }
}
