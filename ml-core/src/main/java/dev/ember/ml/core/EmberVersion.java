package dev.ember.ml.core;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The version of Ember on the class path, from the build. */
public final class EmberVersion {
    private static final String VERSION = load();

    private EmberVersion() {
    }

    /** @return the version, such as {@code 0.1.0} */
    public static String get() {
        return VERSION;
    }

    private static String load() {
        try (InputStream in = EmberVersion.class.getResourceAsStream("/dev/ember/ml/core/ember-version.properties")) {
            if (in == null) {
                return "unknown";
            }
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version", "unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }
}
