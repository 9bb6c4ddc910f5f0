package dev.ember.ml.core.observe;

import dev.ember.ml.core.InvalidArgumentException;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.ember.ml.core.MlException;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * An opt-in Prometheus endpoint: {@code GET /metrics} serves this process's metrics in the Prometheus text
 * format (driver, executor or feature scheduler alike). It binds to loopback unless given another address, serves
 * nothing else, and runs on one daemon thread. Starting it attaches the Prometheus registry
 * ({@link EmberMetrics#prometheus()}); until then nothing is kept.
 *
 * <pre>{@code
 * try (MetricsServer server = MetricsServer.start(MetricsServer.LOOPBACK, 9464)) {
 *     // fits ... ; Prometheus scrapes http://127.0.0.1:9464/metrics
 * }
 * }</pre>
 */
public final class MetricsServer implements AutoCloseable {
    /** The default bind address. */
    public static final String LOOPBACK = "127.0.0.1";
    /** System property: a port to serve metrics on from any Ember program that calls {@link #fromProperties}. */
    public static final String PORT_PROP = "ember.metrics.port";
    /** System property: the address to bind ({@link #LOOPBACK} unless set). */
    public static final String HOST_PROP = "ember.metrics.host";
    private static final Logger LOG = LoggerFactory.getLogger(MetricsServer.class);
    private static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final HttpServer server;
    private final ExecutorService thread;

    private MetricsServer(HttpServer server, ExecutorService thread) {
        this.server = server;
        this.thread = thread;
    }

    /**
     * @param host the address to bind (null for loopback)
     * @param port the port, or 0 for a free one
     * @return the running server
     * @throws MlException if the address cannot be bound
     */
    public static MetricsServer start(String host, int port) {
        if (port < 0 || port > 65535) {
            throw new InvalidArgumentException("--metrics-port: found " + port + ", expected 0..65535");
        }
        String bind = host == null || host.isBlank() ? LOOPBACK : host.trim();
        PrometheusMeterRegistry registry = EmberMetrics.prometheus();
        HttpServer s;
        try {
            s = HttpServer.create(new InetSocketAddress(bind, port), 16);
        } catch (IOException e) {
            throw new MlException("metrics endpoint: cannot bind " + bind + ":" + port + " (" + e.getMessage() + ")",
                e);
        }
        s.createContext("/metrics", ex -> serve(ex, registry));
        s.createContext("/", ex -> {
            try (ex) {
                byte[] body = "Ember metrics: GET /metrics\n".getBytes(StandardCharsets.UTF_8);
                ex.sendResponseHeaders(ex.getRequestURI().getPath().equals("/") ? 200 : 404, body.length);
                ex.getResponseBody().write(body);
            }
        });
        ExecutorService t = Executors.newSingleThreadExecutor(r -> {
            Thread th = new Thread(r, "ember-metrics-http");
            th.setDaemon(true);
            return th;
        });
        s.setExecutor(t);
        s.start();
        MetricsServer server = new MetricsServer(s, t);
        LOG.info("metrics endpoint at {}", server.url());
        return server;
    }

    /**
     * Starts a server if {@link #PORT_PROP} is set.
     *
     * @return the server, or null when the property is unset
     */
    public static MetricsServer fromProperties() {
        String p = System.getProperty(PORT_PROP);
        if (p == null || p.isBlank()) {
            return null;
        }
        int port;
        try {
            port = Integer.parseInt(p.trim());
        } catch (NumberFormatException e) {
            throw new InvalidArgumentException(PORT_PROP + ": found '" + p + "', expected a port number", e);
        }
        return start(System.getProperty(HOST_PROP), port);
    }

    private static void serve(HttpExchange ex, PrometheusMeterRegistry registry) throws IOException {
        try (ex) {
            if (!"GET".equals(ex.getRequestMethod()) && !"HEAD".equals(ex.getRequestMethod())) {
                ex.sendResponseHeaders(405, -1);
                return;
            }
            byte[] body = registry.scrape().getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().set("Content-Type", CONTENT_TYPE);
            ex.sendResponseHeaders(200, "HEAD".equals(ex.getRequestMethod()) ? -1 : body.length);
            if (!"HEAD".equals(ex.getRequestMethod())) {
                try (OutputStream out = ex.getResponseBody()) {
                    out.write(body);
                }
            }
        }
    }

    /** @return the bound port */
    public int port() {
        return server.getAddress().getPort();
    }

    /** @return {@code http://host:port/metrics} */
    public String url() {
        InetSocketAddress a = server.getAddress();
        String host = a.getAddress().getHostAddress();
        return "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + a.getPort() + "/metrics";
    }

    /** Stops serving. */
    @Override
    public void close() {
        server.stop(0);
        thread.shutdownNow();
    }
}
