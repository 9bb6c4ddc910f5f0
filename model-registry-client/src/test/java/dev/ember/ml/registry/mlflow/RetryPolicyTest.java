package dev.ember.ml.registry.mlflow;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.ember.ml.core.tracking.MetricPoint;
import dev.ember.ml.core.tracking.RunInfo;
import dev.ember.ml.core.tracking.RunSpec;
import dev.ember.ml.core.tracking.RunStatus;
import dev.ember.ml.registry.RegistryException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The retry policy against a loopback HTTP server that answers with chosen statuses (a real MLflow server cannot be
 * made to answer 429 or 503 on demand): a 404 is sent once and reported as "not found", never retried nor called a
 * rate limit; a 429 and a 503 are retried until the server takes the write.
 */
@Timeout(60)
class RetryPolicyTest {
    private HttpServer server;
    private final Map<String, AtomicInteger> hits = new ConcurrentHashMap<>();
    /** Status to answer per endpoint, consumed one per request (then 200). */
    private final Map<String, List<Integer>> script = new ConcurrentHashMap<>();

    private String start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::answer);
        server.start();
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private void answer(HttpExchange x) throws IOException {
        String endpoint = x.getRequestURI().getPath().replace(RestClient.API, "");
        int n = hits.computeIfAbsent(endpoint, k -> new AtomicInteger()).getAndIncrement();
        List<Integer> statuses = script.getOrDefault(endpoint, List.of());
        int status = n < statuses.size() ? statuses.get(n) : 200;
        String body;
        if (status == 404) {
            body = "{\"error_code\": \"RESOURCE_DOES_NOT_EXIST\", \"message\": \"Run 'abc' not found\"}";
        } else if (status != 200) {
            body = "{\"error_code\": \"TEMPORARILY_UNAVAILABLE\", \"message\": \"try later\"}";
        } else if (endpoint.equals("experiments/search")) {
            body = "{\"experiments\": [{\"experiment_id\": \"7\", \"name\": \"retry\"}]}";
        } else if (endpoint.equals("runs/create") || endpoint.equals("runs/get")) {
            body = "{\"run\": {\"info\": {\"run_id\": \"r1\", \"experiment_id\": \"7\", \"artifact_uri\": "
                + "\"mlflow-artifacts:/7/r1/artifacts\"}}}";
        } else {
            body = "{}";
        }
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        x.getResponseHeaders().add("Content-Type", "application/json");
        x.sendResponseHeaders(status, bytes.length);
        x.getResponseBody().write(bytes);
        x.close();
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    private static Settings settings(Path spool) {
        return Settings.from(Map.of(), k -> switch (k) {
            case "ember.tracking.spool" -> spool.toString();
            case "ember.tracking.maxBackoffMillis" -> "500";
            default -> null;
        });
    }

    private int hitsOf(String endpoint) {
        AtomicInteger n = hits.get(endpoint);
        return n == null ? 0 : n.get();
    }

    @Test
    void shouldSendA404OnceAndCallItNotFound(@TempDir Path spool) throws IOException {
        String uri = start();
        script.put("runs/get", List.of(404, 404, 404, 404));
        TrackingApi api = new TrackingApi(new RestClient(uri, settings(spool)));
        RegistryException e = assertThrows(RegistryException.class, () -> api.getRun("abc"));
        assertEquals(1, hitsOf("runs/get"), "a 404 is the answer: sent once");
        assertEquals(404, e.status());
        assertTrue(e.isNotFound(), e.getMessage());
        assertFalse(RetryPolicy.isRetryable(e));
        assertFalse(e.getMessage().toLowerCase().contains("rate"), e.getMessage());
        assertTrue(e.getMessage().contains("RESOURCE_DOES_NOT_EXIST") && e.getMessage().contains(uri), e.getMessage());
    }

    @Test
    void shouldNotRetryAWriteTheServerRefusedWith404(@TempDir Path spool) throws IOException {
        String uri = start();
        script.put("runs/log-batch", List.of(404, 404, 404, 404));
        RestTrackingStore store = new RestTrackingStore(uri, settings(spool));
        try {
            RunInfo run = store.createRun(new RunSpec("retry", null, "r", null, Map.of(), System.currentTimeMillis()));
            store.logBatch(run.runId(), List.of(new MetricPoint("m", 1, System.currentTimeMillis(), 0)), Map.of(),
                Map.of());
            store.endRun(run.runId(), RunStatus.FINISHED, System.currentTimeMillis());
            assertTrue(store.flush(20_000), "the run's queue empties: the refused write is dropped, not retried");
            assertEquals(1, hitsOf("runs/log-batch"));
            assertEquals(1, hitsOf("runs/update"), "the run still ends");
            assertFalse(store.isFailing(), "a 404 is not an outage");
        } finally {
            store.close();
        }
    }

    @Test
    void shouldRetryA429AndA503UntilTheServerTakesTheWrite(@TempDir Path spool) throws IOException {
        String uri = start();
        script.put("runs/log-batch", List.of(429, 503));
        RestTrackingStore store = new RestTrackingStore(uri, settings(spool));
        try {
            RunInfo run = store.createRun(new RunSpec("retry", null, "r", null, Map.of(), System.currentTimeMillis()));
            store.logBatch(run.runId(), List.of(new MetricPoint("m", 1, System.currentTimeMillis(), 0)), Map.of(),
                Map.of());
            store.endRun(run.runId(), RunStatus.FINISHED, System.currentTimeMillis());
            long deadline = System.currentTimeMillis() + 20_000;
            while (hitsOf("runs/update") == 0 && System.currentTimeMillis() < deadline) {
                store.flush(1000);
            }
            assertEquals(3, hitsOf("runs/log-batch"), "429, then 503, then taken");
            assertEquals(1, hitsOf("runs/update"));
        } finally {
            store.close();
        }
    }

    @Test
    void shouldDescribeEachRetryableStatusInItsOwnWords() {
        assertTrue(RetryPolicy.describe(new RegistryException("x", 429, null, null)).contains("rate-limiting"));
        assertTrue(RetryPolicy.describe(new RegistryException("x", 503, null, null)).contains("server errors (503)"));
        assertTrue(RetryPolicy.describe(new RegistryException("x", new IOException("refused")))
            .contains("not reachable"));
        for (int s : new int[] {400, 401, 403, 404, 408, 409}) {
            assertFalse(RetryPolicy.isRetryable(new RegistryException("x", s, null, null)), "status " + s);
        }
        for (int s : new int[] {0, 429, 500, 502, 503, 504}) {
            assertTrue(RetryPolicy.isRetryable(new RegistryException("x", s, null, null)), "status " + s);
        }
    }
}
