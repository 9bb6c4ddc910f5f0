package dev.ember.ml.pipeline.plan;

import dev.ember.ml.core.MlException;
import dev.ember.ml.core.data.CoreKernels;
import dev.ember.ml.core.data.Partition;
import dev.ember.ml.core.data.Schema;
import dev.ember.ml.core.runtime.KernelParams;
import dev.ember.ml.core.runtime.KernelParamsJson;
import dev.ember.ml.core.runtime.MapCall;
import dev.ember.ml.core.runtime.MappedSource;
import dev.ember.ml.core.runtime.MappedSourceCodec;
import dev.ember.ml.core.runtime.NodeMeters;
import dev.ember.ml.core.runtime.PartitionRef;
import dev.ember.ml.core.runtime.PartitionResolver;
import dev.ember.ml.core.runtime.PartitionSource;
import dev.ember.ml.core.runtime.SourceDescriptor;
import dev.ember.ml.core.runtime.SourceIds;

import java.util.ArrayList;
import java.util.List;

/**
 * Consecutive row-wise maps fused into one pass over each partition: the component kernels run in sequence on
 * the partition, each intermediate partition is closed as soon as the next exists, and only the {@code keep}
 * columns leave the node, so an intermediate column nothing downstream reads is freed inside the pass and never
 * cached. Its id is named by content (parent id, every kernel with its params, the kept columns), so equal
 * sub-plans of different fits share cached partitions.
 */
public final class FusedSource implements PartitionSource {
    private final PartitionSource parent;
    private final List<MapStep> steps;
    private final List<String> keep;
    private final Schema schema;
    private final String id;
    private final NodeMetrics metrics = new NodeMetrics();
    /** Keeps this node registered for the figures executors measure. */
    private final NodeMeters.Handle meter;

    /**
     * @param parent the input node
     * @param steps the kernels, in order, at least one (or none, for a pure projection)
     * @param keep the columns to output, in order, all present in the last step's schema
     */
    public FusedSource(PartitionSource parent, List<MapStep> steps, List<String> keep) {
        this.parent = parent;
        this.steps = List.copyOf(steps);
        Schema last = steps.isEmpty() ? parent.schema() : steps.get(steps.size() - 1).schema();
        this.schema = last.select(keep);
        this.keep = List.copyOf(keep);
        this.id = SourceIds.content("fused", contentParentId(parent), lineageKey());
        // nodes of equal content share an id (and cached partitions); executors' figures go to the newest
        this.meter = NodeMeters.register(id, metrics::record);
    }

    /** A counting probe is transparent: the content is its parent's. */
    private static String contentParentId(PartitionSource p) {
        return p instanceof ProbeSource probe ? contentParentId(probe.parent()) : p.id();
    }

    /** @return what this node computes from its parent: each kernel with its params and schema, the kept columns */
    public String lineageKey() {
        List<String> parts = new ArrayList<>();
        for (MapStep s : steps) {
            parts.add(s.call().kernel().getName());
            parts.add(KernelParamsJson.toJson(s.call().params()).toString());
            parts.add(s.schema().toJson());
        }
        parts.add(String.join(",", keep));
        return String.join("\n", parts);
    }

    /** @return the compute counters (a partition computed is a cache miss when this node is cached) */
    public NodeMetrics metrics() {
        return metrics;
    }

    /** @return the fused kernels */
    public List<MapStep> steps() {
        return steps;
    }

    /** @return the columns that leave the node */
    public List<String> keep() {
        return keep;
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
        long t0 = System.nanoTime();
        Partition current;
        try (PartitionRef in = resolver.open(parent, index)) {
            current = in.partition().select(in.partition().schema().names());
        }
        for (MapStep s : steps) {
            Partition next;
            try {
                next = s.kernel().apply(current, s.call().params(), s.schema());
            } finally {
                current.close();
            }
            if (!next.schema().equals(s.schema())) {
                next.close();
                throw new MlException(describe() + ": " + s.call().kernel().getSimpleName() + " produced partition "
                    + index + " with schema " + next.schema() + ", expected " + s.schema());
            }
            current = next;
        }
        Partition out = current.select(keep);
        current.close();
        metrics.record(out.numRows(), out.sizeInBytes(), System.nanoTime() - t0);
        return out;
    }

    @Override
    public List<PartitionSource> parents() {
        return List.of(parent);
    }

    /**
     * The equivalent chain of {@code map} nodes ending in a projection that carries this node's id: an executor
     * rebuilds it from registered kernels and runs it in one pass per partition as well.
     */
    @Override
    public SourceDescriptor descriptor() {
        PartitionSource chain = parent;
        for (MapStep s : steps) {
            chain = new MappedSource(chain, s.call(), s.kernel(), s.schema());
        }
        var params = SourceDescriptor.newParams();
        params.put("kernel", CoreKernels.Select.class.getName());
        params.set("params", KernelParamsJson.toJson(KernelParams.builder()
            .put("columns", keep.toArray(new String[0])).build()));
        params.set("schema", schema.toJsonNode());
        // under a meter node that carries this node's id (so that executors cache it, and count its computes as
        // this node does in-process: the misses when cached)
        return NodeMeters.descriptor(id, "fused map", new SourceDescriptor(MappedSourceCodec.KIND, id + "/map",
            params, List.of(chain.descriptor())));
    }

    @Override
    public String describe() {
        StringBuilder sb = new StringBuilder("FusedMap[");
        for (int i = 0; i < steps.size(); i++) {
            sb.append(i == 0 ? "" : " -> ").append(steps.get(i).call().kernel().getSimpleName());
        }
        return sb.append("] keep ").append(keep).toString();
    }

    static MapCall selectCall(List<String> columns) {
        return MapCall.of(CoreKernels.Select.class, KernelParams.builder()
            .put("columns", columns.toArray(new String[0])).build());
    }
}
