package dev.ember.ml.core.observe;

import dev.ember.ml.core.InvalidArgumentException;
import io.micrometer.core.instrument.Metrics;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The trace context's wire form, jobs, and the Prometheus endpoint. */
@Timeout(30)
class ObserveTest {

    @Test
    void shouldRoundTripTheTraceContextAndRejectMalformedOnes() {
        TraceContext c = new TraceContext("0123456789abcdef", TraceScope.newTraceId(), "LogisticRegression", 7);
        assertEquals(c, TraceContext.decode(c.encode()));
        assertEquals(TraceContext.NONE, TraceContext.decode(""));
        InvalidArgumentException e = assertThrows(InvalidArgumentException.class,
            () -> TraceContext.decode("abc;def;Stage"));
        assertTrue(e.getMessage().contains("found 3 fields"), e.getMessage());
        assertThrows(InvalidArgumentException.class, () -> TraceContext.decode("XYZ;00;S;1"));
        assertThrows(InvalidArgumentException.class, () -> TraceContext.decode("ab;cd;S;-1"));
        assertThrows(InvalidArgumentException.class, () -> TraceContext.decode("ab;cd;a b;1"));
    }

    @Test
    void shouldCountJobsByOutcome() {
        double before = count("unit-test-job", "failure");
        try (TraceScope job = TraceScope.job("unit-test-job")) {
            assertEquals(job.traceId(), TraceScope.currentTraceId());
        }
        try (TraceScope job = TraceScope.job("unit-test-job")) {
            job.succeeded();
        }
        assertEquals(1, count("unit-test-job", "failure") - before);
        assertEquals(1, count("unit-test-job", "success"));
    }

    private static double count(String kind, String outcome) {
        io.micrometer.core.instrument.Counter c = Metrics.globalRegistry.find(MetricNames.JOBS)
            .tags("kind", kind, "outcome", outcome).counter();
        return c == null ? 0 : c.count();
    }

    @Test
    void shouldServePrometheusTextOnLoopbackOnly() throws IOException, InterruptedException {
        try (MetricsServer server = MetricsServer.start(null, 0)) {
            assertTrue(server.url().startsWith("http://127.0.0.1:"), server.url());
            RuntimeMetrics.passDone("local", "ProbeKernel", 4, 2_000_000, null);
            HttpClient http = HttpClient.newHttpClient();
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(server.url())).build(),
                HttpResponse.BodyHandlers.ofString());
            assertEquals(200, r.statusCode());
            assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("text/plain"));
            assertTrue(r.body().contains(
                "ember_pass_duration_seconds_count{kernel=\"ProbeKernel\",runtime=\"local\"} 1"), r.body());
            assertTrue(r.body().contains("ember_pass_partitions_total{kernel=\"ProbeKernel\",runtime=\"local\"} 4.0"),
                r.body());
            assertTrue(r.body().contains("jvm_gc_"), "JVM meters are bound too");
            HttpResponse<String> other = http.send(HttpRequest.newBuilder(URI.create(server.url()
                .replace("/metrics", "/secrets"))).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(404, other.statusCode());
        }
    }

    @Test
    void shouldRefuseABadPort() {
        assertThrows(InvalidArgumentException.class, () -> MetricsServer.start(null, 70000));
    }

    @Test
    void shouldContinueAFitsTraceOnAWorkerThreadWithItsOwnFitId() throws Exception {
        FitTrace.enter("uid-outer", "Outer");
        try {
            String trace = FitTrace.current().traceId();
            String fit = FitTrace.current().fitId();
            String[] seen = new String[2];
            Thread worker = new Thread(TraceScope.propagate(() -> {
                FitTrace.enter("uid-inner", "Inner");
                try {
                    seen[0] = FitTrace.current().traceId();
                    seen[1] = FitTrace.current().fitId();
                } finally {
                    FitTrace.exit("uid-inner");
                }
            }));
            worker.start();
            worker.join();
            assertEquals(trace, seen[0], "the worker's fit continues the trace");
            assertTrue(!fit.equals(seen[1]), "with a fit id of its own");
        } finally {
            FitTrace.exit("uid-outer");
        }
    }
}
