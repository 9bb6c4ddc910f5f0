package dev.ember.ml.core.data;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ember.ml.core.InvalidArgumentException;
import dev.ember.ml.core.runtime.PartitionRef;
import dev.ember.ml.core.runtime.PartitionResolver;
import dev.ember.ml.core.runtime.PartitionSource;
import dev.ember.ml.core.runtime.SourceCodec;
import dev.ember.ml.core.runtime.SourceDescriptor;
import dev.ember.ml.core.runtime.SourceIds;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A lineage node whose partitions are its parents' partitions one after the other ({@link Frame#union}): no row
 * is copied, columns are shared, and each partition keeps its parent's {@link RowOrigin} (an error names the file
 * and line of either side). The parents must have the same column names and types in the same order; where
 * only nullability differs the union's column is nullable and a non-nullable parent's column is re-encoded.
 */
public final class UnionSource implements PartitionSource {
    /** The kind of union descriptors. */
    public static final String KIND = "union";

    private final String id = SourceIds.next("union");
    private final List<PartitionSource> parents;
    private final Schema schema;

    /**
     * @param parents the frames' nodes, at least two
     * @throws InvalidArgumentException if their columns differ in name, type or order
     */
    public UnionSource(List<PartitionSource> parents) {
        if (parents.size() < 2) {
            throw new InvalidArgumentException("union: found " + parents.size() + " inputs, expected at least 2");
        }
        this.parents = List.copyOf(parents);
        this.schema = unionSchema(this.parents);
    }

    private static Schema unionSchema(List<PartitionSource> parents) {
        Schema first = parents.get(0).schema();
        List<Field> fields = new ArrayList<>(first.fields());
        for (PartitionSource p : parents.subList(1, parents.size())) {
            Schema s = p.schema();
            if (!s.names().equals(first.names())) {
                throw new InvalidArgumentException("union: found columns " + s.names() + ", expected the same"
                    + " columns in the same order as " + first.names());
            }
            for (int i = 0; i < fields.size(); i++) {
                Field a = fields.get(i);
                Field b = s.field(i);
                if (!a.withNullable(true).equals(b.withNullable(true))) {
                    throw new InvalidArgumentException("union: column '" + a.name() + "' is " + b.typeString()
                        + " in one input and " + a.typeString() + " in the other, expected one type");
                }
                fields.set(i, a.withNullable(a.nullable() || b.nullable()));
            }
        }
        return new Schema(fields);
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
        int n = 0;
        for (PartitionSource p : parents) {
            n += p.numPartitions();
        }
        return n;
    }

    @Override
    public Partition compute(int index, PartitionResolver resolver) {
        int local = index;
        for (PartitionSource p : parents) {
            if (local < p.numPartitions()) {
                try (PartitionRef ref = resolver.open(p, local)) {
                    return conformed(ref.partition(), index);
                }
            }
            local -= p.numPartitions();
        }
        throw new IndexOutOfBoundsException("union partition " + index + ": expected < " + numPartitions());
    }

    private Partition conformed(Partition in, int index) {
        if (in.schema().equals(schema)) {
            return in.reindexed(index);
        }
        List<Column> out = new ArrayList<>();
        for (int i = 0; i < schema.size(); i++) {
            Column c = in.column(i);
            if (c.field().equals(schema.field(i))) {
                out.add(c.share());
            } else {
                ColumnBuilder b = new ColumnBuilder(schema.field(i), c.length());
                for (int r = 0; r < c.length(); r++) {
                    b.appendFrom(c, r);
                }
                out.add(b.build());
            }
        }
        return new Partition(index, out, in.numRows()).withOrigin(in.origin());
    }

    @Override
    public List<PartitionSource> parents() {
        return parents;
    }

    @Override
    public long knownRowCount(int index) {
        int local = index;
        for (PartitionSource p : parents) {
            if (local < p.numPartitions()) {
                return p.knownRowCount(local);
            }
            local -= p.numPartitions();
        }
        return -1;
    }

    @Override
    public String describe() {
        return "Union of " + parents.size() + " inputs";
    }

    /** @return a {@code union} descriptor: the parents only (the schema follows from them) */
    @Override
    public SourceDescriptor descriptor() {
        List<SourceDescriptor> ps = new ArrayList<>();
        for (PartitionSource p : parents) {
            ps.add(p.descriptor());
        }
        var params = SourceDescriptor.newParams();
        params.set("schema", schema.toJsonNode());
        return new SourceDescriptor(KIND, id, params, ps);
    }

    /** Rebuilds {@code union} nodes, checking the rebuilt schema against the described one. */
    public static final class DescriptorCodec implements SourceCodec {
        @Override
        public String kind() {
            return KIND;
        }

        @Override
        public PartitionSource rebuild(SourceDescriptor d, List<PartitionSource> parents, Context context) {
            UnionSource u = new UnionSource(parents);
            JsonNode s = d.params().get("schema");
            if (s == null || !Objects.equals(Schema.fromJsonNode(s), u.schema())) {
                throw new InvalidArgumentException("union lineage node " + d.sourceId() + ": found schema "
                    + u.schema() + " from its parents, expected " + s);
            }
            return u;
        }
    }
}
