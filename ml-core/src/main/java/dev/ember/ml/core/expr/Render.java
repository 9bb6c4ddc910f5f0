package dev.ember.ml.core.expr;

import java.util.stream.Collectors;

/** Renders a typed tree back as SQL text, for messages and {@code explain()}. */
public final class Render {
    private Render() {
    }

    /**
     * @param op an operator
     * @return its SQL spelling
     */
    static String opName(Op op) {
        return switch (op) {
            case NEG -> "unary -";
            case ADD -> "+";
            case SUB -> "-";
            case MUL -> "*";
            case DIV -> "/";
            case MOD -> "%";
            case EQ -> "=";
            case NE -> "<>";
            case LT -> "<";
            case LE -> "<=";
            case GT -> ">";
            case GE -> ">=";
            case AND, OR, NOT, IN, CASE, CAST -> op.name();
            case IS_NULL -> "IS NULL";
            case IS_NOT_NULL -> "IS NOT NULL";
            default -> op.jsonName();
        };
    }

    /**
     * @param e a tree
     * @return SQL text that parses back to an equal tree (fully parenthesized)
     */
    public static String sql(Expr e) {
        if (e instanceof Expr.Col c) {
            return c.name().matches("[A-Za-z_][A-Za-z0-9_]*") ? c.name() : "`" + c.name() + "`";
        }
        if (e instanceof Expr.Lit l) {
            return l.toString();
        }
        Expr.Call c = (Expr.Call) e;
        var a = c.args();
        return switch (c.op()) {
            case NEG -> "(-" + sql(a.get(0)) + ")";
            case ADD, SUB, MUL, DIV, MOD, EQ, NE, LT, LE, GT, GE, AND, OR ->
                "(" + sql(a.get(0)) + " " + opName(c.op()) + " " + sql(a.get(1)) + ")";
            case NOT -> "(NOT " + sql(a.get(0)) + ")";
            case IS_NULL, IS_NOT_NULL -> "(" + sql(a.get(0)) + " " + opName(c.op()) + ")";
            case IN -> "(" + sql(a.get(0)) + " IN (" + a.subList(1, a.size()).stream().map(Render::sql)
                .collect(Collectors.joining(", ")) + "))";
            case CAST -> "CAST(" + sql(a.get(0)) + " AS " + c.type().jsonName() + ")";
            case CASE -> {
                StringBuilder sb = new StringBuilder("CASE");
                for (int i = 0; i + 1 < a.size(); i += 2) {
                    sb.append(" WHEN ").append(sql(a.get(i))).append(" THEN ").append(sql(a.get(i + 1)));
                }
                yield sb.append(" ELSE ").append(sql(a.get(a.size() - 1))).append(" END").toString();
            }
            default -> c.op().jsonName() + "(" + a.stream().map(Render::sql).collect(Collectors.joining(", "))
                + ")";
        };
    }
}
