package dev.ember.ml.core.param;

import dev.ember.ml.core.InvalidArgumentException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

import java.util.Arrays;
import java.util.function.Function;

/**
 * The value type of a {@link Param} and its JSON form, used by persistence and tracking. Only these types exist,
 * so every param value can be written, read back and logged without reflection.
 *
 * @param <T> the Java value type
 */
public final class ParamType<T> {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    /** {@code int}. */
    public static final ParamType<Integer> INT = new ParamType<>("int", Integer.class, F::numberNode,
        n -> n.isIntegralNumber() && n.canConvertToInt() ? n.intValue() : null);
    /** {@code long}; a value that fits an int is written as one, the node JSON parsing gives back. */
    public static final ParamType<Long> LONG = new ParamType<>("long", Long.class,
        v -> v == (int) (long) v ? F.numberNode((int) (long) v) : F.numberNode(v),
        n -> n.isIntegralNumber() && n.canConvertToLong() ? n.longValue() : null);
    /** {@code double}; NaN and infinities are written as strings. */
    public static final ParamType<Double> DOUBLE = new ParamType<>("double", Double.class,
        v -> v.isNaN() || v.isInfinite() ? F.textNode(v.toString()) : F.numberNode(v),
        n -> n.isNumber() ? n.doubleValue() : n.isTextual() ? parseSpecialDouble(n.asText()) : null);
    /** {@code boolean}. */
    public static final ParamType<Boolean> BOOLEAN = new ParamType<>("boolean", Boolean.class, F::booleanNode,
        n -> n.isBoolean() ? n.booleanValue() : null);
    /** {@code String}. */
    public static final ParamType<String> STRING = new ParamType<>("string", String.class, F::textNode,
        n -> n.isTextual() ? n.textValue() : null);
    /** {@code double[]}. */
    public static final ParamType<double[]> DOUBLE_ARRAY = new ParamType<>("double[]", double[].class, v -> {
        ArrayNode a = F.arrayNode();
        for (double d : v) {
            a.add(DOUBLE.toJson(d));
        }
        return a;
    }, n -> {
        if (!n.isArray()) {
            return null;
        }
        double[] out = new double[n.size()];
        for (int i = 0; i < out.length; i++) {
            Double d = DOUBLE.fromJsonOrNull(n.get(i));
            if (d == null) {
                return null;
            }
            out[i] = d;
        }
        return out;
    });
    /** {@code int[]}. */
    public static final ParamType<int[]> INT_ARRAY = new ParamType<>("int[]", int[].class, v -> {
        ArrayNode a = F.arrayNode();
        for (int d : v) {
            a.add(d);
        }
        return a;
    }, n -> {
        if (!n.isArray()) {
            return null;
        }
        int[] out = new int[n.size()];
        for (int i = 0; i < out.length; i++) {
            if (!n.get(i).canConvertToInt() || !n.get(i).isIntegralNumber()) {
                return null;
            }
            out[i] = n.get(i).intValue();
        }
        return out;
    });
    /** {@code String[]}. */
    public static final ParamType<String[]> STRING_ARRAY = new ParamType<>("string[]", String[].class, v -> {
        ArrayNode a = F.arrayNode();
        for (String s : v) {
            a.add(s);
        }
        return a;
    }, n -> {
        if (!n.isArray()) {
            return null;
        }
        String[] out = new String[n.size()];
        for (int i = 0; i < out.length; i++) {
            if (!n.get(i).isTextual()) {
                return null;
            }
            out[i] = n.get(i).textValue();
        }
        return out;
    });

    private final String name;
    private final Class<T> valueClass;
    private final Function<T, JsonNode> writer;
    private final Function<JsonNode, T> reader;

    private ParamType(String name, Class<T> valueClass, Function<T, JsonNode> writer, Function<JsonNode, T> reader) {
        this.name = name;
        this.valueClass = valueClass;
        this.writer = writer;
        this.reader = reader;
    }

    private static Double parseSpecialDouble(String s) {
        return switch (s) {
            case "NaN" -> Double.NaN;
            case "Infinity" -> Double.POSITIVE_INFINITY;
            case "-Infinity" -> Double.NEGATIVE_INFINITY;
            default -> null;
        };
    }

    /** @return the type's name, as in messages ("double[]") */
    public String name() {
        return name;
    }

    /** @return the Java class of values */
    public Class<T> valueClass() {
        return valueClass;
    }

    /**
     * @param value a value
     * @return its JSON form
     */
    public JsonNode toJson(T value) {
        return writer.apply(value);
    }

    private T fromJsonOrNull(JsonNode node) {
        return node == null ? null : reader.apply(node);
    }

    /**
     * @param node a JSON value
     * @param what what it is, for the message (a param's name)
     * @return the value
     * @throws InvalidArgumentException "param maxIter: found "abc", expected int"
     */
    public T fromJson(JsonNode node, String what) {
        T v = fromJsonOrNull(node);
        if (v == null) {
            throw new InvalidArgumentException(what + ": found " + node + ", expected " + name);
        }
        return v;
    }

    /**
     * @param a a value
     * @param b another
     * @return whether they are equal (arrays by content)
     */
    public boolean valueEquals(Object a, Object b) {
        return Arrays.deepEquals(new Object[] {a}, new Object[] {b});
    }

    /**
     * @param value a value
     * @return a readable form (arrays by content)
     */
    public String format(Object value) {
        String s = Arrays.deepToString(new Object[] {value});
        return s.substring(1, s.length() - 1);
    }

    @Override
    public String toString() {
        return name;
    }
}
