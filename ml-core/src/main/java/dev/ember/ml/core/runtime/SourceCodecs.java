package dev.ember.ml.core.runtime;

import dev.ember.ml.core.MlException;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;

/**
 * The {@link SourceCodec}s found on the class path, by kind, and the recursive rebuild of a lineage from its
 * descriptor. A descriptor naming an unknown kind is refused.
 */
public final class SourceCodecs {
    private final Map<String, SourceCodec> byKind = new TreeMap<>();

    private SourceCodecs() {
    }

    /** @return the codecs listed in {@code META-INF/services/dev.ember.ml.core.runtime.SourceCodec} */
    public static SourceCodecs fromServiceLoader() {
        SourceCodecs c = new SourceCodecs();
        for (SourceCodec codec : ServiceLoader.load(SourceCodec.class, SourceCodecs.class.getClassLoader())) {
            c.byKind.putIfAbsent(codec.kind(), codec);
        }
        return c;
    }

    /**
     * @param kind a node kind
     * @return its codec
     * @throws MlException if no codec rebuilds that kind
     */
    public SourceCodec codec(String kind) {
        SourceCodec c = byKind.get(kind);
        if (c == null) {
            throw new MlException("lineage descriptor of unknown kind '" + kind + "', expected one of "
                + byKind.keySet() + "; a source codec must be listed in META-INF/services/"
                + SourceCodec.class.getName());
        }
        return c;
    }

    /**
     * Rebuilds a lineage, reusing nodes already rebuilt (by their driver id), so that a process that keeps
     * {@code built} across calls keeps one node, and so one set of cached partitions, per driver node.
     *
     * @param descriptor the lineage's top node
     * @param context what codecs may use
     * @param built nodes rebuilt before, by {@link SourceDescriptor#sourceId()}; new ones are added
     * @return the rebuilt top node
     */
    public PartitionSource rebuild(SourceDescriptor descriptor, SourceCodec.Context context,
                                   Map<String, PartitionSource> built) {
        PartitionSource existing = built.get(descriptor.sourceId());
        if (existing != null) {
            return existing;
        }
        SourceCodec codec = codec(descriptor.kind());
        List<PartitionSource> parents = new ArrayList<>(descriptor.parents().size());
        for (SourceDescriptor p : descriptor.parents()) {
            parents.add(rebuild(p, context, built));
        }
        PartitionSource s = codec.rebuild(descriptor, parents, context);
        built.put(descriptor.sourceId(), s);
        return s;
    }
}
