package dev.ember.ml.core.expr;

import dev.ember.ml.core.InvalidArgumentException;
import dev.ember.ml.core.InvalidStateException;
import dev.ember.ml.core.data.DataType;
import dev.ember.ml.core.data.Field;
import dev.ember.ml.core.data.Schema;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Builds typed {@link Expr} nodes, checking each operator's arguments against its rules, and fails with the
 * expression's text, the offending column or sub-expression and what was expected.
 *
 * <p>Rules: arithmetic takes numbers ({@code int, long, float, double}) and gives {@code long} when all operands
 * are integers, else {@code double}; {@code /} and the math functions give {@code double}; {@code floor}/
 * {@code ceil} give {@code long}; comparisons take two numbers, two strings or two booleans; {@code AND},
 * {@code OR}, {@code NOT} and {@code CASE} conditions take booleans; {@code CASE}, {@code coalesce},
 * {@code least}/{@code greatest} unify their values within one family; a {@code NULL} literal takes the type
 * its context gives it.
 */
final class Typer {
    /** An untyped NULL literal, typed by its context (compared by identity). */
    static final Expr.Lit UNTYPED_NULL = new Expr.Lit(null, DataType.DOUBLE);

    private final String sql;
    private final Schema schema;

    /**
     * @param sql the expression text, for messages
     * @param schema the input schema
     */
    Typer(String sql, Schema schema) {
        this.sql = sql;
        this.schema = schema;
    }

    InvalidArgumentException error(String found, String expected) {
        return new InvalidArgumentException("expression '" + sql + "': " + found + ", expected " + expected);
    }

    Expr col(String name) {
        if (!schema.contains(name)) {
            throw error("unknown column '" + name + "'", "one of the columns " + schema.names());
        }
        Field f = schema.field(name);
        return switch (f.type()) {
            case DOUBLE, FLOAT, LONG, INT, BOOLEAN, STRING -> new Expr.Col(name, f.type());
            default -> throw error("column '" + name + "' of type " + f.typeString(),
                "a column of type double, float, long, int, boolean or string");
        };
    }

    Expr call(Op op, List<Expr> in) {
        List<Expr> args = new ArrayList<>(in);
        return switch (op) {
            case NEG, ABS -> {
                arity(op, args, 1, 1);
                numeric(op, args);
                yield typed(op, args, numericType(args));
            }
            case ADD, SUB, MUL, MOD -> {
                arity(op, args, 2, 2);
                numeric(op, args);
                yield typed(op, args, numericType(args));
            }
            case DIV, POW, LOG -> {
                arity(op, args, 2, 2);
                numeric(op, args);
                yield typed(op, args, DataType.DOUBLE);
            }
            case SQRT, EXP, LN, LOG10 -> {
                arity(op, args, 1, 1);
                numeric(op, args);
                yield typed(op, args, DataType.DOUBLE);
            }
            case FLOOR, CEIL -> {
                arity(op, args, 1, 1);
                numeric(op, args);
                yield typed(op, args, DataType.LONG);
            }
            case ROUND -> {
                arity(op, args, 1, 2);
                numeric(op, args.subList(0, 1));
                if (args.size() == 2 && !(args.get(1) instanceof Expr.Lit l && l.value() instanceof Long)) {
                    throw error("round's scale " + args.get(1), "an integer literal");
                }
                yield typed(op, args, numericType(args.subList(0, 1)));
            }
            case EQ, NE, LT, LE, GT, GE, NULLIF -> {
                arity(op, args, 2, 2);
                DataType t = unify(op, args);
                yield typed(op, args, op == Op.NULLIF ? t : DataType.BOOLEAN);
            }
            case AND, OR, NOT -> {
                arity(op, args, op == Op.NOT ? 1 : 2, op == Op.NOT ? 1 : 2);
                for (Expr a : args) {
                    requireBoolean(op, a);
                }
                yield typed(op, args, DataType.BOOLEAN);
            }
            case IS_NULL, IS_NOT_NULL -> {
                arity(op, args, 1, 1);
                yield typed(op, args, DataType.BOOLEAN);
            }
            case IN -> {
                arity(op, args, 2, Integer.MAX_VALUE);
                for (Expr a : args.subList(1, args.size())) {
                    if (!(a instanceof Expr.Lit) || a == UNTYPED_NULL) {
                        throw error("IN list item " + a, "non-null literals");
                    }
                }
                unify(op, args);
                yield typed(op, args, DataType.BOOLEAN);
            }
            case LEAST, GREATEST -> {
                arity(op, args, 2, Integer.MAX_VALUE);
                numeric(op, args);
                yield typed(op, args, unify(op, args));
            }
            case COALESCE -> {
                arity(op, args, 1, Integer.MAX_VALUE);
                yield typed(op, args, unify(op, args));
            }
            case CASE -> caseWhen(args);
            case CAST -> throw new InvalidStateException("use cast()");
        };
    }

