package dev.ember.ml.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ember.ml.algo.classification.LogisticRegression;
import dev.ember.ml.core.runtime.RuntimeConfig;
import dev.ember.ml.pipeline.Pipeline;
import dev.ember.ml.pipeline.PipelineModel;
import dev.ember.ml.testkit.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The driver's status page in real headless Chromium: it loads, shows both executors live, updates during a
 * pipeline fit on {@code local-cluster[2]} (the fit running, then more rounds, then succeeded with its analyzed
 * plan and a bar per task), and shows an executor killed with SIGKILL as lost.
 */
@IntegrationTest
@Timeout(180)
class StatusPageBrowserTest {
    @TempDir
    Path tmp;

    /** Page state as one JSON value: fits, round count, executors' states. */
    static final String READ = """
        const fits = [...document.querySelectorAll('#fits-table tbody tr')].map(r => ({
          state: r.dataset.state, estimator: r.children[1].textContent,
          plan: (r.querySelector('details pre') || {}).textContent || ''}));
        const ex = {};
        document.querySelectorAll('#executors tbody tr').forEach(r => ex[r.dataset.executorId] = r.dataset.state);
        const c = (document.getElementById('cluster-counters') || {}).textContent || '';
        const m = /rounds (\\d+)/.exec(c);
        return {refreshes: +document.getElementById('refreshes').dataset.count, fits: fits,
          rounds: m ? +m[1] : -1, executors: ex, bars: document.querySelectorAll('#rounds .bar').length};
        """;

    @Test
    void shouldShowTheFitUpdatingAndAKilledExecutorAsLost() throws Exception {
        long t0 = System.nanoTime();
        CompletableFuture<HeadlessChromium> starting = CompletableFuture.supplyAsync(() -> {
            try {
                return HeadlessChromium.start(tmp);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        Path file = ClusterTestData.writeLogistic(tmp.resolve("page.parquet"), 20_000, 6, 2_500, 21);
        try (ClusterRuntime cluster = ClusterRuntime.localCluster(2, new RuntimeConfig().threads(1),
                new ClusterConfig().statusPort(0));
             HeadlessChromium browser = starting.get(60, TimeUnit.SECONDS)) {
            URI page = cluster.statusPage().orElseThrow();
            lap("cluster and browser up", t0);
            assertEquals("127.0.0.1", page.getHost(), "the page must listen on loopback by default");
            browser.open(page);
            browser.await("two live executors", READ, v -> v.path("executors").size() == 2
                && v.path("executors").toString().equals("{\"1\":\"live\",\"2\":\"live\"}"), Duration.ofSeconds(20));

            lap("page loaded", t0);
            Pipeline pipeline = new Pipeline(new LogisticRegression().regParam(0.01).maxIter(30).tol(0));
            CompletableFuture<PipelineModel> fit = CompletableFuture.supplyAsync(
                () -> pipeline.fit(ClusterTestData.read(cluster, file)));
            JsonNode running = browser.await("a running fit", READ, v -> hasFit(v, "RUNNING"), Duration.ofSeconds(30));
            int roundsSeen = running.path("rounds").asInt();
            JsonNode later = browser.await("more rounds during the fit", READ,
                v -> v.path("rounds").asInt() > roundsSeen, Duration.ofSeconds(30));
            System.out.printf("page during the fit: %d rounds, then %d (fit done: %s)%n", roundsSeen,
                later.path("rounds").asInt(), fit.isDone());
            fit.get(120, TimeUnit.SECONDS);
            lap("fit done", t0);
            JsonNode done = browser.await("the fit succeeded with its analyzed plan", READ,
                v -> !hasFit(v, "RUNNING") && hasFit(v, "SUCCEEDED") && planOf(v).contains("Fit LogisticRegression"),
                Duration.ofSeconds(20));
            assertTrue(planOf(done).contains("passes"), "analyzed plan without its figures: " + planOf(done));
            assertTrue(done.path("bars").asInt() >= 8, "no bar per task: " + done);

            lap("fit shown", t0);
            long victim = cluster.executorPids().get(1);
            ExecutorFailureTest.signal("KILL", victim);
            browser.await("the killed executor as lost", READ,
                v -> "lost".equals(v.path("executors").path("2").asText())
                    && "live".equals(v.path("executors").path("1").asText()), Duration.ofSeconds(20));
            lap("lost shown", t0);
        }
        lap("closed", t0);
    }

    private static void lap(String what, long t0) {
        System.out.printf("%s: %d ms%n", what, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0));
    }

    private static boolean hasFit(JsonNode v, String state) {
        for (JsonNode f : v.path("fits")) {
            if (state.equals(f.path("state").asText()) && f.path("estimator").asText().startsWith("Pipeline")) {
                return true;
            }
        }
        return false;
    }

    private static String planOf(JsonNode v) {
        for (JsonNode f : v.path("fits")) {
            if (f.path("estimator").asText().startsWith("Pipeline")) {
                return f.path("plan").asText();
            }
        }
        return "";
    }
}
