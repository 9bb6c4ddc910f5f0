package dev.ember.ml.core.status;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The status page's server and registry: loopback, read-only, fits and sections in the JSON, off when closed. */
class StatusServerTest {
    final HttpClient http = HttpClient.newHttpClient();

    HttpResponse<String> get(URI uri, String method) throws Exception {
        return http.send(HttpRequest.newBuilder(uri).method(method, HttpRequest.BodyPublishers.noBody()).build(),
            HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void shouldServeThePageAndTheFitsAndSectionsAsJsonOnLoopbackOnly() throws Exception {
        assertFalse(StatusRegistry.enabled());
        assertNull(StatusRegistry.fitStarted("Off_1"), "fits are recorded while no page is served");
        try (StatusServer server = StatusServer.start("127.0.0.1", 0);
             AutoCloseable section = StatusRegistry.register("sweeps", () -> List.of(Map.of("name", "s1",
                 "trials", 3)))) {
            assertEquals("127.0.0.1", server.uri().getHost());
            StatusRegistry.Fit outer = StatusRegistry.fitStarted("Pipeline_1");
            StatusRegistry.fitPlan("Pipeline_1", "== Physical plan ==", false);
            StatusRegistry.Fit inner = StatusRegistry.fitStarted("LogisticRegression_2");
            StatusRegistry.fitSucceeded("LogisticRegression_2");
            inner.end();
            HttpResponse<String> page = get(server.uri(), "GET");
            assertEquals(200, page.statusCode());
            assertTrue(page.body().contains("<script src=\"status.js\">"), page.body());
            assertTrue(page.headers().firstValue("Content-Security-Policy").orElse("").contains("default-src 'self'"));
            assertEquals(200, get(server.uri().resolve("status.js"), "GET").statusCode());
            JsonNode json = new ObjectMapper().readTree(get(server.uri().resolve("api/status"), "GET").body());
            JsonNode fits = json.path("fits");
            assertEquals("Pipeline_1", fits.get(0).path("estimator").asText(), "running fits first: " + fits);
            assertEquals("RUNNING", fits.get(0).path("state").asText());
            assertEquals("== Physical plan ==", fits.get(0).path("plan").asText());
            assertEquals("SUCCEEDED", fits.get(1).path("state").asText());
            assertEquals("Pipeline_1", fits.get(1).path("outer").asText());
            assertEquals(3, json.path("sections").path("sweeps").get(0).path("trials").asInt());
            outer.end();
            JsonNode after = new ObjectMapper().readTree(get(server.uri().resolve("api/status"), "GET").body());
            assertEquals("FAILED", after.path("fits").get(1).path("state").asText(), "ended without a model: "
                + after.path("fits"));
            assertEquals("Pipeline_1", after.path("fits").get(1).path("estimator").asText(), "newest first");
            assertEquals(405, get(server.uri().resolve("api/status"), "POST").statusCode());
            assertEquals(404, get(server.uri().resolve("nope"), "GET").statusCode());
        }
        assertFalse(StatusRegistry.enabled(), "recording goes on after the last page closed");
    }
}
