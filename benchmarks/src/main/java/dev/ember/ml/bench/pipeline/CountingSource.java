package dev.ember.ml.bench.pipeline;

import dev.ember.ml.core.data.Partition;
import dev.ember.ml.core.data.Schema;
import dev.ember.ml.core.runtime.PartitionResolver;
import dev.ember.ml.core.runtime.PartitionSource;
import dev.ember.ml.core.runtime.SourceDescriptor;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A file source that counts how often its partitions are computed, that is, read from the file. Passes over the
 * source = computations / partitions. Everything else is the wrapped source's, identity included, so the runtime
 * caches and ships it as it would the file source itself.
 */
final class CountingSource implements PartitionSource {
    private final PartitionSource file;
    private final AtomicLong computed = new AtomicLong();

    CountingSource(PartitionSource file) {
        this.file = file;
    }

    /** @return how many partitions were read from the file so far, over the number of partitions */
    double passes() {
        return (double) computed.get() / file.numPartitions();
    }

    @Override
    public String id() {
        return file.id();
    }

    @Override
    public Schema schema() {
        return file.schema();
    }

    @Override
    public int numPartitions() {
        return file.numPartitions();
    }

    @Override
    public Partition compute(int index, PartitionResolver resolver) {
        computed.incrementAndGet();
        return file.compute(index, resolver);
    }

    @Override
    public List<PartitionSource> parents() {
        return file.parents();
    }

    @Override
    public String describe() {
        return file.describe();
    }

    @Override
    public long knownRowCount(int index) {
        return file.knownRowCount(index);
    }

    @Override
    public SourceDescriptor descriptor() {
        return file.descriptor();
    }
}
