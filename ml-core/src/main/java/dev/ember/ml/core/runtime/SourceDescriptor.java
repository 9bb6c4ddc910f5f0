package dev.ember.ml.core.runtime;

import dev.ember.ml.core.InvalidArgumentException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What another process needs to rebuild a lineage node: its kind (which {@link SourceCodec} rebuilds it), the id
 * it has in the driver (so that an executor rebuilds each node once and keeps its cached partitions across
 * rounds), plain JSON parameters (a path, byte ranges, a kernel name and its params) and the descriptors of its
 * parents. It is control-plane metadata, written as JSON with Jackson; no data and no code travel in it.
 *
 * <pre>
 * {"kind": "map", "id": "map-7", "params": {...}, "parents": [{"kind": "parquet", "id": "parquet-3", ...}]}
 * </pre>
 *
 * @param kind the node kind, for example {@code csv}, {@code parquet}, {@code map}
 * @param sourceId the node's id in the process that made the descriptor ({@link PartitionSource#id()})
 * @param params the kind's parameters
 * @param parents the parents' descriptors, in {@link PartitionSource#parents()} order
 */
public record SourceDescriptor(String kind, String sourceId, ObjectNode params, List<SourceDescriptor> parents) {
    /** The deepest lineage a descriptor may describe (guards the recursive reader). */
    public static final int MAX_DEPTH = 256;

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Checks for nulls and copies the parents. */
    public SourceDescriptor {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(sourceId, "sourceId");
        Objects.requireNonNull(params, "params");
        parents = List.copyOf(parents);
    }

    /** @return a fresh, empty parameter object, to fill in a {@link PartitionSource#descriptor()} */
    public static ObjectNode newParams() {
        return JsonNodeFactory.instance.objectNode();
    }

    /** @return this descriptor as a JSON tree */
    public ObjectNode toJsonNode() {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("kind", kind);
        o.put("id", sourceId);
        o.set("params", params);
        ArrayNode ps = o.putArray("parents");
        for (SourceDescriptor p : parents) {
            ps.add(p.toJsonNode());
        }
        return o;
    }

    /** @return this descriptor as compact JSON text */
    public String toJson() {
        return toJsonNode().toString();
    }

    /**
     * @param json text written by {@link #toJson()}
     * @return the descriptor
     * @throws InvalidArgumentException if the text is not a descriptor
     */
    public static SourceDescriptor fromJson(String json) {
        try {
            return fromJsonNode(JSON.readTree(json));
        } catch (IOException e) {
            throw new InvalidArgumentException("lineage descriptor: the JSON does not parse (" + e.getMessage()
                + "), expected a descriptor object", e);
        }
    }

    /**
     * @param node a tree written by {@link #toJsonNode()}
     * @return the descriptor
     * @throws InvalidArgumentException if the tree is not a descriptor
     */
    public static SourceDescriptor fromJsonNode(JsonNode node) {
        return read(node, 0);
    }

    private static SourceDescriptor read(JsonNode node, int depth) {
        if (depth > MAX_DEPTH) {
            throw new InvalidArgumentException("lineage descriptor: found more than " + MAX_DEPTH
                + " nested nodes, expected a shallower lineage");
        }
        if (node == null || !node.isObject()) {
            throw new InvalidArgumentException("lineage descriptor: found " + (node == null ? "nothing"
                : node.getNodeType()) + ", expected an object with kind, id, params and parents");
        }
        JsonNode kind = node.get("kind");
        JsonNode id = node.get("id");
        JsonNode params = node.get("params");
        JsonNode parents = node.get("parents");
        if (kind == null || !kind.isTextual() || id == null || !id.isTextual() || params == null
            || !params.isObject() || parents == null || !parents.isArray()) {
            throw new InvalidArgumentException("lineage descriptor: found " + abbreviate(node)
                + ", expected text 'kind' and 'id', an object 'params' and an array 'parents'");
        }
        List<SourceDescriptor> ps = new ArrayList<>(parents.size());
        for (JsonNode p : parents) {
            ps.add(read(p, depth + 1));
        }
        return new SourceDescriptor(kind.asText(), id.asText(), (ObjectNode) params, ps);
    }

    private static String abbreviate(JsonNode node) {
        String s = node.toString();
        return s.length() > 200 ? s.substring(0, 197) + "..." : s;
    }
}
