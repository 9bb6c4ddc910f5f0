package dev.ember.ml.registry;

import java.util.Map;

/**
 * A registered model: a name under which versions are registered.
 *
 * @param name the name
 * @param aliases alias to version number
 * @param tags its tags
 * @param latestVersion the highest version number, or 0 if it has none
 * @param creationTimestamp when it was created, milliseconds since the epoch
 * @param description its description, or null
 */
public record RegisteredModel(String name, Map<String, Long> aliases, Map<String, String> tags, long latestVersion,
                              long creationTimestamp, String description) {

    /** Copies the maps, sorted by key. */
    public RegisteredModel {
        aliases = java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(aliases));
        tags = java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(tags));
    }
}
