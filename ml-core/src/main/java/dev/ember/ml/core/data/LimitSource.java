package dev.ember.ml.core.data;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ember.ml.core.InvalidArgumentException;
import dev.ember.ml.core.runtime.PartitionRef;
import dev.ember.ml.core.runtime.PartitionResolver;
import dev.ember.ml.core.runtime.PartitionSource;
import dev.ember.ml.core.runtime.SourceCodec;
import dev.ember.ml.core.runtime.SourceDescriptor;
import dev.ember.ml.core.runtime.SourceIds;

import java.util.Arrays;
import java.util.List;

/**
 * A lineage node that keeps the first {@code n} rows of its parent in partition order ({@link Frame#limit}). It
 * keeps the parent's partitioning: partition {@code i} holds the rows of the parent's partition {@code i} that
 * fall within the first {@code n}, so partitions past the limit are empty. The rows before a partition are counted
 * from file metadata where known, else by computing the earlier partitions (once per node).
 */
public final class LimitSource implements PartitionSource {
    /** The kind of limit descriptors. */
    public static final String KIND = "limit";

    private final String id = SourceIds.next("limit");
    private final PartitionSource parent;
    private final long limit;
    private final long[] counts;

    /**
     * @param parent the input node
     * @param limit the number of rows to keep, at least 0
     */
    public LimitSource(PartitionSource parent, long limit) {
        if (limit < 0) {
            throw new InvalidArgumentException("limit: found " + limit + ", expected a row count >= 0");
        }
        this.parent = parent;
        this.limit = limit;
        this.counts = new long[parent.numPartitions()];
        Arrays.fill(counts, -1);
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

    private long rowsBefore(int index, PartitionResolver resolver) {
        long sum = 0;
        for (int j = 0; j < index && sum < limit; j++) {
            sum += count(j, resolver);
        }
        return sum;
    }

    private long count(int j, PartitionResolver resolver) {
        synchronized (counts) {
            if (counts[j] >= 0) {
                return counts[j];
            }
        }
        long c = parent.knownRowCount(j);
        if (c < 0) {
            try (PartitionRef ref = resolver.open(parent, j)) {
                c = ref.partition().numRows();
            }
        }
        synchronized (counts) {
            counts[j] = c;
        }
        return c;
    }

    @Override
    public Partition compute(int index, PartitionResolver resolver) {
        long room = Math.max(0, limit - rowsBefore(index, resolver));
        try (PartitionRef ref = resolver.open(parent, index)) {
            Partition in = ref.partition();
            synchronized (counts) {
                counts[index] = in.numRows();
            }
            if (room >= in.numRows()) {
                return in.reindexed(index);
            }
            boolean[] keep = new boolean[in.numRows()];
            Arrays.fill(keep, 0, (int) room, true);
            return in.filter(keep);
        }
    }

    @Override
    public List<PartitionSource> parents() {
        return List.of(parent);
    }

    @Override
    public String describe() {
        return "Limit " + limit;
    }

    /** @return a {@code limit} descriptor: the row count and the parent */
    @Override
    public SourceDescriptor descriptor() {
        var params = SourceDescriptor.newParams();
        params.put("n", limit);
        return new SourceDescriptor(KIND, id, params, List.of(parent.descriptor()));
    }

    /** Rebuilds {@code limit} nodes. */
    public static final class DescriptorCodec implements SourceCodec {
        @Override
        public String kind() {
            return KIND;
        }

        @Override
        public PartitionSource rebuild(SourceDescriptor d, List<PartitionSource> parents, Context context) {
            JsonNode n = d.params().get("n");
            if (parents.size() != 1 || n == null || !n.canConvertToLong()) {
                throw new InvalidArgumentException("limit lineage node " + d.sourceId() + ": found " + parents.size()
                    + " parents and n = " + n + ", expected 1 parent and an integer n");
            }
            return new LimitSource(parents.get(0), n.asLong());
        }
    }
}
