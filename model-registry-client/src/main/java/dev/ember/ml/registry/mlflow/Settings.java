package dev.ember.ml.registry.mlflow;

import dev.ember.ml.core.InvalidArgumentException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * How the MLflow stores behave, read once from system properties ({@code ember.tracking.*}) and the environment
 * variables MLflow users already set. Credentials are held here and never printed ({@link #toString()}).
 *
 * @param spoolDir where runs that could not be sent are kept ({@code ember.tracking.spool},
 *     {@code EMBER_TRACKING_SPOOL}, default {@code ~/.ember/mlflow-spool})
 * @param connectTimeoutMillis connecting to a server ({@code ember.tracking.connectTimeoutMillis}, 3000)
 * @param requestTimeoutMillis one request ({@code ember.tracking.requestTimeoutMillis}, 30000)
 * @param startTimeoutMillis how long starting a run waits for the server's run id before going on with a
 *     provisional one ({@code ember.tracking.startTimeoutMillis}, 5000)
 * @param flushTimeoutMillis how long closing the store (at JVM exit) waits for queued writes before spooling
 *     them ({@code ember.tracking.flushTimeoutMillis}, 10000)
 * @param maxBackoffMillis the longest pause between retries ({@code ember.tracking.maxBackoffMillis}, 10000)
 * @param username {@code MLFLOW_TRACKING_USERNAME}, or null
 * @param password {@code MLFLOW_TRACKING_PASSWORD}, or null
 * @param token {@code MLFLOW_TRACKING_TOKEN}, or null
 * @param insecureTls {@code MLFLOW_TRACKING_INSECURE_TLS=true}: accept any server certificate
 */
public record Settings(Path spoolDir, long connectTimeoutMillis, long requestTimeoutMillis, long startTimeoutMillis,
                       long flushTimeoutMillis, long maxBackoffMillis, String username, String password,
                       String token, boolean insecureTls) {

    /** Checks the values. */
    public Settings {
        Objects.requireNonNull(spoolDir, "spoolDir");
        if (connectTimeoutMillis <= 0 || requestTimeoutMillis <= 0 || startTimeoutMillis < 0
            || flushTimeoutMillis < 0 || maxBackoffMillis <= 0) {
            throw new InvalidArgumentException("tracking timeouts must be positive: found connect "
                + connectTimeoutMillis + ", request " + requestTimeoutMillis + ", start " + startTimeoutMillis
                + ", flush " + flushTimeoutMillis + ", backoff " + maxBackoffMillis);
        }
    }

    /** @return the settings of this JVM: its system properties and environment */
    public static Settings fromEnvironment() {
        return from(System.getenv(), System::getProperty);
    }

    /**
     * @param env environment variables
     * @param props system properties (name to value or null)
     * @return the settings
     */
    public static Settings from(Map<String, String> env, Function<String, String> props) {
        String spool = props.apply("ember.tracking.spool");
        if (blank(spool)) {
            spool = env.get("EMBER_TRACKING_SPOOL");
        }
        Path spoolDir = blank(spool)
            ? Path.of(System.getProperty("user.home"), ".ember", "mlflow-spool") : Path.of(spool);
        return new Settings(spoolDir.toAbsolutePath().normalize(),
            millis(props, "connectTimeoutMillis", 3000), millis(props, "requestTimeoutMillis", 30_000),
            millis(props, "startTimeoutMillis", 5000), millis(props, "flushTimeoutMillis", 10_000),
            millis(props, "maxBackoffMillis", 10_000), nonBlank(env.get("MLFLOW_TRACKING_USERNAME")),
            nonBlank(env.get("MLFLOW_TRACKING_PASSWORD")), nonBlank(env.get("MLFLOW_TRACKING_TOKEN")),
            "true".equalsIgnoreCase(env.get("MLFLOW_TRACKING_INSECURE_TLS")));
    }

    /**
     * @param dir another spool directory
     * @return these settings with it
     */
    public Settings withSpoolDir(Path dir) {
        return new Settings(dir, connectTimeoutMillis, requestTimeoutMillis, startTimeoutMillis, flushTimeoutMillis,
            maxBackoffMillis, username, password, token, insecureTls);
    }

    /**
     * @param request the request timeout
     * @param flush the flush timeout
     * @param maxBackoff the longest pause between retries
     * @return these settings with those timeouts
     */
    public Settings withTimeouts(long request, long flush, long maxBackoff) {
        return new Settings(spoolDir, connectTimeoutMillis, request, startTimeoutMillis, flush, maxBackoff, username,
            password, token, insecureTls);
    }

    /**
     * @param user a user name
     * @param pass its password
     * @return these settings with basic-auth credentials
     */
    public Settings withBasicAuth(String user, String pass) {
        return new Settings(spoolDir, connectTimeoutMillis, requestTimeoutMillis, startTimeoutMillis,
            flushTimeoutMillis, maxBackoffMillis, user, pass, token, insecureTls);
    }

    /** @return whether basic-auth credentials are set (they win over a token, as in MLflow) */
    boolean hasBasicAuth() {
        return username != null && password != null;
    }

    /** @return the {@code Authorization} header value, or null */
    String authorization() {
        if (hasBasicAuth()) {
            return "Basic " + java.util.Base64.getEncoder().encodeToString(
                (username + ":" + password).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        return token == null ? null : "Bearer " + token;
    }

    private static long millis(Function<String, String> props, String name, long dflt) {
        String v = props.apply("ember.tracking." + name);
        if (blank(v)) {
            return dflt;
        }
        try {
            return Long.parseLong(v.trim());
        } catch (NumberFormatException e) {
            throw new InvalidArgumentException("system property ember.tracking." + name + ": found '" + v
                + "', expected a number of milliseconds", e);
        }
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    private static String nonBlank(String s) {
        return blank(s) ? null : s;
    }

    @Override
    public String toString() {
        return "Settings[spool=" + spoolDir + ", connect=" + connectTimeoutMillis + "ms, request="
            + requestTimeoutMillis + "ms, start=" + startTimeoutMillis + "ms, flush=" + flushTimeoutMillis
            + "ms, auth=" + (hasBasicAuth() ? "basic" : token != null ? "token" : "none") + ", insecureTls="
            + insecureTls + "]";
    }
}
