package dev.ember.ml.registry.mlflow;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ember.ml.core.data.Frame;
import dev.ember.ml.core.runtime.Runtime;
import dev.ember.ml.core.runtime.RuntimeConfig;
import dev.ember.ml.core.tracking.Run;
import dev.ember.ml.core.tracking.Tracking;
import dev.ember.ml.core.tracking.TrackingStore;
import dev.ember.ml.registry.Fixtures;
import dev.ember.ml.registry.GradientMean;
import dev.ember.ml.registry.MlflowServer;
import dev.ember.ml.registry.PythonMlflow;
import dev.ember.ml.testkit.IntegrationTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A tracking server that stops in the middle of a fit: the fit is neither failed nor slowed, the writes are queued,
 * retried and spooled, and once the server is back (in this process, at the next run, or by a replay after the
 * process has exited) MLflow holds everything: every metric step, the params, the model.
 */
@IntegrationTest
@Timeout(900)
class ServerOutageTest {
    private static final String SPOOL = "ember.tracking.spool";
    private static Runtime runtime;
    private static Frame data;
    private Path spool;

    @BeforeAll
    static void setUp() {
        runtime = Runtime.inProcess(new RuntimeConfig().threads(2));
        data = Fixtures.breastCancer(runtime);
        System.setProperty("ember.tracking.maxBackoffMillis", "500");
        System.setProperty("ember.tracking.requestTimeoutMillis", "5000");
        System.setProperty("ember.tracking.startTimeoutMillis", "30000");
        System.setProperty("ember.tracking.flushTimeoutMillis", "3000");
    }

    @AfterAll
    static void tearDown() {
        runtime.close();
        for (String p : List.of("maxBackoffMillis", "requestTimeoutMillis", "startTimeoutMillis",
            "flushTimeoutMillis")) {
            System.clearProperty("ember.tracking." + p);
        }
    }

    @BeforeEach
    void useSpool(@TempDir Path tmp) {
        spool = tmp.resolve("spool");
        System.setProperty(SPOOL, spool.toString());
    }

    @AfterEach
    void reset() {
        Tracking.shutdown();
        Tracking.setTrackingUri(null);
        System.clearProperty(SPOOL);
    }

