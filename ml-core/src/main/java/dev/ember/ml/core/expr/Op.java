package dev.ember.ml.core.expr;

import dev.ember.ml.core.InvalidArgumentException;
import java.util.Locale;

/** The operators and functions of the typed expression tree ({@link Expr.Call}). */
public enum Op {
    /** Unary minus. */
    NEG,
    /** {@code a + b}. */
    ADD,
    /** {@code a - b}. */
    SUB,
    /** {@code a * b}. */
    MUL,
    /** {@code a / b}: always double; division by zero gives null (as Spark does outside ANSI mode). */
    DIV,
    /** {@code a % b}: sign of the dividend; modulo zero gives null. */
    MOD,
    /** {@code =}. */
    EQ,
    /** {@code <>} or {@code !=}. */
    NE,
    /** {@code <}. */
    LT,
    /** {@code <=}. */
    LE,
    /** {@code >}. */
    GT,
    /** {@code >=}. */
    GE,
    /** Three-valued {@code AND}. */
    AND,
    /** Three-valued {@code OR}. */
    OR,
    /** Three-valued {@code NOT}. */
    NOT,
    /** {@code x IS NULL}, never null. */
    IS_NULL,
    /** {@code x IS NOT NULL}, never null. */
    IS_NOT_NULL,
    /** {@code x IN (literals...)}: args are x then the literals. */
    IN,
    /** {@code CASE WHEN c1 THEN v1 ... ELSE e END}: args are c1, v1, c2, v2, ..., e. */
    CASE,
    /** {@code CAST(x AS type)}: the target is the call's type. */
    CAST,
    /** {@code abs(x)}. */
    ABS,
    /** {@code sqrt(x)}: NaN below zero. */
    SQRT,
    /** {@code exp(x)}. */
    EXP,
    /** {@code ln(x)} and one-argument {@code log(x)}: null at or below zero. */
    LN,
    /** {@code log10(x)}: null at or below zero. */
    LOG10,
    /** {@code log(base, x)}: null where either is at or below zero. */
    LOG,
    /** {@code pow(x, y)} / {@code power(x, y)}. */
    POW,
    /** {@code floor(x)}: a long. */
    FLOOR,
    /** {@code ceil(x)} / {@code ceiling(x)}: a long. */
    CEIL,
    /** {@code round(x, d)}: half away from zero at {@code d} decimals (d a literal, default 0). */
    ROUND,
    /** {@code least(a, b, ...)}: the smallest non-null value, null if all are null. */
    LEAST,
    /** {@code greatest(a, b, ...)}: the largest non-null value, null if all are null. */
    GREATEST,
    /** {@code coalesce(a, b, ...)}: the first non-null value. */
    COALESCE,
    /** {@code nullif(a, b)}: null where {@code a = b}, else {@code a}. */
    NULLIF;

    /** @return the lower-case name used in JSON */
    public String jsonName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * @param name a name written by {@link #jsonName()}
     * @return the operator
     */
    public static Op fromJsonName(String name) {
        for (Op o : values()) {
            if (o.jsonName().equals(name)) {
                return o;
            }
        }
        throw new InvalidArgumentException("unknown expression operator '" + name + "', expected one of "
            + java.util.Arrays.toString(values()).toLowerCase(Locale.ROOT));
    }
}
