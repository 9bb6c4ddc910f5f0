package dev.ember.ml.core.runtime;

import dev.ember.ml.core.InvalidArgumentException;
import dev.ember.ml.core.data.Schema;

import java.util.List;

/**
 * Rebuilds {@code map} nodes ({@link MappedSource}): the kernel is looked up by class name in the
 * {@link KernelRegistry}, which refuses any kernel that was not registered; its params are read with
 * {@link KernelParamsJson}.
 */
public final class MappedSourceCodec implements SourceCodec {
    /** The kind of {@link MappedSource} descriptors. */
    public static final String KIND = "map";

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public PartitionSource rebuild(SourceDescriptor descriptor, List<PartitionSource> parents, Context context) {
        if (parents.size() != 1) {
            throw new InvalidArgumentException("map lineage node " + descriptor.sourceId() + ": found "
                + parents.size() + " parents, expected 1");
        }
        var p = descriptor.params();
        if (!p.path("kernel").isTextual()) {
            throw new InvalidArgumentException("map lineage node " + descriptor.sourceId()
                + ": found no text 'kernel', expected the kernel's class name");
        }
        MapKernel kernel = context.kernels().map(p.get("kernel").asText());
        KernelParams params = KernelParamsJson.fromJson(p.get("params"), context.broadcasts());
        Schema schema = Schema.fromJsonNode(p.get("schema"));
        return new MappedSource(parents.get(0), MapCall.of(kernel.getClass(), params), kernel, schema);
    }
}
