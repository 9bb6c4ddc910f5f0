package dev.ember.ml.core.runtime;

import dev.ember.ml.core.InvalidArgumentException;
import dev.ember.ml.core.data.Partition;
import dev.ember.ml.core.data.RowOrigin;
import dev.ember.ml.core.data.Schema;

import java.util.List;

/**
 * A lineage root over partitions already in memory (built in code or collected). It holds its partitions for
 * its whole life and hands out shared views of them, so it has nothing to recompute; close it to free them.
 */
public final class InMemorySource implements PartitionSource, AutoCloseable {
    private final String id = SourceIds.next("memory");
    private final Schema schema;
    private final List<Partition> partitions;

    /**
     * @param schema the schema every partition has
     * @param partitions the partitions, owned by this source from now on
     */
    public InMemorySource(Schema schema, List<Partition> partitions) {
        for (Partition p : partitions) {
            if (!p.schema().equals(schema)) {
                throw new InvalidArgumentException("partition " + p.index() + " has schema " + p.schema()
                    + ", expected " + schema);
            }
        }
        this.schema = schema;
        this.partitions = List.copyOf(partitions);
        long first = 0;
        for (int i = 0; i < this.partitions.size(); i++) {
            Partition p = this.partitions.get(i);
            if (p.origin() == null) {
                p.withOrigin(origin(i, first));
            }
            first += p.numRows();
        }
    }

    /**
     * Where a row built in memory came from, for partitions that do not already say (collected rows keep the file
     * and line they were read from): the frame's row number, counted over all its partitions, and its place in the
     * partition it was built in. A union or a filter that moves the row still names it so.
     */
    private RowOrigin origin(int partition, long firstRow) {
        String frame = id;
        return new RowOrigin() {
            @Override
            public String describe(int row) {
                return "row " + (firstRow + row) + " of in-memory frame " + frame + " (its partition " + partition
                    + ", row " + row + ")";
            }

            @Override
            public boolean isPositionIn(int partitionIndex) {
                return partitionIndex == partition;
            }
        };
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public Schema schema() {
        return schema;
    }

    @Override
    public int numPartitions() {
        return partitions.size();
    }

    @Override
    public Partition compute(int index, PartitionResolver resolver) {
        return partitions.get(index).reindexed(index);
    }

    @Override
    public List<PartitionSource> parents() {
        return List.of();
    }

    @Override
    public long knownRowCount(int index) {
        return partitions.get(index).numRows();
    }

    @Override
    public String describe() {
        return "InMemory " + partitions.size() + " partitions";
    }

    /**
     * Refuses: in-memory partitions live in the driver and are not shipped.
     *
     * @throws dev.ember.ml.core.MlException naming the frame's source
     */
    @Override
    public SourceDescriptor descriptor() {
        throw new dev.ember.ml.core.MlException("frame " + id + " (" + describe() + "): data built in the"
            + " driver's memory cannot run on executors; write it to Parquet first (ParquetWriter.write) and read"
            + " it back with the cluster runtime");
    }

    /** Frees the partitions (views handed out stay valid until released). */
    @Override
    public void close() {
        for (Partition p : partitions) {
            p.close();
        }
    }
}
