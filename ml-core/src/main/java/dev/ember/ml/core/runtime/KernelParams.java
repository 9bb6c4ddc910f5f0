package dev.ember.ml.core.runtime;

import dev.ember.ml.core.InvalidArgumentException;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The parameters of one kernel call: a small immutable map of names to plain values (long, double, boolean,
 * string, arrays of those) and broadcast handles. Together with the kernel's class name this is all a call
 * carries, so it can be encoded for a remote executor; large values go through a {@link Broadcast}.
 *
 * <p>Array getters return the stored array without copying: kernels must not modify it.
 */
public final class KernelParams {
    private static final KernelParams EMPTY = new KernelParams(Map.of());

    private final Map<String, Object> values;

    private KernelParams(Map<String, Object> values) {
        this.values = values;
    }

    /** @return params with no entries */
    public static KernelParams empty() {
        return EMPTY;
    }

    /** @return a builder */
    public static Builder builder() {
        return new Builder();
    }

    /** @return the names of the entries */
    public Set<String> names() {
        return values.keySet();
    }

    /** @return the entries, read-only */
    public Map<String, Object> asMap() {
        return Collections.unmodifiableMap(values);
    }

    private <T> T get(String name, Class<T> type) {
        Object v = values.get(name);
        if (v == null) {
            throw new InvalidArgumentException("kernel param '" + name + "' is missing; present: " + values.keySet());
        }
        if (!type.isInstance(v)) {
            throw new InvalidArgumentException("kernel param '" + name + "': found " + v.getClass().getSimpleName()
                + ", expected " + type.getSimpleName());
        }
        return type.cast(v);
    }

    /**
     * @param name entry name
     * @return whether the entry is present
     */
    public boolean has(String name) {
        return values.containsKey(name);
    }

    /** @param name entry name @return the string value */
    public String getString(String name) {
        return get(name, String.class);
    }

    /** @param name entry name @return the long value */
    public long getLong(String name) {
        return get(name, Long.class);
    }

    /** @param name entry name @return the long value, narrowed to int */
    public int getInt(String name) {
        return Math.toIntExact(get(name, Long.class));
    }

    /** @param name entry name @return the double value */
    public double getDouble(String name) {
        return get(name, Double.class);
    }

    /** @param name entry name @return the boolean value */
    public boolean getBoolean(String name) {
        return get(name, Boolean.class);
    }

    /** @param name entry name @return the array (not copied) */
    public double[] getDoubleArray(String name) {
        return get(name, double[].class);
    }

    /** @param name entry name @return the array (not copied) */
    public long[] getLongArray(String name) {
        return get(name, long[].class);
    }

    /** @param name entry name @return the array (not copied) */
    public String[] getStringArray(String name) {
        return get(name, String[].class);
    }

    /**
     * @param name entry name
     * @return the broadcast handle itself (for typed kernel args that carry it, {@link KernelArgs})
     */
    public Broadcast<?> broadcast(String name) {
        return get(name, Broadcast.class);
    }

    /**
     * @param name entry name
     * @param type the broadcast value's type
     * @param <T> the value type
     * @return the broadcast value
     */
    public <T> T getBroadcast(String name, Class<T> type) {
        Broadcast<?> b = get(name, Broadcast.class);
        Object v = b.value();
        if (!type.isInstance(v)) {
            throw new InvalidArgumentException("broadcast param '" + name + "': found " + v.getClass().getSimpleName()
                + ", expected " + type.getSimpleName());
        }
        return type.cast(v);
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof KernelParams other) || !other.values.keySet().equals(values.keySet())) {
            return false;
        }
        for (Map.Entry<String, Object> e : values.entrySet()) {
            if (!Arrays.deepEquals(new Object[] {e.getValue()}, new Object[] {other.values.get(e.getKey())})) {
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
        for (Map.Entry<String, Object> e : values.entrySet()) {
            if (sb.length() > 1) {
                sb.append(", ");
            }
            Object v = e.getValue();
            String s = v instanceof double[] d ? "double[" + d.length + "]"
                : v instanceof long[] l ? "long[" + l.length + "]"
                : v instanceof String[] a ? Arrays.toString(a)
                : v instanceof Broadcast<?> b ? "broadcast#" + b.id() : String.valueOf(v);
            sb.append(e.getKey()).append('=').append(s);
        }
        return sb.append('}').toString();
    }

    /** Builds {@link KernelParams}; arrays are copied on the way in. */
    public static final class Builder {
        private final Map<String, Object> values = new LinkedHashMap<>();

        private Builder() {
        }

        private Builder putValue(String name, Object v) {
            if (values.putIfAbsent(name, v) != null) {
                throw new InvalidArgumentException("kernel param '" + name + "' set twice");
            }
            return this;
        }

        /** @param name entry name @param v value @return this */
        public Builder put(String name, String v) {
            return putValue(name, v);
        }

        /** @param name entry name @param v value @return this */
        public Builder put(String name, long v) {
            return putValue(name, v);
        }

        /** @param name entry name @param v value @return this */
        public Builder put(String name, double v) {
            return putValue(name, v);
        }

        /** @param name entry name @param v value @return this */
        public Builder put(String name, boolean v) {
            return putValue(name, v);
        }

        /** @param name entry name @param v value (copied) @return this */
        public Builder put(String name, double[] v) {
            return putValue(name, v.clone());
        }

        /** @param name entry name @param v value (copied) @return this */
        public Builder put(String name, long[] v) {
            return putValue(name, v.clone());
        }

        /** @param name entry name @param v value (copied) @return this */
        public Builder put(String name, String[] v) {
            return putValue(name, v.clone());
        }

        /** @param name entry name @param b a broadcast handle @return this */
        public Builder put(String name, Broadcast<?> b) {
            return putValue(name, b);
        }

        /** @return the params */
        public KernelParams build() {
            return new KernelParams(Collections.unmodifiableMap(new LinkedHashMap<>(values)));
        }
    }
}