    private List<Path> spooled() {
        if (!Files.isDirectory(spool)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(spool)) {
            return s.filter(p -> p.toString().endsWith(".json")).toList();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Waits until the store has sent what it queued and the spool is empty. */
    private void awaitSpoolEmpty(long millis) throws InterruptedException {
        long deadline = System.currentTimeMillis() + millis;
        String uri = Tracking.trackingUri();
        while (!(spooled().isEmpty() && Tracking.flush(uri, 1000)) && System.currentTimeMillis() < deadline) {
            Thread.sleep(200);
        }
        assertEquals(List.of(), spooled(), "spool not replayed within " + millis + " ms");
        assertTrue(Tracking.flush(uri, 1000), "queue not sent within " + millis + " ms");
    }

    /** A fit inside the run, timed: the hook's cost with the server down. */
    private static long timedFitMillis() {
        long t0 = System.nanoTime();
        new GradientMean().with(GradientMean.COL, "mean_radius").with(GradientMean.MAX_ITER, 8).fit(data);
        return (System.nanoTime() - t0) / 1_000_000;
    }

    private static void assertRunComplete(String uri, String runId, int progressSteps) {
        JsonNode py = PythonMlflow.run(uri, PythonMlflow.READ_RUN, runId, "-", "-");
        assertEquals("FINISHED", py.path("status").asText());
        assertEquals(steps(progressSteps), steps(py.path("metrics").path("progress")), "every step of the history");
        py.path("metrics").path("progress").forEach(p -> assertEquals(p.get(0).asInt(), p.get(1).asDouble(), 0.0));
        assertEquals(steps(9), steps(py.path("metrics").path("loss")));
        assertEquals("mean_radius", py.path("params").path("col").asText());
        List<String> files = new ArrayList<>();
        py.path("files").forEach(f -> files.add(f.asText()));
        assertTrue(files.containsAll(List.of("model/MLmodel", "model/data/metadata.json")), files.toString());
        assertTrue(py.path("flavors").has("ember"));
    }

    private static java.util.Set<Integer> steps(int n) {
        java.util.Set<Integer> out = new java.util.TreeSet<>();
        for (int i = 0; i < n; i++) {
            out.add(i);
        }
        return out;
    }

    /** The distinct steps of a history (a request that timed out but was applied may be sent twice). */
    private static java.util.Set<Integer> steps(JsonNode history) {
        java.util.Set<Integer> out = new java.util.TreeSet<>();
        history.forEach(p -> out.add(p.get(0).asInt()));
        return out;
    }

    @Test
    void shouldNeitherFailNorSlowAFitWhileTheServerHangs(@TempDir Path tmp) throws InterruptedException {
        try (MlflowServer server = MlflowServer.startSqlite(tmp.resolve("server"))) {
            Tracking.setTrackingUri(server.uri());
            String runId;
            long fitMillis;
            try (Run run = Tracking.newRun().experiment("outage").name("hung").start()) {
                runId = run.id();
                server.freeze();
                for (int i = 0; i < 30; i++) {
                    run.logMetric("progress", i, i);
                }
                fitMillis = timedFitMillis();
            }
            assertTrue(fitMillis < 4000, "the fit took " + fitMillis + " ms while the server hung (the request"
                + " timeout is 5000 ms)");
            Thread.sleep(1000);
            server.thaw();
            awaitSpoolEmpty(120_000);
            assertRunComplete(server.uri(), runId, 30);
        }
    }

    @Test
    void shouldLoseNothingWhenTheServerStopsInTheMiddleOfAFitAndComesBack(@TempDir Path tmp)
        throws InterruptedException {
        try (MlflowServer server = MlflowServer.startSqlite(tmp.resolve("server"))) {
            Tracking.setTrackingUri(server.uri());
            TrackingStore store = Tracking.store(server.uri());
            String runId;
            long fitMillis;
            try (Run run = Tracking.newRun().experiment("outage").name("mid-fit").start()) {
                runId = run.id();
                for (int i = 0; i < 50; i++) {
                    run.logMetric("progress", i, i);
                }
                assertTrue(store.flush(30_000));
                server.stop();
                for (int i = 50; i < 100; i++) {
                    run.logMetric("progress", i, i);
                }
                fitMillis = timedFitMillis();
            }
            assertTrue(fitMillis < 4000, "the fit took " + fitMillis + " ms with the server down (a fit that waited"
                + " on the server would take at least the 5000 ms request timeout)");
            long waited = System.currentTimeMillis() + 30_000;
            while (spooled().isEmpty() && System.currentTimeMillis() < waited) {
                Thread.sleep(100);
            }
            assertEquals(1, spooled().size(), "the ended run is in the spool while the server is down");
            server.start();
            awaitSpoolEmpty(120_000);
            assertRunComplete(server.uri(), runId, 100);
        }
    }

    @Test
    void shouldReplayRunsSpooledByAProcessThatExitedWhileTheServerWasDown(@TempDir Path tmp)
        throws InterruptedException {
        try (MlflowServer server = MlflowServer.startSqlite(tmp.resolve("server"))) {
            Tracking.setTrackingUri(server.uri());
            String started;
            try (Run run = Tracking.newRun().experiment("outage").name("started-online").start()) {
                started = run.id();
                server.stop();
                for (int i = 0; i < 20; i++) {
                    run.logMetric("progress", i, i);
                }
                timedFitMillis();
            }
            String offline;
            long t0 = System.nanoTime();
            try (Run run = Tracking.newRun().experiment("outage").name("started-offline").start()) {
                offline = run.id();
                for (int i = 0; i < 20; i++) {
                    run.logMetric("progress", i, i);
                }
                timedFitMillis();
            }
            long offlineMillis = (System.nanoTime() - t0) / 1_000_000;
            assertTrue(offline.startsWith("offline-"), offline);
            assertTrue(offlineMillis < 5000, "a run with the server known down took " + offlineMillis + " ms");
            Tracking.shutdown();
            assertEquals(2, spooled().size(), "both runs spooled at exit");

            server.start();
            Mlflow.ReplayResult r = Mlflow.replay(server.uri(), Settings.fromEnvironment(), 120_000);
            assertEquals(List.of(), r.left());
            assertEquals(2, r.sent());
            assertEquals(List.of(), spooled());
            assertRunComplete(server.uri(), started, 20);
            JsonNode found = PythonMlflow.run(server.uri(), """
                import json, sys
                from mlflow import MlflowClient
                c = MlflowClient()
                exp = c.get_experiment_by_name("outage")
                runs = c.search_runs([exp.experiment_id], "tags.`ember.localRunId` = '%s'" % sys.argv[1])
                print(json.dumps([r.info.run_id for r in runs]))
                """, offline);
            assertEquals(1, found.size(), "the run started offline is on the server, tagged with its local id");
            assertRunComplete(server.uri(), found.get(0).asText(), 20);
        }
    }

    @Test
    void shouldSendSpooledRunsAtTheNextRun(@TempDir Path tmp) throws InterruptedException {
        try (MlflowServer server = MlflowServer.startSqlite(tmp.resolve("server"))) {
            Tracking.setTrackingUri(server.uri());
            String runId;
            try (Run run = Tracking.newRun().experiment("outage").name("before-exit").start()) {
                runId = run.id();
                server.stop();
                for (int i = 0; i < 10; i++) {
                    run.logMetric("progress", i, i);
                }
                timedFitMillis();
            }
            Tracking.shutdown();
            assertEquals(1, spooled().size());
            server.start();
            try (Run next = Tracking.newRun().experiment("outage").name("next").start()) {
                next.logParam("k", "v");
            }
            awaitSpoolEmpty(120_000);
            assertRunComplete(server.uri(), runId, 10);
        }
    }
}
