package dev.ember.ml.runtime;

import dev.ember.ml.core.InvalidArgumentException;
import dev.ember.ml.core.observe.MetricsServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The executor process: {@code java ... dev.ember.ml.runtime.ExecutorMain --driver host:port [options]} (what
 * {@code ember executor} and local clusters run). The secret comes from {@code --secret-file} or the
 * {@code EMBER_SECRET} environment variable, never from the command line. Exit codes: 0 when the driver ends the
 * executor or goes away, 1 on an unexpected failure, 2 for a bad command line, 3 when the driver refuses the
 * executor (wrong secret), 4 when no driver answers. {@code --metrics-port P} (and {@code --metrics-host H}, loopback
 * by default) serve the executor's metrics for Prometheus at {@code http://H:P/metrics}.
 */
public final class ExecutorMain {
    private static final Logger LOG = LoggerFactory.getLogger(ExecutorMain.class);

    private ExecutorMain() {
    }

    /**
     * @param args see {@link ExecutorOptions}
     */
    public static void main(String[] args) {
        ExecutorOptions options;
        MetricsOptions metrics;
        try {
            metrics = MetricsOptions.extract(args);
            options = ExecutorOptions.parse(metrics.rest());
        } catch (IllegalArgumentException | InvalidArgumentException e) {
            System.err.println("ember executor: " + e.getMessage());
            System.exit(2);
            return;
        }
        MetricsServer server = metrics.port() < 0 ? null : MetricsServer.start(metrics.host(), metrics.port());
        int code = run(options);
        if (server != null) {
            server.close();
        }
        System.exit(code);
    }

    /**
     * Runs an executor in this process until it ends.
     *
     * @param options the settings
     * @return the exit code
     */
    public static int run(ExecutorOptions options) {
        Auth auth;
        try {
            auth = Auth.fromFileOrEnvironment(options.secretFile());
        } catch (RuntimeException e) {
            LOG.error("{}", e.getMessage());
            return 2;
        }
        ExecutorAgent agent = new ExecutorAgent(options, new ClusterConfig().conclude(), auth);
        Thread hook = new Thread(() -> {
            agent.stop("terminated");
            agent.awaitExit(5000);
        }, "ember-executor-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        int code = agent.run();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // already shutting down
        }
        return code;
    }
}
