package dev.ember.ml.registry;

import dev.ember.ml.core.InvalidArgumentException;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A model URI, in MLflow's forms:
 *
 * <ul>
 *   <li>{@code runs:/<run-id>/<path>}: a model logged by a run, such as {@code runs:/4f1c.../model};</li>
 *   <li>{@code models:/<name>/<version>}, {@code models:/<name>@<alias>}, {@code models:/<name>/latest}: a
 *   registered version;</li>
 *   <li>anything else is an artifact location: {@code mlflow-artifacts:/...} (through the tracking server),
 *   {@code file:///...} or a local path.</li>
 * </ul>
 *
 * @param kind which form
 * @param raw the URI as given
 * @param runId the run id ({@link Kind#RUN})
 * @param path the path under the run's artifacts ({@link Kind#RUN}), or the location ({@link Kind#LOCATION})
 * @param name the registered model's name (registry forms)
 * @param version the version ({@link Kind#VERSION}), else 0
 * @param alias the alias ({@link Kind#ALIAS})
 */
public record ModelUri(Kind kind, String raw, String runId, String path, String name, long version, String alias) {
    private static final Pattern RUNS = Pattern.compile("runs:/([^/]+)(?:/(.*))?");
    private static final Pattern ALIAS = Pattern.compile("models:/([^/@]+)@([^/@]+)/?");
    private static final Pattern VERSION = Pattern.compile("models:/([^/@]+)/([^/@]+)/?");

    /** The forms of a model URI. */
    public enum Kind {
        /** {@code runs:/<run-id>/<path>}. */
        RUN,
        /** {@code models:/<name>/<version>}. */
        VERSION,
        /** {@code models:/<name>@<alias>}. */
        ALIAS,
        /** {@code models:/<name>/latest}. */
        LATEST,
        /** An artifact location or a local directory. */
        LOCATION
    }

    /** Checks the URI is set. */
    public ModelUri {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(raw, "raw");
    }

    /**
     * @param uri a model URI
     * @return it, parsed
     * @throws InvalidArgumentException for a malformed {@code runs:/} or {@code models:/} URI, saying which forms
     *     are expected
     */
    public static ModelUri parse(String uri) {
        if (uri == null || uri.isBlank()) {
            throw new InvalidArgumentException("model URI is empty; expected runs:/<run-id>/<path>, "
                + "models:/<name>/<version>, models:/<name>@<alias> or a directory");
        }
        String u = uri.trim();
        if (u.startsWith("runs:")) {
            Matcher m = RUNS.matcher(u);
            if (!m.matches() || m.group(1).isBlank()) {
                throw new InvalidArgumentException("model URI '" + u + "': expected runs:/<run-id>/<path>, such as "
                    + "runs:/4f1c0e9b2a7d4c3e8f6a5b4c3d2e1f0a/model");
            }
            String path = m.group(2) == null ? "" : stripSlashes(m.group(2));
            return new ModelUri(Kind.RUN, u, m.group(1), path, null, 0, null);
        }
        if (u.startsWith("models:")) {
            Matcher a = ALIAS.matcher(u);
            if (a.matches()) {
                return new ModelUri(Kind.ALIAS, u, null, null, a.group(1), 0, a.group(2));
            }
            Matcher v = VERSION.matcher(u);
            if (v.matches()) {
                String ver = v.group(2);
                if ("latest".equalsIgnoreCase(ver)) {
                    return new ModelUri(Kind.LATEST, u, null, null, v.group(1), 0, null);
                }
                if (ver.chars().allMatch(Character::isDigit) && !ver.isEmpty()) {
                    long n = Long.parseLong(ver);
                    if (n > 0) {
                        return new ModelUri(Kind.VERSION, u, null, null, v.group(1), n, null);
                    }
                }
                throw new InvalidArgumentException("model URI '" + u + "': found version '" + ver
                    + "', expected a version number from 1, 'latest', or models:/<name>@<alias>"
                    + " (stages such as Production are not supported; use aliases)");
            }
            throw new InvalidArgumentException("model URI '" + u + "': expected models:/<name>/<version>, "
                + "models:/<name>@<alias> or models:/<name>/latest");
        }
        return new ModelUri(Kind.LOCATION, u, null, u, null, 0, null);
    }

    private static String stripSlashes(String s) {
        int a = 0;
        int b = s.length();
        while (a < b && s.charAt(a) == '/') {
            a++;
        }
        while (b > a && s.charAt(b - 1) == '/') {
            b--;
        }
        return s.substring(a, b);
    }

    @Override
    public String toString() {
        return raw;
    }
}
