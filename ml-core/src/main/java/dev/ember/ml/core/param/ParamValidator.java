package dev.ember.ml.core.param;

import java.util.function.Predicate;

/**
 * A check on a param's value with the words that say what is expected ("&gt;= 0", "one of [l-bfgs, normal]").
 *
 * @param test accepts valid values
 * @param expected what a valid value is, for "found X, expected Y" messages
 * @param <T> the value type
 */
public record ParamValidator<T>(Predicate<T> test, String expected) {

    /**
     * @param value a value
     * @return whether it is valid
     */
    public boolean accepts(T value) {
        return test.test(value);
    }
}
