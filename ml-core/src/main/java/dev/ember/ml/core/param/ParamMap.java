package dev.ember.ml.core.param;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ember.ml.core.InvalidArgumentException;
import dev.ember.ml.core.PipelineStage;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * An immutable map of param values, as in Spark keyed by (stage uid, param name), so that a per-call map can
 * give two stages of the same class in one pipeline different values:
 *
 * <pre>{@code
 * ParamMap extra = ParamMap.empty()
 *     .put(scalerA, StandardScaler.WITH_MEAN, true)
 *     .put(scalerB, StandardScaler.WITH_MEAN, false);
 * PipelineModel m = pipeline.fit(frame, extra);   // each stage takes the entries for its own uid
 * }</pre>
 *
 * <p>An entry without a stage uid ({@link #with}, {@link #of}) is <em>stage-local</em>: it is how a stage holds
 * the values set on it ({@code stage.with(param, value)}), and in a per-call map it applies to every stage whose
 * class declares that very param constant (params compare by identity, and no stage class shares another's
 * constants). An entry for a stage uid wins over a stage-local one.
 *
 * <p>Precedence when a stage resolves a value: the param's default &lt; the value set on the stage &lt; a
 * per-call extra map ({@link #forStage}, then {@link #merge}).
 */
public final class ParamMap {
    private static final ParamMap EMPTY = new ParamMap(Map.of(), Map.of());

    private final Map<Param<?>, Object> local;
    private final Map<StageKey, Bound> bound;

    /** The key of an entry for one stage: its uid and the param's name. */
    private record StageKey(String uid, String name) {
    }

    /** A value for one stage, with the param it was put with (for type checks and formatting). */
    private record Bound(Param<?> param, Object value) {
    }

    private ParamMap(Map<Param<?>, Object> local, Map<StageKey, Bound> bound) {
        this.local = local;
        this.bound = bound;
    }

    /** @return the empty map */
    public static ParamMap empty() {
        return EMPTY;
    }

    /**
     * @param param a param
     * @param value its value (validated)
     * @param <T> the value type
     * @return a map of one stage-local entry
     */
    public static <T> ParamMap of(Param<T> param, T value) {
        return EMPTY.with(param, value);
    }

    /**
     * @param param a param
     * @param value its value (validated; arrays are copied)
     * @param <T> the value type
     * @return a copy of this map with the stage-local entry set
     */
    public <T> ParamMap with(Param<T> param, T value) {
        param.validate(value);
        Map<Param<?>, Object> m = new LinkedHashMap<>(local);
        m.put(param, copyIfArray(value));
        return new ParamMap(Collections.unmodifiableMap(m), bound);
    }

    /**
     * @param stage the stage the value is for
     * @param param one of the stage's params
     * @param value its value (validated; arrays are copied)
     * @param <T> the value type
     * @return a copy of this map with the entry (stage uid, param name) set
     * @throws InvalidArgumentException if the param is not one of the stage's, or the value is invalid
     */
    public <T> ParamMap put(PipelineStage stage, Param<T> param, T value) {
        Objects.requireNonNull(stage, "stage");
        if (!stage.params().contains(param)) {
            throw new InvalidArgumentException("param " + param.name() + " does not belong to "
                + stage.getClass().getSimpleName() + " " + stage.uid() + "; its params are "
                + stage.params().stream().map(Param::name).toList());
        }
        return put(stage.uid(), param, value);
    }

    /**
     * @param stageUid the uid of the stage the value is for
     * @param param the param; the stage resolves it by name among its own when it takes the value
     * @param value its value (validated; arrays are copied)
     * @param <T> the value type
     * @return a copy of this map with the entry (stage uid, param name) set
     */
    public <T> ParamMap put(String stageUid, Param<T> param, T value) {
        if (stageUid == null || stageUid.isEmpty()) {
            throw new InvalidArgumentException("param " + param.name() + ": found stage uid '" + stageUid
                + "', expected a stage's uid");
        }
        param.validate(value);
        Map<StageKey, Bound> m = new LinkedHashMap<>(bound);
        m.put(new StageKey(stageUid, param.name()), new Bound(param, copyIfArray(value)));
        return new ParamMap(local, Collections.unmodifiableMap(m));
    }

    /**
     * @param stage a stage
     * @param param one of its params
     * @return a copy of this map without the entry (stage uid, param name)
     */
    public ParamMap without(PipelineStage stage, Param<?> param) {
        StageKey k = new StageKey(stage.uid(), param.name());
        if (!bound.containsKey(k)) {
            return this;
        }
        Map<StageKey, Bound> m = new LinkedHashMap<>(bound);
        m.remove(k);
        return new ParamMap(local, Collections.unmodifiableMap(m));
    }

    /**
     * @param other entries that win over this map's
     * @return the union
     */
    public ParamMap merge(ParamMap other) {
        if (other.isEmpty()) {
            return this;
        }
        if (isEmpty()) {
            return other;
        }
        Map<Param<?>, Object> l = new LinkedHashMap<>(local);
        l.putAll(other.local);
        Map<StageKey, Bound> b = new LinkedHashMap<>(bound);
        b.putAll(other.bound);
        return new ParamMap(Collections.unmodifiableMap(l), Collections.unmodifiableMap(b));
    }

    /**
     * @param allowed params to keep
     * @return the stage-local entries for those params only
     */
    public ParamMap filter(List<Param<?>> allowed) {
        Map<Param<?>, Object> m = new LinkedHashMap<>();
        for (Map.Entry<Param<?>, Object> e : local.entrySet()) {
            if (allowed.contains(e.getKey())) {
                m.put(e.getKey(), e.getValue());
            }
        }
        return new ParamMap(Collections.unmodifiableMap(m), Map.of());
    }

    /**
     * The values this map gives one stage, as stage-local entries: the stage-local entries for params the stage
     * declares, overlaid by the entries for the stage's uid (resolved by name among its params and validated by
     * its own param). Entries for other uids are ignored.
     *
     * @param stage the stage
     * @return the stage's values
     * @throws InvalidArgumentException if an entry for the stage's uid names a param it does not have, or holds a
     *     value its param refuses
     */
    public ParamMap forStage(PipelineStage stage) {
        List<Param<?>> own = stage.params();
        ParamMap out = filter(own);
        for (Map.Entry<StageKey, Bound> e : bound.entrySet()) {
            if (!e.getKey().uid().equals(stage.uid())) {
                continue;
            }
            String name = e.getKey().name();
            Param<?> p = own.stream().filter(q -> q.name().equals(name)).findFirst()
                .orElseThrow(() -> new InvalidArgumentException("param map sets '" + name + "' for stage "
                    + stage.uid() + ", a " + stage.getClass().getSimpleName() + " with no such param; its params"
                    + " are " + own.stream().map(Param::name).toList()));
            out = withUnchecked(out, p, e.getValue().value(), stage.uid());
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private static <T> ParamMap withUnchecked(ParamMap m, Param<T> p, Object v, String uid) {
        if (!p.type().valueClass().isInstance(v)) {
            throw new InvalidArgumentException("param " + p.name() + " of stage " + uid + ": found "
                + v.getClass().getSimpleName() + ", expected " + p.type().name());
        }
        return m.with(p, (T) v);
    }

    /**
     * @param param a param
     * @param <T> the value type
     * @return the stage-local value set here, if any (arrays are copies)
     */
    public <T> Optional<T> get(Param<T> param) {
        Object v = local.get(param);
        return v == null ? Optional.empty() : Optional.of(param.type().valueClass().cast(copyIfArray(v)));
    }

    /**
     * @param stage a stage
     * @param param one of its params
     * @param <T> the value type
     * @return the value this map sets for (stage uid, param name), if any (arrays are copies)
     */
    public <T> Optional<T> get(PipelineStage stage, Param<T> param) {
        return get(stage.uid(), param);
    }

    /**
     * @param stageUid a stage uid
     * @param param a param
     * @param <T> the value type
     * @return the value this map sets for (stage uid, param name), if any (arrays are copies)
     * @throws InvalidArgumentException if the value there is of another type than the param's
     */
    public <T> Optional<T> get(String stageUid, Param<T> param) {
        Bound b = bound.get(new StageKey(stageUid, param.name()));
        if (b == null) {
            return Optional.empty();
        }
        if (!param.type().valueClass().isInstance(b.value())) {
            throw new InvalidArgumentException("param " + param.name() + " of stage " + stageUid + ": found "
                + b.param().type().name() + ", expected " + param.type().name());
        }
        return Optional.of(param.type().valueClass().cast(copyIfArray(b.value())));
    }

    /**
     * @param param a param
     * @param <T> the value type
     * @return the stage-local value set here, else the param's default
     * @throws InvalidArgumentException if neither exists
     */
    public <T> T getOrDefault(Param<T> param) {
        Optional<T> v = get(param);
        if (v.isPresent()) {
            return v.get();
        }
        if (!param.hasDefault()) {
            throw new InvalidArgumentException("param " + param.name() + " is required and was not set ("
                + param.doc() + ")");
        }
        return copyIfArray(param.defaultValue());
    }

    /**
     * @param param a param
     * @return whether it has a stage-local value here
     */
    public boolean contains(Param<?> param) {
        return local.containsKey(param);
    }

    /** @return the params with stage-local values here */
    public Set<Param<?>> params() {
        return local.keySet();
    }

    /** @return the uids that entries name, in insertion order */
    public Set<String> stageUids() {
        Set<String> out = new LinkedHashSet<>();
        bound.keySet().forEach(k -> out.add(k.uid()));
        return Collections.unmodifiableSet(out);
    }

    /** @return whether some entry names a stage uid */
    public boolean hasStageEntries() {
        return !bound.isEmpty();
    }

    /** @return every entry: stage-local ones first, then those for a stage uid (values are not copied) */
    public List<ParamPair<?>> entries() {
        List<ParamPair<?>> out = new ArrayList<>(local.size() + bound.size());
        local.forEach((p, v) -> out.add(pair(null, p, v)));
        bound.forEach((k, b) -> out.add(pair(k.uid(), b.param(), b.value())));
        return out;
    }

    @SuppressWarnings("unchecked")
    private static <T> ParamPair<T> pair(String uid, Param<T> p, Object v) {
        return new ParamPair<>(uid, p, (T) copyIfArray(v));
    }

    /** @return whether the map is empty */
    public boolean isEmpty() {
        return local.isEmpty() && bound.isEmpty();
    }

    /**
     * @return the JSON form: stage-local values as {@code name: value} (the form persisted with a stage and
     *     logged), and values for a stage as {@code "uid": {name: value}}
     */
    public ObjectNode toJson() {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        for (Map.Entry<Param<?>, Object> e : local.entrySet()) {
            o.set(e.getKey().name(), toJson(e.getKey(), e.getValue()));
        }
        for (Map.Entry<StageKey, Bound> e : bound.entrySet()) {
            ObjectNode s = o.has(e.getKey().uid()) && o.get(e.getKey().uid()).isObject()
                ? (ObjectNode) o.get(e.getKey().uid()) : o.putObject(e.getKey().uid());
            s.set(e.getKey().name(), toJson(e.getValue().param(), e.getValue().value()));
        }
        return o;
    }

    @SuppressWarnings("unchecked")
    private static <T> JsonNode toJson(Param<T> p, Object v) {
        return p.type().toJson((T) v);
    }

    /**
     * Reads stage-local values written by {@link #toJson()} for a stage's params.
     *
     * @param json the object
     * @param params the stage's params
     * @param owner the stage class, for messages
     * @return the map
     * @throws InvalidArgumentException naming an unknown param or a value of the wrong type
     */
    public static ParamMap fromJson(JsonNode json, List<Param<?>> params, String owner) {
        ParamMap m = EMPTY;
        Iterator<Map.Entry<String, JsonNode>> it = json.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            Param<?> p = params.stream().filter(q -> q.name().equals(e.getKey())).findFirst()
                .orElseThrow(() -> new InvalidArgumentException("unknown param '" + e.getKey() + "' for " + owner
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
        if (!(o instanceof ParamMap other) || !other.local.keySet().equals(local.keySet())
            || !other.bound.keySet().equals(bound.keySet())) {
            return false;
        }
        for (Map.Entry<Param<?>, Object> e : local.entrySet()) {
            if (!e.getKey().type().valueEquals(e.getValue(), other.local.get(e.getKey()))) {
                return false;
            }
        }
        for (Map.Entry<StageKey, Bound> e : bound.entrySet()) {
            Bound b = other.bound.get(e.getKey());
            if (!e.getValue().param().type().valueEquals(e.getValue().value(), b.value())) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int hashCode() {
        return 31 * local.keySet().hashCode() + bound.keySet().hashCode();
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("{");
        for (ParamPair<?> e : entries()) {
            if (sb.length() > 1) {
                sb.append(", ");
            }
            if (e.isBound()) {
                sb.append(e.stageUid()).append('.');
            }
            sb.append(e.param().name()).append('=').append(e.param().type().format(e.value()));
        }
        return sb.append('}').toString();
    }
}
