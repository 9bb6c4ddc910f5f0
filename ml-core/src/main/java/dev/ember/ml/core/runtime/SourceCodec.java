package dev.ember.ml.core.runtime;

import java.util.List;
import java.util.function.LongFunction;

/**
 * Rebuilds the lineage nodes of one kind from their {@link SourceDescriptor}s, in another process (an executor).
 * Implementations are listed in {@code META-INF/services/dev.ember.ml.core.runtime.SourceCodec} and found by
 * {@link SourceCodecs}; a descriptor of a kind no codec claims is refused. A codec only rebuilds what its kind
 * describes: file sources open their file, {@code map} nodes look their kernel up in the {@link KernelRegistry}
 * (so an executor never instantiates a kernel that was not registered).
 */
public interface SourceCodec {

    /** @return the kind this codec rebuilds, as in {@link SourceDescriptor#kind()} */
    String kind();

    /**
     * @param descriptor a descriptor of this codec's kind
     * @param parents the rebuilt parents, in descriptor order
     * @param context what rebuilding may use
     * @return the node
     * @throws IllegalArgumentException if the descriptor's params are malformed
     */
    PartitionSource rebuild(SourceDescriptor descriptor, List<PartitionSource> parents, Context context);

    /**
     * What a codec may use to rebuild a node.
     *
     * @param kernels the registered kernels (the only ones a {@code map} node may name)
     * @param broadcasts resolves a broadcast handle by id (for kernel params that reference one)
     */
    record Context(KernelRegistry kernels, LongFunction<Broadcast<?>> broadcasts) {
    }
}
