package dev.ember.ml.cli.sweep;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A YAML document as a tree whose every node remembers its line, so a bad value is reported as
 * {@code space.regParam.low: found -1, expected > 0 (line 14)}. Built from Jackson's YAML parser token stream.
 */
final class YamlTree {
    private YamlTree() {
    }

    /** A node and its 1-based line. */
    sealed interface Node permits MapNode, ListNode, Scalar {
        /** @return the line it starts on */
        int line();
    }

    /**
     * A mapping.
     *
     * @param entries the entries in file order
     * @param line    its line
     */
    record MapNode(Map<String, Node> entries, int line) implements Node {
    }

    /**
     * A sequence.
     *
     * @param items the items
     * @param line  its line
     */
    record ListNode(List<Node> items, int line) implements Node {
    }

    /**
     * A scalar: String, Integer, Long, Double, Boolean or null.
     *
     * @param value the value
     * @param line  its line
     */
    record Scalar(Object value, int line) implements Node {
    }

    static Node parse(String text) {
        try (JsonParser p = new YAMLFactory().createParser(text)) {
            JsonToken t = p.nextToken();
            if (t == null) {
                return new MapNode(new LinkedHashMap<>(), 1);
            }
            return read(p);
        } catch (IOException e) {
            String where = e instanceof com.fasterxml.jackson.core.JsonProcessingException j && j.getLocation() != null
                ? " (line " + j.getLocation().getLineNr() + ")" : "";
            throw new SweepSpecException(List.of("not valid YAML" + where + ": " + firstLine(e.getMessage())));
        }
    }

    private static String firstLine(String s) {
        return s == null ? "" : s.lines().findFirst().orElse("");
    }

    private static Node read(JsonParser p) throws IOException {
        int line = p.currentTokenLocation().getLineNr();
        JsonToken t = p.currentToken();
        switch (t) {
            case START_OBJECT -> {
                Map<String, Node> m = new LinkedHashMap<>();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String key = p.currentName();
                    p.nextToken();
                    m.put(key, read(p));
                }
                return new MapNode(m, line);
            }
            case START_ARRAY -> {
                List<Node> items = new ArrayList<>();
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    items.add(read(p));
                }
                return new ListNode(items, line);
            }
            case VALUE_STRING -> {
                return new Scalar(p.getText(), line);
            }
            case VALUE_NUMBER_INT -> {
                long v = p.getLongValue();
                return new Scalar(v == (int) v ? (Object) (int) v : (Object) v, line);
            }
            case VALUE_NUMBER_FLOAT -> {
                return new Scalar(p.getDoubleValue(), line);
            }
            case VALUE_TRUE, VALUE_FALSE -> {
                return new Scalar(t == JsonToken.VALUE_TRUE, line);
            }
            case VALUE_NULL -> {
                return new Scalar(null, line);
            }
            default -> throw new IOException("unexpected " + t + " at line " + line);
        }
    }

    /** @return the node as a Jackson tree (for {@code ParamType.fromJson}) */
    static JsonNode toJson(Node n) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        if (n instanceof MapNode m) {
            ObjectNode o = f.objectNode();
            m.entries().forEach((k, v) -> o.set(k, toJson(v)));
            return o;
        }
        if (n instanceof ListNode l) {
            ArrayNode a = f.arrayNode();
            l.items().forEach(i -> a.add(toJson(i)));
            return a;
        }
        Object v = ((Scalar) n).value();
        if (v == null) {
            return f.nullNode();
        }
        if (v instanceof Integer i) {
            return f.numberNode(i);
        }
        if (v instanceof Long l) {
            return f.numberNode(l);
        }
        if (v instanceof Double d) {
            return f.numberNode(d);
        }
        if (v instanceof Boolean b) {
            return f.booleanNode(b);
        }
        return f.textNode(v.toString());
    }

    /** @return a short rendering of the node for messages */
    static String show(Node n) {
        if (n instanceof Scalar s) {
            return s.value() instanceof String str ? "\"" + str + "\"" : String.valueOf(s.value());
        }
        return n instanceof MapNode ? "a mapping" : "a list";
    }
}
