package dev.ember.ml.registry.mlflow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ember.ml.core.data.ColumnBuilder;
import dev.ember.ml.core.data.Frame;
import dev.ember.ml.core.runtime.Runtime;
import dev.ember.ml.core.runtime.RuntimeConfig;
import dev.ember.ml.core.tracking.MetricPoint;
import dev.ember.ml.core.tracking.Run;
import dev.ember.ml.core.tracking.RunSpec;
import dev.ember.ml.core.tracking.RunStatus;
import dev.ember.ml.core.tracking.Tracking;
import dev.ember.ml.registry.GradientMean;
import dev.ember.ml.registry.MlflowServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A tracking URI where nothing listens (no MLflow needed): runs start at once with provisional ids, fits are not
 * slowed, and everything lands in the spool, in a form that reads back.
 */
@Timeout(120)
class UnreachableServerTest {
    private static Runtime runtime;

    @BeforeAll
    static void setUp() {
        runtime = Runtime.inProcess(new RuntimeConfig().threads(2));
    }

    @AfterAll
    static void tearDown() {
        runtime.close();
    }

    @AfterEach
    void reset() {
        Tracking.shutdown();
        System.clearProperty("ember.tracking.spool");
    }

    @Test
    void shouldStartRunsAndFitAtOnceAndSpoolEverything(@TempDir Path tmp) throws IOException {
        Path spool = tmp.resolve("spool");
        System.setProperty("ember.tracking.spool", spool.toString());
        String uri = "http://127.0.0.1:" + MlflowServer.freePort();
        Frame frame = Frame.ofColumns(runtime, ColumnBuilder.ofDoubles("x", 1, 2, 3, 4, Double.NaN));
        long t0 = System.nanoTime();
        String id;
        try (Run run = Tracking.newRun().trackingUri(uri).experiment("offline").name("r").start()) {
            id = run.id();
            run.logMetric("nan", Double.NaN, 1);
            new GradientMean().with(GradientMean.MAX_ITER, 3).fit(frame);
        }
        long millis = (System.nanoTime() - t0) / 1_000_000;
        assertTrue(id.startsWith("offline-"), id);
        assertTrue(millis < 3000, "starting, fitting and ending took " + millis + " ms with nothing listening");

        long s0 = System.nanoTime();
        Tracking.shutdown();
        assertTrue((System.nanoTime() - s0) / 1_000_000 < 10_000, "closing does not hang");
        Path file = spool.resolve(id + ".json");
        assertTrue(Files.isRegularFile(file), "spooled to " + file);
        JsonNode json = new ObjectMapper().readTree(file.toFile());
        assertEquals(uri, json.path("trackingUri").asText());
        assertEquals(List.of("create", "data", "input", "upload", "end"), json.path("ops").findValuesAsText("op"));
        assertEquals("training", json.path("ops").get(2).path("datasetInput").path("tags").get(0).path("value")
            .asText(), "the training data is kept as a dataset input");
        String staged = json.path("ops").get(3).path("staged").asText();
        assertTrue(Files.isRegularFile(Path.of(staged).resolve("MLmodel")), "the model is staged in the spool");

        PendingRun back = new Spool(spool).read(file);
        assertEquals(5, back.ops.size());
        assertTrue(back.ended);
        PendingRun.Data data = (PendingRun.Data) back.ops.toArray()[1];
        assertTrue(data.metrics.stream().anyMatch(m -> m.key().equals("nan") && Double.isNaN(m.value())));
        assertEquals("x", data.params.get("col"));
        assertEquals(4, data.metrics.stream().filter(m -> m.key().equals("loss")).count());
    }

    @Test
    void shouldRoundTripEveryOpThroughTheSpoolFormat(@TempDir Path tmp) {
        PendingRun r = new PendingRun("offline-abc", "http://127.0.0.1:1", 42);
        r.ops.add(new PendingRun.Create(new RunSpec("e", null, "n", "offline-parent", Map.of("k", "v"), 7)));
        PendingRun.Data d = new PendingRun.Data();
        d.add(List.of(new MetricPoint("m", Double.POSITIVE_INFINITY, 1, 2), new MetricPoint("m", 0.5, 3, 4)),
            Map.of("p", "1"), Map.of("t", "2"));
        r.ops.add(d);
        r.ops.add(new PendingRun.Upload("/x", "model", true));
        r.ops.add(new PendingRun.End(RunStatus.KILLED, 9));
        Spool spool = new Spool(tmp);
        PendingRun back = spool.read(spool.write(r, null));
        assertEquals(r.toJson(null), back.toJson(null));
        try (Stream<Path> s = Files.list(tmp)) {
            assertEquals(1, s.count(), "no temporary file left");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
