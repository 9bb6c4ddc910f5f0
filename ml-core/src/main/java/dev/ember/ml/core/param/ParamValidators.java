package dev.ember.ml.core.param;

import java.util.Arrays;
import java.util.List;

/** Validators for the common param constraints. */
public final class ParamValidators {
    private ParamValidators() {
    }

    /** @param <T> value type @return accepts every value */
    public static <T> ParamValidator<T> any() {
        return new ParamValidator<>(v -> true, "any value");
    }

    /** @param lower bound @param <N> number type @return accepts values &gt;= lower */
    public static <N extends Number> ParamValidator<N> gtEq(double lower) {
        return new ParamValidator<>(v -> v.doubleValue() >= lower, ">= " + fmt(lower));
    }

    /** @param lower bound @param <N> number type @return accepts values &gt; lower */
    public static <N extends Number> ParamValidator<N> gt(double lower) {
        return new ParamValidator<>(v -> v.doubleValue() > lower, "> " + fmt(lower));
    }

    /** @param upper bound @param <N> number type @return accepts values &lt;= upper */
    public static <N extends Number> ParamValidator<N> ltEq(double upper) {
        return new ParamValidator<>(v -> v.doubleValue() <= upper, "<= " + fmt(upper));
    }

    /**
     * @param lower lower bound, inclusive
     * @param upper upper bound, inclusive
     * @param <N> number type
     * @return accepts values in {@code [lower, upper]}
     */
    public static <N extends Number> ParamValidator<N> inRange(double lower, double upper) {
        return new ParamValidator<>(v -> v.doubleValue() >= lower && v.doubleValue() <= upper,
            "in [" + fmt(lower) + ", " + fmt(upper) + "]");
    }

    /** @param allowed the allowed strings @return accepts one of them */
    public static ParamValidator<String> oneOf(String... allowed) {
        List<String> list = List.of(allowed);
        return new ParamValidator<>(list::contains, "one of " + list);
    }

    /** @return accepts a non-empty string */
    public static ParamValidator<String> nonEmpty() {
        return new ParamValidator<>(s -> !s.isEmpty(), "a non-empty string");
    }

    /** @return accepts a non-empty array of non-empty, distinct strings */
    public static ParamValidator<String[]> nonEmptyDistinct() {
        return new ParamValidator<>(a -> a.length > 0 && Arrays.stream(a).noneMatch(String::isEmpty)
            && Arrays.stream(a).distinct().count() == a.length, "a non-empty list of distinct names");
    }

    private static String fmt(double d) {
        return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : Double.toString(d);
    }
}
