package dev.ember.ml.features;

import dev.ember.ml.core.InvalidArgumentException;
import dev.ember.ml.core.data.DataType;

import java.util.Objects;

/**
 * One join key of an entity: a column name and its type.
 *
 * @param name the column's name, in entity frames and in sources alike
 * @param type {@code string}, {@code long} or {@code int}
 */
public record JoinKey(String name, DataType type) {
    /** Validates the key. */
    public JoinKey {
        Objects.requireNonNull(name, "join key name");
        Objects.requireNonNull(type, "join key type");
        if (name.isBlank()) {
            throw new InvalidArgumentException("join key: found an empty name");
        }
        if (type != DataType.STRING && type != DataType.LONG && type != DataType.INT) {
            throw new InvalidArgumentException("join key '" + name + "': found type " + type.jsonName()
                + ", expected string, long or int");
        }
    }
}
