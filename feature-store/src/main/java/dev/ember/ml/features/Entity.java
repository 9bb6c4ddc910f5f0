package dev.ember.ml.features;

import dev.ember.ml.core.InvalidArgumentException;
import java.util.List;
import java.util.Objects;

/**
 * Something features describe (a customer, an airport, a ticker), identified by one or more join keys.
 *
 * @param name the entity's name, unique in a repository
 * @param joinKeys its join keys, at least one, distinct names
 * @param description free text, may be empty
 */
public record Entity(String name, List<JoinKey> joinKeys, String description) {
    /** Validates the entity. */
    public Entity {
        Objects.requireNonNull(name, "entity name");
        Names.check(name, "entity name");
        joinKeys = List.copyOf(joinKeys);
        if (joinKeys.isEmpty()) {
            throw new InvalidArgumentException("entity '" + name + "': found no join key, expected at least one");
        }
        if (joinKeys.stream().map(JoinKey::name).distinct().count() != joinKeys.size()) {
            throw new InvalidArgumentException("entity '" + name + "': join key names repeat: " + joinKeys);
        }
        description = description == null ? "" : description;
    }

    /**
     * @param name the entity's name
     * @param keys its join keys
     * @return the entity without description
     */
    public static Entity of(String name, JoinKey... keys) {
        return new Entity(name, List.of(keys), "");
    }

    /** @return the join key names, in order */
    public List<String> joinKeyNames() {
        return joinKeys.stream().map(JoinKey::name).toList();
    }
}
