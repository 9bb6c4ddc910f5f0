package dev.ember.ml.core.runtime;

import dev.ember.ml.core.data.ColumnBuilder;
import dev.ember.ml.core.data.DataType;
import dev.ember.ml.core.data.Field;
import dev.ember.ml.core.data.Partition;
import dev.ember.ml.core.data.Schema;

import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;

/** A recomputable test source: partition i is generated from (seed, i), and computations are counted. */
final class GeneratedSource implements PartitionSource {
    private final String id = SourceIds.next("generated");
    private final long seed;
    private final int partitions;
    private final int rowsPerPartition;
    private final int width;
    final AtomicInteger computations = new AtomicInteger();
    private final Schema schema;

    GeneratedSource(long seed, int partitions, int rowsPerPartition, int width) {
        this.seed = seed;
        this.partitions = partitions;
        this.rowsPerPartition = rowsPerPartition;
        this.width = width;
        this.schema = Schema.of(Field.vector("x", width, DataType.DOUBLE), Field.of("y", DataType.DOUBLE, false));
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
        return partitions;
    }

    @Override
    public Partition compute(int index, PartitionResolver resolver) {
        computations.incrementAndGet();
        SplittableRandom rnd = new SplittableRandom(seed * 31 + index);
        ColumnBuilder x = new ColumnBuilder(schema.field("x"), rowsPerPartition);
        ColumnBuilder y = new ColumnBuilder(schema.field("y"), rowsPerPartition);
        double[] v = new double[width];
        for (int r = 0; r < rowsPerPartition; r++) {
            for (int j = 0; j < width; j++) {
                v[j] = rnd.nextGaussian() * (j + 1);
            }
            x.appendVector(v);
            y.appendDouble(rnd.nextDouble());
        }
        return new Partition(index, List.of(x.build(), y.build()));
    }

    @Override
    public List<PartitionSource> parents() {
        return List.of();
    }

    @Override
    public String describe() {
        return "Generated seed=" + seed;
    }
}
