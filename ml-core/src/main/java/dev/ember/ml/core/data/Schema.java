package dev.ember.ml.core.data;

import dev.ember.ml.core.InvalidArgumentException;
import dev.ember.ml.core.MissingColumnException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * An ordered list of uniquely named, typed {@link Field}s. Immutable: the {@code with...} methods return new
 * schemas. Stages check a whole pipeline against schemas before any computation ({@code transformSchema}).
 */
public final class Schema implements Iterable<Field> {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<Field> fields;
    private final Map<String, Integer> index;

    /**
     * @param fields the fields, in order, with unique names
     * @throws InvalidArgumentException if two fields share a name
     */
    public Schema(List<Field> fields) {
        this.fields = List.copyOf(fields);
        Map<String, Integer> idx = new HashMap<>();
        for (int i = 0; i < this.fields.size(); i++) {
            Field f = this.fields.get(i);
            if (idx.put(f.name(), i) != null) {
                throw new InvalidArgumentException("duplicate column name '" + f.name() + "' in schema " + fields);
            }
        }
        this.index = Collections.unmodifiableMap(idx);
    }

    /**
     * @param fields the fields, in order
     * @return a schema of them
     */
    public static Schema of(Field... fields) {
        return new Schema(List.of(fields));
    }

    /** @return the fields in order */
    public List<Field> fields() {
        return fields;
    }

    /** @return the number of columns */
    public int size() {
        return fields.size();
    }

    /** @return the column names in order */
    public List<String> names() {
        List<String> names = new ArrayList<>(fields.size());
        for (Field f : fields) {
            names.add(f.name());
        }
        return names;
    }

    /**
     * @param name a column name
     * @return whether the schema has it
     */
    public boolean contains(String name) {
        return index.containsKey(name);
    }

    /**
     * @param name a column name
     * @return its position
     * @throws InvalidArgumentException naming the column and the columns there are
     */
    public int indexOf(String name) {
        Integer i = index.get(name);
        if (i == null) {
            throw new MissingColumnException(name, names());
        }
        return i;
    }

    /**
     * @param name a column name
     * @return its field
     * @throws InvalidArgumentException naming the column and the columns there are
     */
    public Field field(String name) {
        return fields.get(indexOf(name));
    }

    /**
     * @param i a position
     * @return the field there
     */
    public Field field(int i) {
        return fields.get(i);
    }

    /**
     * Checks that a column exists and has one of the given types.
     *
     * @param name column name
     * @param allowed allowed types
     * @return the field
     * @throws InvalidArgumentException "column x: found string, expected double or float"
     */
    public Field require(String name, DataType... allowed) {
        Field f = field(name);
        for (DataType t : allowed) {
            if (f.type() == t) {
                return f;
            }
        }
        StringBuilder expected = new StringBuilder();
        for (int i = 0; i < allowed.length; i++) {
            expected.append(i == 0 ? "" : i == allowed.length - 1 ? " or " : ", ").append(allowed[i].jsonName());
        }
        String why = java.util.Arrays.stream(allowed).anyMatch(t -> t == DataType.DOUBLE || t == DataType.FLOAT
            || t == DataType.INT || t == DataType.LONG) ? f.metadata().typeEvidence() : null;
        throw new InvalidArgumentException("column '" + name + "': found " + f.typeString() + ", expected "
            + expected + (why == null ? "" : "; it was read as " + f.type().jsonName() + " because " + why));
    }

    /**
     * @param field a field whose name is not in this schema
     * @return this schema with the field appended
     * @throws InvalidArgumentException if the name is taken
     */
    public Schema add(Field field) {
        if (contains(field.name())) {
            throw new InvalidArgumentException("output column '" + field.name() + "' already exists; the columns are "
                + names());
        }
        List<Field> out = new ArrayList<>(fields);
        out.add(field);
        return new Schema(out);
    }

    /**
     * @param names columns to keep, in the order given
     * @return the projected schema
     */
    public Schema select(List<String> names) {
        List<Field> out = new ArrayList<>(names.size());
        for (String n : names) {
            out.add(field(n));
        }
        return new Schema(out);
    }

    /** @return the bytes one row takes off-heap */
    public long bytesPerRow() {
        long sum = 0;
        for (Field f : fields) {
            sum += f.bytesPerRow();
        }
        return sum;
    }

    @Override
    public Iterator<Field> iterator() {
        return fields.iterator();
    }

