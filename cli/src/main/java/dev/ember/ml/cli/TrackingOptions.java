package dev.ember.ml.cli;

import dev.ember.ml.core.tracking.Tracking;
import picocli.CommandLine;
import picocli.CommandLine.Option;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The {@code --tracking-uri} option, shared by the commands that talk to MLflow. A local store named on the command
 * line or by {@code MLFLOW_TRACKING_URI} must exist: a typo would otherwise create a new, empty store, and the
 * command would succeed against it. {@code --create-tracking-store} creates it instead; the default
 * {@code ./mlruns} is created when first written, as MLflow does.
 */
public final class TrackingOptions {
    @Option(names = "--tracking-uri", paramLabel = "URI",
        description = "MLflow tracking server (http(s)://host:port) or an existing local store directory (a path or "
            + "file: URI); default MLFLOW_TRACKING_URI, else ./mlruns")
    private String uri;

    @Option(names = "--create-tracking-store",
        description = "create the local store directory named by --tracking-uri if it does not exist")
    private boolean create;

    @CommandLine.Spec(CommandLine.Spec.Target.MIXEE)
    private CommandLine.Model.CommandSpec mixee;

    /** For picocli. */
    public TrackingOptions() {
    }

    /** @return the URI given on the command line, or null */
    public String explicitUri() {
        if (uri != null) {
            requireLocalStore(uri, "--tracking-uri");
        }
        return uri;
    }

    /**
     * @return the tracking URI to use (and makes it the process's, for model loading)
     * @throws CommandLine.ParameterException (exit code {@value ExitCodes#USAGE}) if it names a local directory that
     *     does not exist and {@code --create-tracking-store} was not given
     */
    public String uri() {
        if (uri != null) {
            requireLocalStore(uri, "--tracking-uri");
            Tracking.setTrackingUri(uri);
        } else {
            String env = System.getenv(Tracking.URI_ENV);
            if (env != null && !env.isBlank() && System.getProperty(Tracking.URI_PROPERTY) == null) {
                requireLocalStore(env.trim(), Tracking.URI_ENV);
            }
        }
        return Tracking.trackingUri();
    }

    private void requireLocalStore(String u, String source) {
        Path dir = localDirectory(u);
        if (dir == null || Files.isDirectory(dir)) {
            return;
        }
        if (Files.exists(dir)) {
            throw new CommandLine.ParameterException(mixee.commandLine(), source + " '" + u + "' names " + dir
                + ", which is a file, not an MLflow store directory");
        }
        if (create) {
            try {
                Files.createDirectories(dir);
                return;
            } catch (java.io.IOException e) {
                throw new CommandLine.ParameterException(mixee.commandLine(), "--create-tracking-store: cannot create "
                    + dir + ": " + e.getMessage());
            }
        }
        throw new CommandLine.ParameterException(mixee.commandLine(), source + " '" + u + "': the directory " + dir
            + " does not exist (a typo?). Give an existing MLflow store (such as ./mlruns) or an http(s):// server,"
            + " or add --create-tracking-store to start a new store there.");
    }

    /**
     * @param u a tracking URI
     * @return the directory it names, for a {@code file:} URI or a plain path; null for a server
     */
    static Path localDirectory(String u) {
        String t = u.trim();
        String lower = t.toLowerCase(Locale.ROOT);
        if (lower.startsWith("file:")) {
            return Path.of(URI.create(t)).toAbsolutePath().normalize();
        }
        if (t.matches("^[A-Za-z][A-Za-z0-9+.-]*:.*") && !t.matches("^[A-Za-z]:[\\\\/].*")) {
            return null;
        }
        return Path.of(t).toAbsolutePath().normalize();
    }
}
