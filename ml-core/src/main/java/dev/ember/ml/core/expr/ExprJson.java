package dev.ember.ml.core.expr;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ember.ml.core.InvalidArgumentException;
import dev.ember.ml.core.data.DataType;
import dev.ember.ml.core.data.Schema;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes typed trees as JSON and reads them back, typing them again against the schema they will read, so that a
 * tree shipped to an executor (in kernel params) or stored by the feature store is checked where it runs.
 *
 * <pre>
 * {"col": "amount", "type": "double"}
 * {"lit": 1, "type": "long"}          {"lit": null, "type": "double"}
 * {"op": "add", "type": "double", "args": [ ... ]}
 * </pre>
 */
public final class ExprJson {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_DEPTH = 512;

    private ExprJson() {
    }

    /**
     * @param e a tree
     * @return its JSON tree
     */
    public static ObjectNode toJsonNode(Expr e) {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        if (e instanceof Expr.Col c) {
            o.put("col", c.name());
        } else if (e instanceof Expr.Lit l) {
            Object v = l.value();
            if (v == null) {
                o.putNull("lit");
            } else if (v instanceof Long x) {
                o.put("lit", x);
            } else if (v instanceof Double x) {
                o.put("lit", x);
            } else if (v instanceof Boolean x) {
                o.put("lit", x);
            } else {
                o.put("lit", (String) v);
            }
        } else {
            Expr.Call c = (Expr.Call) e;
            o.put("op", c.op().jsonName());
            ArrayNode args = o.putArray("args");
            for (Expr a : c.args()) {
                args.add(toJsonNode(a));
            }
        }
        o.put("type", e.type().jsonName());
        return o;
    }

    /**
     * @param e a tree
     * @return compact JSON text
     */
    public static String toJson(Expr e) {
        return toJsonNode(e).toString();
    }

    /**
     * @param json text written by {@link #toJson}
     * @param schema the schema the expression reads
     * @return the tree, typed against {@code schema}
     * @throws InvalidArgumentException if the JSON is malformed or does not type-check against the schema
     */
    public static Expr fromJson(String json, Schema schema) {
        try {
            return fromJsonNode(JSON.readTree(json), schema);
        } catch (IOException e) {
            throw new InvalidArgumentException("expression JSON does not parse (" + e.getMessage()
                + "), expected an expression object", e);
        }
    }

    /**
     * @param node a tree written by {@link #toJsonNode}
     * @param schema the schema the expression reads
     * @return the tree, typed against {@code schema}
     */
    public static Expr fromJsonNode(JsonNode node, Schema schema) {
        Expr e = read(node, new Typer(String.valueOf(node), schema), 0);
        return e;
    }

    private static Expr read(JsonNode n, Typer typer, int depth) {
        if (depth > MAX_DEPTH || n == null || !n.isObject() || !n.path("type").isTextual()) {
            throw new InvalidArgumentException("expression JSON: found " + abbreviate(n)
                + ", expected an object with 'col', 'lit' or 'op' and a 'type' (at most " + MAX_DEPTH + " deep)");
        }
        DataType type = DataType.fromJsonName(n.get("type").asText());
        Expr e;
        if (n.has("col")) {
            e = typer.col(n.get("col").asText());
        } else if (n.has("lit")) {
            JsonNode v = n.get("lit");
            Object value = v.isNull() ? null : v.isTextual() ? v.asText() : v.isBoolean() ? (Object) v.asBoolean()
                : type == DataType.LONG || type == DataType.INT ? (Object) v.asLong() : (Object) v.asDouble();
            e = new Expr.Lit(value, type);
        } else if (n.has("op") && n.path("args").isArray()) {
            Op op = Op.fromJsonName(n.get("op").asText());
            List<Expr> args = new ArrayList<>();
            for (JsonNode a : n.get("args")) {
                args.add(read(a, typer, depth + 1));
            }
            e = op == Op.CAST ? typer.cast(args.get(0), type.jsonName())
                : typer.call(op, args);
        } else {
            throw new InvalidArgumentException("expression JSON: found " + abbreviate(n)
                + ", expected 'col', 'lit' or 'op' with 'args'");
        }
        if (e.type() != type) {
            throw new InvalidArgumentException("expression JSON " + abbreviate(n) + ": types to "
                + e.type().jsonName() + " against this schema, expected " + type.jsonName());
        }
        return e;
    }

    private static String abbreviate(JsonNode node) {
        String s = String.valueOf(node);
        return s.length() > 200 ? s.substring(0, 197) + "..." : s;
    }
}