    /** @return this schema as a JSON tree, the form used in persisted metadata and Parquet key-value metadata */
    public ArrayNode toJsonNode() {
        ArrayNode arr = JSON.createArrayNode();
        for (Field f : fields) {
            ObjectNode o = arr.addObject();
            o.put("name", f.name());
            o.put("type", f.type().jsonName());
            o.put("nullable", f.nullable());
            if (f.type() == DataType.VECTOR) {
                o.put("size", f.vectorSize());
                o.put("elementType", f.elementType().jsonName());
            }
            FieldMetadata m = f.metadata();
            if (m.slotNames() != null) {
                m.slotNames().forEach(o.putArray("slotNames")::add);
            }
            if (m.labels() != null) {
                m.labels().forEach(o.putArray("labels")::add);
            }
            if (m.typeEvidence() != null) {
                o.put("typeEvidence", m.typeEvidence());
            }
            if (m.slotCategories() != null) {
                ObjectNode cats = o.putObject("slotCategories");
                m.slotCategories().forEach((slot, names) -> names.forEach(cats.putArray(slot.toString())::add));
            }
        }
        return arr;
    }

    /** @return this schema as compact JSON text */
    public String toJson() {
        return toJsonNode().toString();
    }

    /**
     * @param node a tree written by {@link #toJsonNode()}
     * @return the schema
     * @throws InvalidArgumentException if the tree is not a schema
     */
    public static Schema fromJsonNode(JsonNode node) {
        if (node == null || !node.isArray()) {
            throw new InvalidArgumentException("schema JSON: found " + (node == null ? "nothing" : node.getNodeType())
                + ", expected an array of fields");
        }
        List<Field> out = new ArrayList<>();
        for (JsonNode f : node) {
            String name = requireText(f, "name");
            DataType type = DataType.fromJsonName(requireText(f, "type"));
            boolean nullable = f.path("nullable").asBoolean(true);
            FieldMetadata m = new FieldMetadata(texts(f.get("slotNames")), texts(f.get("labels")),
                f.hasNonNull("typeEvidence") ? f.get("typeEvidence").asText() : null,
                slotCategories(name, f.get("slotCategories")));
            if (type == DataType.VECTOR) {
                out.add(new Field(name, type, nullable, f.path("size").asInt(0),
                    DataType.fromJsonName(requireText(f, "elementType")), m));
            } else {
                out.add(new Field(name, type, nullable, 0, null, m));
            }
        }
        return new Schema(out);
    }

    /**
     * @param json text written by {@link #toJson()}
     * @return the schema
     */
    public static Schema fromJson(String json) {
        try {
            return fromJsonNode(JSON.readTree(json));
        } catch (IOException e) {
            throw new InvalidArgumentException("schema JSON does not parse: " + e.getMessage(), e);
        }
    }

    private static List<String> texts(JsonNode array) {
        if (array == null || !array.isArray()) {
            return null;
        }
        List<String> out = new ArrayList<>(array.size());
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    private static java.util.Map<Integer, List<String>> slotCategories(String field, JsonNode object) {
        if (object == null || !object.isObject()) {
            return null;
        }
        java.util.Map<Integer, List<String>> out = new java.util.TreeMap<>();
        var it = object.fields();
        while (it.hasNext()) {
            var e = it.next();
            try {
                out.put(Integer.parseInt(e.getKey()), texts(e.getValue()));
            } catch (NumberFormatException ex) {
                throw new InvalidArgumentException("schema JSON: field '" + field + "' has categories for slot '"
                    + e.getKey() + "', expected slot numbers");
            }
            if (out.get(Integer.parseInt(e.getKey())) == null) {
                throw new InvalidArgumentException("schema JSON: field '" + field + "' slot " + e.getKey()
                    + ": found " + e.getValue().getNodeType() + ", expected an array of category names");
            }
        }
        return out;
    }

    private static String requireText(JsonNode f, String key) {
        JsonNode v = f.get(key);
        if (v == null || !v.isTextual()) {
            throw new InvalidArgumentException("schema JSON: field entry " + f + " has no text '" + key + "'");
        }
        return v.asText();
    }

    /**
     * The schema for people, one column a line, as Spark's {@code printSchema} shows it:
     * <pre>
     * root
     *  |-- diagnosis: string (nullable = true)
     *  |-- features: vector&lt;float,30&gt; (nullable = false)
     * </pre>
     *
     * @return the lines, each ending with a newline
     */
    public String treeString() {
        StringBuilder sb = new StringBuilder("root\n");
        for (Field f : fields) {
            String type = f.typeString();
            if (f.nullable()) {
                type = type.substring(0, type.length() - 1);   // the trailing '?'
            }
            sb.append(" |-- ").append(f.name()).append(": ").append(type)
                .append(" (nullable = ").append(f.nullable()).append(")\n");
        }
        return sb.toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Schema s && s.fields.equals(fields);
    }

    @Override
    public int hashCode() {
        return Objects.hash(fields);
    }

    @Override
    public String toString() {
        return fields.toString();
    }
}
