package dev.ember.ml.core.status;

import dev.ember.ml.core.InvalidArgumentException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.ember.ml.core.MlException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The driver's live status page: a read-only web page at {@code /} that refreshes itself every second from the
 * JSON at {@code /api/status} ({@link StatusRegistry#snapshot()}): running and recent fits with their plans,
 * and the registered sections (the cluster's executors with heartbeat age and cache, rounds and their tasks with
 * a bar per task so skew shows at a glance, feature jobs, sweeps). JDK's built-in HTTP server on one daemon
 * thread, no external scripts or fonts. Binds 127.0.0.1 unless told otherwise; off unless started
 * ({@link #start}, or {@link #PORT_PROP} for {@link #startIfConfigured()}). Only GET and HEAD are answered.
 */
public final class StatusServer implements AutoCloseable {
    /** The port to serve on (0: any free port); unset, no page. */
    public static final String PORT_PROP = "ember.status.port";
    /** The address to bind (default 127.0.0.1). */
    public static final String HOST_PROP = "ember.status.host";

    private static final Logger LOG = LoggerFactory.getLogger(StatusServer.class);
    private static final ObjectMapper JSON = new ObjectMapper().disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);
    private static final AtomicInteger RUNNING = new AtomicInteger();

    private final HttpServer server;
    private final ExecutorService executor;
    private boolean closed;

    private StatusServer(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    /**
     * Starts a status page and turns recording on.
     *
     * @param host the address to bind: 127.0.0.1 (loopback) unless the page must be reached from elsewhere
     * @param port the port, or 0 for any free one
     * @return the running server
     */
    public static StatusServer start(String host, int port) {
        if (port < 0 || port > 65535) {
            throw new InvalidArgumentException("status page port: found " + port + ", expected 0..65535");
        }
        HttpServer s;
        try {
            s = HttpServer.create(new InetSocketAddress(host, port), 16);
        } catch (IOException e) {
            throw new MlException("the status page cannot listen on " + host + ":" + port + ": " + e.getMessage(), e);
        }
        ExecutorService ex = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "ember-status-page");
            t.setDaemon(true);
            return t;
        });
        s.setExecutor(ex);
        s.createContext("/", StatusServer::handle);
        s.start();
        StatusRegistry.enable();
        RUNNING.incrementAndGet();
        StatusServer server = new StatusServer(s, ex);
        LOG.info("status page at {}", server.uri());
        return server;
    }

    /**
     * Starts a status page when {@link #PORT_PROP} is set (on {@link #HOST_PROP}, default loopback).
     *
     * @return the server, or empty when the property is unset
     */
    public static Optional<StatusServer> startIfConfigured() {
        String port = System.getProperty(PORT_PROP);
        if (port == null || port.isBlank()) {
            return Optional.empty();
        }
        int p;
        try {
            p = Integer.parseInt(port.trim());
        } catch (NumberFormatException e) {
            throw new InvalidArgumentException(PORT_PROP + ": found '" + port + "', expected a port number", e);
        }
        return Optional.of(start(System.getProperty(HOST_PROP, "127.0.0.1"), p));
    }

    /** @return the port served */
    public int port() {
        return server.getAddress().getPort();
    }

    /** @return the page's address */
    public URI uri() {
        InetSocketAddress a = server.getAddress();
        String host = a.getAddress().isAnyLocalAddress() ? "127.0.0.1" : a.getAddress().getHostAddress();
        return URI.create("http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + a.getPort() + "/");
    }

    /** Stops serving; recording stops with the last server. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        server.stop(0);
        executor.shutdownNow();
        if (RUNNING.decrementAndGet() == 0) {
            StatusRegistry.disable();
        }
    }

    private static void handle(HttpExchange x) throws IOException {
        try (x) {
            String method = x.getRequestMethod();
            if (!method.equals("GET") && !method.equals("HEAD")) {
                x.getResponseHeaders().set("Allow", "GET, HEAD");
                send(x, 405, "text/plain; charset=utf-8", "read-only: GET or HEAD\n".getBytes());
                return;
            }
            String path = x.getRequestURI().getPath();
            switch (path) {
                case "/", "/index.html" -> send(x, 200, "text/html; charset=utf-8", resource("status.html"));
                case "/status.js" -> send(x, 200, "text/javascript; charset=utf-8", resource("status.js"));
                case "/api/status" -> send(x, 200, "application/json", JSON.writeValueAsBytes(
                    StatusRegistry.snapshot()));
                default -> send(x, 404, "text/plain; charset=utf-8", ("no such page: " + path + "\n").getBytes());
            }
        } catch (RuntimeException e) {
            LOG.warn("status page: {}", e.toString());
        }
    }

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = StatusServer.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IOException("missing resource " + name);
            }
            return in.readAllBytes();
        }
    }

    private static void send(HttpExchange x, int code, String type, byte[] body) throws IOException {
        x.getResponseHeaders().set("Content-Type", type);
        x.getResponseHeaders().set("Cache-Control", "no-store");
        x.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
        x.getResponseHeaders().set("Content-Security-Policy",
            "default-src 'self'; style-src 'self' 'unsafe-inline'; frame-ancestors 'none'");
        boolean head = x.getRequestMethod().equals("HEAD");
        x.sendResponseHeaders(code, head ? -1 : body.length);
        if (!head) {
            try (OutputStream out = x.getResponseBody()) {
                out.write(body);
            }
        }
    }
}
