package dev.ember.ml.core.param;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * An immutable map of params to validated values. Precedence when a stage resolves a value: the param's
 * default &lt; the value set on the stage &lt; a per-call extra map ({@link #merge}).
 */
public final class ParamMap {
    private static final ParamMap EMPTY = new ParamMap(Map.of());

    private final Map<Param<?>, Object> values;

    private ParamMap(Map<Param<?>, Object> values) {
        this.values = values;
    }

    /** @return the empty map */
    public static ParamMap empty() {
        return EMPTY;
    }

    /**
     * @param param a param
     * @param value its value (validated)
     * @param <T> the value type
     * @return a map of one entry
     */
    public static <T> ParamMap of(Param<T> param, T value) {
        return EMPTY.with(param, value);
    }

    /**
     * @param param a param
     * @param value its value (validated; arrays are copied)
     * @param <T> the value type
     * @return a copy of this map with the entry set
     */
    public <T> ParamMap with(Param<T> param, T value) {
        param.validate(value);
        Map<Param<?>, Object> m = new LinkedHashMap<>(values);
        m.put(param, copyIfArray(value));
        return new ParamMap(Collections.unmodifiableMap(m));
    }

    /**
     * @param other entries that win over this map's
     * @return the union
     */
    public ParamMap merge(ParamMap other) {
        if (other.values.isEmpty()) {
            return this;
        }
        Map<Param<?>, Object> m = new LinkedHashMap<>(values);
        m.putAll(other.values);
        return new ParamMap(Collections.unmodifiableMap(m));
    }

    /**
     * @param allowed params to keep
     * @return the entries for those params only
     */
    public ParamMap filter(List<Param<?>> allowed) {
        Map<Param<?>, Object> m = new LinkedHashMap<>();
        for (Map.Entry<Param<?>, Object> e : values.entrySet()) {
            if (allowed.contains(e.getKey())) {
                m.put(e.getKey(), e.getValue());
            }
        }
        return new ParamMap(Collections.unmodifiableMap(m));
    }

    /**
     * @param param a param
     * @param <T> the value type
     * @return the value set here, if any (arrays are copies)
     */
    public <T> Optional<T> get(Param<T> param) {
        Object v = values.get(param);
        return v == null ? Optional.empty() : Optional.of(param.type().valueClass().cast(copyIfArray(v)));
    }

    /**
     * @param param a param
     * @param <T> the value type
     * @return the value set here, else the param's default
     * @throws IllegalArgumentException if neither exists
     */
    public <T> T getOrDefault(Param<T> param) {
        Optional<T> v = get(param);
        if (v.isPresent()) {
            return v.get();
        }
        if (!param.hasDefault()) {
            throw new IllegalArgumentException("param " + param.name() + " is required and was not set ("
                + param.doc() + ")");
        }
        return copyIfArray(param.defaultValue());
    }

    /**
     * @param param a param
     * @return whether it has a value here
     */
    public boolean contains(Param<?> param) {
        return values.containsKey(param);
    }

    /** @return the params with values here */
    public Set<Param<?>> params() {
        return values.keySet();
    }

    /** @return whether the map is empty */
    public boolean isEmpty() {
        return values.isEmpty();
    }

    /** @return {name: value} in JSON, the form persisted and logged */
    public ObjectNode toJson() {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        for (Map.Entry<Param<?>, Object> e : values.entrySet()) {
            o.set(e.getKey().name(), toJson(e.getKey(), e.getValue()));
        }
        return o;
    }

    @SuppressWarnings("unchecked")
    private static <T> JsonNode toJson(Param<T> p, Object v) {
        return p.type().toJson((T) v);
    }

    /**
     * Reads values written by {@link #toJson()} for a stage's params.
     *
     * @param json the object
     * @param params the stage's params
     * @param owner the stage class, for messages
     * @return the map
     * @throws IllegalArgumentException naming an unknown param or a value of the wrong type
     */
    public static ParamMap fromJson(JsonNode json, List<Param<?>> params, String owner) {
        ParamMap m = EMPTY;
        Iterator<Map.Entry<String, JsonNode>> it = json.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            Param<?> p = params.stream().filter(q -> q.name().equals(e.getKey())).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown param '" + e.getKey() + "' for " + owner
                    + "; its params are " + params.stream().map(Param::name).toList()));
            m = withJson(m, p, e.getValue());
        }
        return m;
    }

    private static <T> ParamMap withJson(ParamMap m, Param<T> p, JsonNode node) {
        return m.with(p, p.type().fromJson(node, "param " + p.name()));
    }

    @SuppressWarnings("unchecked")
    private static <T> T copyIfArray(T v) {
        if (v instanceof double[] d) {
            return (T) d.clone();
        }
        if (v instanceof int[] d) {
            return (T) d.clone();
        }
        if (v instanceof String[] d) {
            return (T) d.clone();
        }
        return v;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof ParamMap other) || !other.values.keySet().equals(values.keySet())) {
            return false;
        }
        for (Map.Entry<Param<?>, Object> e : values.entrySet()) {
            if (!e.getKey().type().valueEquals(e.getValue(), other.values.get(e.getKey()))) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int hashCode() {
        return values.keySet().hashCode();
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("{");
        for (Map.Entry<Param<?>, Object> e : values.entrySet()) {
            if (sb.length() > 1) {
                sb.append(", ");
            }
            sb.append(e.getKey().name()).append('=').append(e.getKey().type().format(e.getValue()));
        }
        return sb.append('}').toString();
    }
}