    private Expr caseWhen(List<Expr> args) {
        if (args.size() < 3 || args.size() % 2 == 0) {
            throw error("CASE with " + args.size() + " parts", "WHEN/THEN pairs and an ELSE value");
        }
        List<Expr> values = new ArrayList<>();
        for (int i = 0; i + 1 < args.size(); i += 2) {
            requireBoolean(Op.CASE, args.get(i));
            values.add(args.get(i + 1));
        }
        values.add(args.get(args.size() - 1));
        DataType t = unify(Op.CASE, values);
        for (int i = 1; i < args.size(); i += 2) {
            args.set(i, withType(args.get(i), t));
        }
        args.set(args.size() - 1, withType(args.get(args.size() - 1), t));
        return new Expr.Call(Op.CASE, args, t);
    }

    Expr cast(Expr arg, String typeName) {
        DataType target = switch (typeName.toLowerCase(Locale.ROOT).trim()) {
            case "double", "double precision", "float8" -> DataType.DOUBLE;
            case "float", "real", "float4" -> DataType.FLOAT;
            case "bigint", "long", "int8" -> DataType.LONG;
            case "int", "integer", "int4", "smallint", "tinyint" -> DataType.INT;
            case "boolean", "bool" -> DataType.BOOLEAN;
            case "string", "varchar", "text", "char" -> DataType.STRING;
            default -> throw error("CAST to '" + typeName + "'",
                "one of double, float, bigint, int, boolean, string");
        };
        return new Expr.Call(Op.CAST, List.of(arg == UNTYPED_NULL ? new Expr.Lit(null, target) : arg), target);
    }

    private Expr typed(Op op, List<Expr> args, DataType resultType) {
        for (int i = 0; i < args.size(); i++) {
            if (args.get(i) == UNTYPED_NULL) {
                args.set(i, new Expr.Lit(null, nullType(op, args, resultType)));
            }
        }
        return new Expr.Call(op, args, resultType);
    }

    private static DataType nullType(Op op, List<Expr> args, DataType resultType) {
        if (resultType != DataType.BOOLEAN || op == Op.AND || op == Op.OR || op == Op.NOT) {
            return resultType == DataType.INT ? DataType.LONG : resultType == DataType.FLOAT ? DataType.DOUBLE
                : resultType;
        }
        for (Expr a : args) {
            if (a != UNTYPED_NULL) {
                return a.type();
            }
        }
        return DataType.DOUBLE;
    }

    private static Expr withType(Expr e, DataType t) {
        return e == UNTYPED_NULL ? new Expr.Lit(null, t) : e;
    }

    private void arity(Op op, List<Expr> args, int min, int max) {
        if (args.size() < min || args.size() > max) {
            throw error(op.jsonName() + " with " + args.size() + " arguments", (min == max ? "" + min
                : max == Integer.MAX_VALUE ? "at least " + min : min + " to " + max) + " arguments");
        }
    }

    private void numeric(Op op, List<Expr> args) {
        for (Expr a : args) {
            if (a != UNTYPED_NULL && !isNumber(a.type())) {
                throw error(describeOperand(op, a), "a number (int, long, float or double)");
            }
        }
    }

    private void requireBoolean(Op op, Expr a) {
        if (a != UNTYPED_NULL && a.type() != DataType.BOOLEAN) {
            throw error(describeOperand(op, a), "a boolean");
        }
    }

    private String describeOperand(Op op, Expr a) {
        String what = a instanceof Expr.Col c ? "column '" + c.name() + "'" : "'" + Render.sql(a) + "'";
        return "operand " + what + " of " + Render.opName(op) + " has type " + a.type().jsonName();
    }

    private DataType unify(Op op, List<Expr> args) {
        DataType family = null;
        boolean allIntegral = true;
        Expr first = null;
        for (Expr a : args) {
            if (a == UNTYPED_NULL) {
                continue;
            }
            DataType f = family(a.type());
            if (family == null) {
                family = f;
                first = a;
            } else if (f != family) {
                throw error("operands of " + Render.opName(op) + " mix " + family.jsonName() + " ('"
                    + Render.sql(first) + "') and " + a.type().jsonName() + " ('" + Render.sql(a) + "')",
                    "operands of one type family (numbers, strings or booleans)");
            }
            allIntegral &= a.type() == DataType.LONG || a.type() == DataType.INT;
        }
        if (family == null || family == DataType.DOUBLE) {
            return family == null ? DataType.DOUBLE : allIntegral ? DataType.LONG : DataType.DOUBLE;
        }
        return family;
    }

    private static DataType numericType(List<Expr> args) {
        for (Expr a : args) {
            if (a != UNTYPED_NULL && a.type() != DataType.LONG && a.type() != DataType.INT) {
                return DataType.DOUBLE;
            }
        }
        return DataType.LONG;
    }

    private static boolean isNumber(DataType t) {
        return t == DataType.DOUBLE || t == DataType.FLOAT || t == DataType.LONG || t == DataType.INT;
    }

    /** The family of a type: DOUBLE for every number, else the type. */
    private static DataType family(DataType t) {
        return isNumber(t) ? DataType.DOUBLE : t;
    }
}
