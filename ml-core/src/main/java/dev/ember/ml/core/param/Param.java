package dev.ember.ml.core.param;

import dev.ember.ml.core.InvalidParamException;

import java.util.Objects;

/**
 * A typed, documented parameter of a stage: name, doc, default (or none, for a required param) and validator.
 * Stages declare theirs as {@code public static final} constants and list them explicitly; nothing is found by
 * reflection.
 *
 * <pre>{@code
 * public static final Param<Integer> MAX_ITER =
 *     Param.ofInt("maxIter", "max iterations (>= 0)", 100, ParamValidators.gtEq(0));
 * }</pre>
 *
 * <p>Params compare by identity: each stage class declares its own constants.
 *
 * @param <T> the value type
 */
public final class Param<T> {
    private final String name;
    private final String doc;
    private final ParamType<T> type;
    private final T defaultValue;
    private final ParamValidator<T> validator;

    private Param(String name, String doc, ParamType<T> type, T defaultValue, ParamValidator<T> validator) {
        this.name = Objects.requireNonNull(name, "name");
        this.doc = Objects.requireNonNull(doc, "doc");
        this.type = Objects.requireNonNull(type, "type");
        this.validator = Objects.requireNonNull(validator, "validator");
        this.defaultValue = defaultValue;
        if (defaultValue != null) {
            validate(defaultValue);
        }
    }

    /**
     * @param name the name
     * @param doc what it means
     * @param type the value type
     * @param defaultValue the default, or null if the param must be set
     * @param validator the check
     * @param <T> the value type
     * @return the param
     */
    public static <T> Param<T> of(String name, String doc, ParamType<T> type, T defaultValue,
                                  ParamValidator<T> validator) {
        return new Param<>(name, doc, type, defaultValue, validator);
    }

    /** @param name name @param doc doc @param def default @param v validator @return an int param */
    public static Param<Integer> ofInt(String name, String doc, Integer def, ParamValidator<Integer> v) {
        return of(name, doc, ParamType.INT, def, v);
    }

    /** @param name name @param doc doc @param def default @param v validator @return a long param */
    public static Param<Long> ofLong(String name, String doc, Long def, ParamValidator<Long> v) {
        return of(name, doc, ParamType.LONG, def, v);
    }

    /** @param name name @param doc doc @param def default @param v validator @return a double param */
    public static Param<Double> ofDouble(String name, String doc, Double def, ParamValidator<Double> v) {
        return of(name, doc, ParamType.DOUBLE, def, v);
    }

    /** @param name name @param doc doc @param def default @return a boolean param */
    public static Param<Boolean> ofBoolean(String name, String doc, Boolean def) {
        return of(name, doc, ParamType.BOOLEAN, def, ParamValidators.any());
    }

    /** @param name name @param doc doc @param def default @param v validator @return a string param */
    public static Param<String> ofString(String name, String doc, String def, ParamValidator<String> v) {
        return of(name, doc, ParamType.STRING, def, v);
    }

    /** @param name name @param doc doc @param def default @param v validator @return a string-array param */
    public static Param<String[]> ofStringArray(String name, String doc, String[] def, ParamValidator<String[]> v) {
        return of(name, doc, ParamType.STRING_ARRAY, def, v);
    }

    /** @param name name @param doc doc @param def default @param v validator @return a double-array param */
    public static Param<double[]> ofDoubleArray(String name, String doc, double[] def,
                                                ParamValidator<double[]> v) {
        return of(name, doc, ParamType.DOUBLE_ARRAY, def, v);
    }

    /** @return the name */
    public String name() {
        return name;
    }

    /** @return what the param means */
    public String doc() {
        return doc;
    }

    /** @return the value type */
    public ParamType<T> type() {
        return type;
    }

    /** @return whether there is a default */
    public boolean hasDefault() {
        return defaultValue != null;
    }

    /** @return the default, or null if the param must be set */
    public T defaultValue() {
        return defaultValue;
    }

    /** @return the validator */
    public ParamValidator<T> validator() {
        return validator;
    }

    /**
     * @param value a candidate value
     * @return the value
     * @throws InvalidParamException "param maxIter: found -1, expected &gt;= 0"
     */
    public T validate(T value) {
        if (value == null) {
            throw new InvalidParamException(null, name, "null", validator.expected());
        }
        if (!type.valueClass().isInstance(value)) {
            throw new InvalidParamException(null, name, value.getClass().getSimpleName(), type.name());
        }
        if (!validator.accepts(value)) {
            throw new InvalidParamException(null, name, type.format(value), validator.expected());
        }
        return value;
    }

    @Override
    public String toString() {
        return name + ": " + doc + (hasDefault() ? " (default: " + type.format(defaultValue) + ")" : " (required)");
    }
}
