package dev.ember.ml.core.runtime;

import dev.ember.ml.core.InvalidArgumentException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Map;
import java.util.function.LongFunction;

/**
 * {@link KernelParams} as JSON, for lineage descriptors ({@code map} nodes). Each entry is an object
 * {@code {"name", "type", "value"}} with type one of {@code string, long, double, boolean, double[], long[],
 * string[], broadcast}; doubles are written as their IEEE-754 bits (a long) so that they round-trip exactly,
 * NaN and infinities included; a broadcast is written as its id and resolved again on the reading side.
 */
public final class KernelParamsJson {
    private KernelParamsJson() {
    }

    /**
     * @param params the params
     * @return a JSON array of entries
     */
    public static ArrayNode toJson(KernelParams params) {
        ArrayNode arr = JsonNodeFactory.instance.arrayNode();
        for (Map.Entry<String, Object> e : params.asMap().entrySet()) {
            ObjectNode o = arr.addObject();
            o.put("name", e.getKey());
            Object v = e.getValue();
            if (v instanceof String s) {
                o.put("type", "string").put("value", s);
            } else if (v instanceof Long l) {
                o.put("type", "long").put("value", l);
            } else if (v instanceof Double d) {
                o.put("type", "double").put("value", Double.doubleToRawLongBits(d));
            } else if (v instanceof Boolean b) {
                o.put("type", "boolean").put("value", b);
            } else if (v instanceof double[] a) {
                ArrayNode values = o.put("type", "double[]").putArray("value");
                for (double x : a) {
                    values.add(Double.doubleToRawLongBits(x));
                }
            } else if (v instanceof long[] a) {
                ArrayNode values = o.put("type", "long[]").putArray("value");
                for (long x : a) {
                    values.add(x);
                }
            } else if (v instanceof String[] a) {
                ArrayNode values = o.put("type", "string[]").putArray("value");
                for (String x : a) {
                    values.add(x);
                }
            } else if (v instanceof Broadcast<?> b) {
                o.put("type", "broadcast").put("value", b.id());
            } else {
                throw new InvalidArgumentException("kernel param '" + e.getKey() + "': found "
                    + v.getClass().getName() + ", expected a value KernelParams can hold");
            }
        }
        return arr;
    }

    /**
     * @param node an array written by {@link #toJson}
     * @param broadcasts resolves broadcast ids
     * @return the params
     * @throws InvalidArgumentException if the JSON is not kernel params
     */
    public static KernelParams fromJson(JsonNode node, LongFunction<Broadcast<?>> broadcasts) {
        if (node == null || !node.isArray()) {
            throw new InvalidArgumentException("kernel params JSON: found " + (node == null ? "nothing"
                : node.getNodeType()) + ", expected an array of entries");
        }
        KernelParams.Builder b = KernelParams.builder();
        for (JsonNode e : node) {
            String name = text(e, "name");
            String type = text(e, "type");
            JsonNode v = e.get("value");
            if (v == null) {
                throw new InvalidArgumentException("kernel param '" + name + "': no value");
            }
            switch (type) {
                case "string" -> b.put(name, requireText(name, v));
                case "long" -> b.put(name, requireLong(name, v));
                case "double" -> b.put(name, Double.longBitsToDouble(requireLong(name, v)));
                case "boolean" -> {
                    if (!v.isBoolean()) {
                        throw new InvalidArgumentException("kernel param '" + name + "': found " + v
                            + ", expected a boolean");
                    }
                    b.put(name, v.asBoolean());
                }
                case "double[]" -> {
                    double[] a = new double[requireArray(name, v).size()];
                    for (int i = 0; i < a.length; i++) {
                        a[i] = Double.longBitsToDouble(requireLong(name, v.get(i)));
                    }
                    b.put(name, a);
                }
                case "long[]" -> {
                    long[] a = new long[requireArray(name, v).size()];
                    for (int i = 0; i < a.length; i++) {
                        a[i] = requireLong(name, v.get(i));
                    }
                    b.put(name, a);
                }
                case "string[]" -> {
                    String[] a = new String[requireArray(name, v).size()];
                    for (int i = 0; i < a.length; i++) {
                        a[i] = requireText(name, v.get(i));
                    }
                    b.put(name, a);
                }
                case "broadcast" -> b.put(name, broadcasts.apply(requireLong(name, v)));
                default -> throw new InvalidArgumentException("kernel param '" + name + "': found type '" + type
                    + "', expected string, long, double, boolean, double[], long[], string[] or broadcast");
            }
        }
        return b.build();
    }

    private static String text(JsonNode e, String key) {
        JsonNode v = e.get(key);
        if (v == null || !v.isTextual()) {
            throw new InvalidArgumentException("kernel params JSON: entry " + e + " has no text '" + key + "'");
        }
        return v.asText();
    }

    private static String requireText(String name, JsonNode v) {
        if (!v.isTextual()) {
            throw new InvalidArgumentException("kernel param '" + name + "': found " + v + ", expected text");
        }
        return v.asText();
    }

    private static long requireLong(String name, JsonNode v) {
        if (v == null || !v.isIntegralNumber() || !v.canConvertToLong()) {
            throw new InvalidArgumentException("kernel param '" + name + "': found " + v + ", expected an integer");
        }
        return v.asLong();
    }

    private static JsonNode requireArray(String name, JsonNode v) {
        if (!v.isArray()) {
            throw new InvalidArgumentException("kernel param '" + name + "': found " + v + ", expected an array");
        }
        return v;
    }
}
