package dev.ember.ml.core.expr;

import dev.ember.ml.core.InvalidArgumentException;
import dev.ember.ml.core.data.DataType;

import java.util.List;
import java.util.Objects;

/**
 * A node of a typed expression tree. Every node knows its result type, one of {@code double}, {@code float},
 * {@code long}, {@code int}, {@code boolean} and {@code string}; nodes are built by {@link Typer}, which checks
 * the types of their arguments. Trees are immutable plain data, written to JSON by {@link ExprJson}.
 */
public sealed interface Expr permits Expr.Col, Expr.Lit, Expr.Call {

    /** @return the result type */
    DataType type();

    /**
     * A column of the input.
     *
     * @param name the column name
     * @param type its type
     */
    record Col(String name, DataType type) implements Expr {
        /** Checks for nulls. */
        public Col {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(type, "type");
        }

        @Override
        public String toString() {
            return name;
        }
    }

    /**
     * A constant.
     *
     * @param value a {@link Long}, {@link Double}, {@link Boolean} or {@link String}, or null for SQL NULL
     * @param type its type (for NULL, the type its context gives it)
     */
    record Lit(Object value, DataType type) implements Expr {
        /** Checks the value fits the type. */
        public Lit {
            Objects.requireNonNull(type, "type");
            boolean ok = value == null
                || value instanceof Long && (type == DataType.LONG || type == DataType.INT)
                || value instanceof Double && (type == DataType.DOUBLE || type == DataType.FLOAT)
                || value instanceof Boolean && type == DataType.BOOLEAN
                || value instanceof String && type == DataType.STRING;
            if (!ok) {
                throw new InvalidArgumentException("literal " + value + ": found " + value.getClass().getSimpleName()
                    + ", expected a value of type " + type.jsonName());
            }
        }

        @Override
        public String toString() {
            return value == null ? "NULL" : value instanceof String s ? "'" + s.replace("'", "''") + "'"
                : value.toString();
        }
    }

    /**
     * An operator or function applied to arguments.
     *
     * @param op the operator
     * @param args the arguments
     * @param type the result type
     */
    record Call(Op op, List<Expr> args, DataType type) implements Expr {
        /** Checks for nulls and copies the arguments. */
        public Call {
            Objects.requireNonNull(op, "op");
            Objects.requireNonNull(type, "type");
            args = List.copyOf(args);
        }

        @Override
        public String toString() {
            return op.jsonName() + args;
        }
    }
}
