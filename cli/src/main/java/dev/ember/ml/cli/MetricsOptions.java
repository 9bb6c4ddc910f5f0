package dev.ember.ml.cli;

import dev.ember.ml.core.observe.MetricsServer;
import dev.ember.ml.core.observe.TraceScope;
import picocli.CommandLine.Option;

/**
 * The {@code --metrics-port} and {@code --metrics-host} options: an opt-in Prometheus endpoint
 * ({@code GET /metrics}) for the command's process, on loopback unless another address is given.
 */
public final class MetricsOptions {
    @Option(names = "--metrics-port", paramLabel = "PORT",
        description = "serve Prometheus metrics at http://HOST:PORT/metrics while the command runs (off unless given)")
    private Integer port;

    @Option(names = "--metrics-host", paramLabel = "HOST", defaultValue = MetricsServer.LOOPBACK,
        description = "the address the metrics endpoint binds (default: ${DEFAULT-VALUE}, loopback)")
    private String host;

    /** For picocli. */
    public MetricsOptions() {
    }

    /** @return the running endpoint, or null when no port was given (close it when the command ends) */
    public MetricsServer start() {
        return port == null ? null : MetricsServer.start(host, port);
    }

    /**
     * Runs a command's job with the endpoint up (when asked) and one trace id for everything inside; the job
     * counts as succeeded when it returns exit code 0.
     *
     * @param kind the job's kind ("train", "sweep"), its metrics tag
     * @param job the command's work, returning its exit code
     * @return that exit code
     */
    public Integer runJob(String kind, java.util.function.Supplier<Integer> job) {
        try (MetricsServer server = start(); TraceScope scope = TraceScope.job(kind)) {
            Integer code = job.get();
            if (code != null && code == 0) {
                scope.succeeded();
            }
            return code;
        }
    }
}
