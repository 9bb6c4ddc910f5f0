package dev.ember.ml.cli;

import dev.ember.ml.core.status.StatusServer;
import picocli.CommandLine.Option;

import java.io.PrintWriter;

/** The {@code --status-port} and {@code --status-host} options of the long-running commands: a live status page. */
public final class StatusPageOptions {
    @Option(names = "--status-port", paramLabel = "PORT",
        description = "serve a live, read-only status page (fits and plans, rounds and tasks, executors, feature "
            + "jobs, sweeps) on this port, 0 for any free one; off unless given")
    private Integer port;

    @Option(names = "--status-host", paramLabel = "HOST", defaultValue = "127.0.0.1",
        description = "the address the status page binds (default: ${DEFAULT-VALUE}, loopback only)")
    private String host;

    /** For picocli. */
    public StatusPageOptions() {
    }

    /**
     * Starts the page if {@code --status-port} was given, and says where.
     *
     * @param err where to print its address
     * @return the server to close, or null
     */
    public StatusServer start(PrintWriter err) {
        if (port == null) {
            return null;
        }
        StatusServer s = StatusServer.start(host, port);
        err.println("status page at " + s.uri());
        err.flush();
        return s;
    }
}
