package dev.ember.ml.features;

import dev.ember.ml.core.InvalidArgumentException;
import java.util.Objects;

/**
 * A row-level feature: a SQL expression over the source's columns (the expression language of
 * {@link dev.ember.ml.core.expr.SqlExpressions}: arithmetic, {@code CASE}, {@code CAST}, math and string
 * functions), evaluated per row by {@link dev.ember.ml.core.data.Frame#withColumn(String, String)}.
 *
 * @param name the feature's name
 * @param expression the SQL expression, e.g. {@code "log(amount + 1)"} or just a column name
 */
public record Feature(String name, String expression) {
    /** Validates the feature. */
    public Feature {
        Names.check(name, "feature name");
        Objects.requireNonNull(expression, "feature '" + name + "' expression");
        if (expression.isBlank()) {
            throw new InvalidArgumentException("feature '" + name + "': found an empty expression");
        }
    }

    /**
     * @param name the feature's name
     * @param expression its SQL expression
     * @return the feature
     */
    public static Feature of(String name, String expression) {
        return new Feature(name, expression);
    }
}
