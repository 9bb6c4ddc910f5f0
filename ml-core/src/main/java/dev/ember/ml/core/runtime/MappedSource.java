package dev.ember.ml.core.runtime;

import dev.ember.ml.core.MlException;
import dev.ember.ml.core.data.Partition;
import dev.ember.ml.core.data.Schema;

import java.util.List;
import java.util.Objects;

/**
 * A lineage node whose partitions are a registered {@link MapKernel} applied to its parent's partitions, one
 * for one. Its id is named by content (parent id, kernel, params, schema), so equal nodes share cached partitions.
 */
public final class MappedSource implements PartitionSource {
    private final String id;
    private final PartitionSource parent;
    private final MapCall call;
    private final MapKernel kernel;
    private final Schema schema;

    /**
     * @param parent the input node
     * @param call the kernel and its parameters
     * @param kernel the registered kernel instance for {@code call}
     * @param schema the output schema
     */
    public MappedSource(PartitionSource parent, MapCall call, MapKernel kernel, Schema schema) {
        this.parent = Objects.requireNonNull(parent, "parent");
        this.call = Objects.requireNonNull(call, "call");
        this.kernel = Objects.requireNonNull(kernel, "kernel");
        this.schema = Objects.requireNonNull(schema, "schema");
        this.id = SourceIds.content("map", parent.id(), call.kernel().getName(),
            KernelParamsJson.toJson(call.params()).toString(), schema.toJson());
    }

    /** @return the kernel call */
    public MapCall call() {
        return call;
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
        return parent.numPartitions();
    }

    @Override
    public Partition compute(int index, PartitionResolver resolver) {
        try (PartitionRef in = resolver.open(parent, index)) {
            Partition out = kernel.apply(in.partition(), call.params(), schema);
            if (!out.schema().equals(schema)) {
                out.close();
                throw new MlException(describe() + " produced partition " + index + " with schema " + out.schema()
                    + ", expected " + schema);
            }
            return out;
        }
    }

    @Override
    public List<PartitionSource> parents() {
        return List.of(parent);
    }

    @Override
    public long knownRowCount(int index) {
        return -1;
    }

    /** @return a {@code map} descriptor: the kernel's class name, its params, the output schema and the parent */
    @Override
    public SourceDescriptor descriptor() {
        var params = SourceDescriptor.newParams();
        params.put("kernel", call.kernel().getName());
        params.set("params", KernelParamsJson.toJson(call.params()));
        params.set("schema", schema.toJsonNode());
        return new SourceDescriptor(MappedSourceCodec.KIND, id, params, List.of(parent.descriptor()));
    }

    @Override
    public String describe() {
        return "MapPartitions " + call.kernel().getSimpleName() + " " + call.params();
    }
}
