package dev.ember.ml.features;

import dev.ember.ml.core.InvalidArgumentException;
import java.util.regex.Pattern;

/** Checks names of entities, views and features: letters, digits and underscores, starting with a letter. */
final class Names {
    private static final Pattern NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_]{0,127}");

    private Names() {
    }

    static void check(String name, String what) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new InvalidArgumentException(what + ": found '" + name
                + "', expected letters, digits and underscores, starting with a letter (at most 128)");
        }
    }
}
