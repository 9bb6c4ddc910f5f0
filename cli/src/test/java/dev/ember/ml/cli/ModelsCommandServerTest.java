package dev.ember.ml.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ember.ml.core.data.ColumnBuilder;
import dev.ember.ml.core.data.Frame;
import dev.ember.ml.core.runtime.Runtime;
import dev.ember.ml.core.runtime.RuntimeConfig;
import dev.ember.ml.core.tracking.Run;
import dev.ember.ml.core.tracking.Tracking;
import dev.ember.ml.registry.GradientMean;
import dev.ember.ml.registry.MlflowServer;
import dev.ember.ml.registry.PythonMlflow;
import dev.ember.ml.registry.SharedMlflowServer;
import dev.ember.ml.testkit.IntegrationTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code ember models ...} against a real MLflow server, checked with MLflow's Python client. */
@IntegrationTest
@Timeout(600)
@ExtendWith(SharedMlflowServer.class)
class ModelsCommandServerTest {
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
        Tracking.setTrackingUri(null);
        System.clearProperty("ember.tracking.spool");
    }

    private static String logRun(String uri) {
        Frame frame = Frame.ofColumns(runtime, ColumnBuilder.ofDoubles("x", 1, 2, 3, 4));
        try (Run run = Tracking.newRun().trackingUri(uri).experiment("cli").name("fit").start()) {
            new GradientMean().fit(frame);
            return run.id();
        }
    }

    @Test
    void shouldRegisterAliasListAndDownloadThroughTheServer(MlflowServer server, @TempDir Path tmp) {
        String runId = logRun(server.uri());
        assertTrue(Tracking.store(server.uri()).flush(60_000));
        Cli reg = Cli.run("models", "register", "runs:/" + runId + "/model", "--name", "cli-means", "--alias",
            "candidate", "--tracking-uri", server.uri());
        assertEquals(0, reg.code(), reg.toString());
        Cli alias = Cli.run("models", "alias", "cli-means", "champion", "1", "--tracking-uri", server.uri());
        assertEquals(0, alias.code(), alias.toString());
        Cli list = Cli.run("models", "list", "--tracking-uri", server.uri());
        assertTrue(list.out().contains("cli-means") && list.out().contains("champion=1"), list.toString());
        Cli versions = Cli.run("models", "list", "cli-means", "--tracking-uri", server.uri());
        assertTrue(versions.out().contains(runId), versions.toString());
        Path out = tmp.resolve("dl");
        Cli dl = Cli.run("models", "download", "models:/cli-means@champion", "-o", out.toString(), "--tracking-uri",
            server.uri());
        assertEquals(0, dl.code(), dl.toString());
        assertTrue(Files.isRegularFile(out.resolve("MLmodel")));

        JsonNode py = PythonMlflow.run(server.uri(), PythonMlflow.READ_RUN, runId, "cli-means", "champion");
        assertEquals("1", py.path("version").path("version").asText());
        assertTrue(py.path("version").path("aliases").toString().contains("candidate"));
        assertTrue(py.path("version").path("aliases").toString().contains("champion"));

        Cli missing = Cli.run("models", "download", "runs:/" + "f".repeat(32) + "/model", "-o",
            tmp.resolve("none").toString(), "--tracking-uri", server.uri());
        assertEquals(1, missing.code(), missing.toString());
        assertTrue(missing.err().contains(server.uri()) && missing.err().contains("404"), missing.toString());
    }

    @Test
    void shouldReplayTheSpoolWithEmberModelsReplay(@TempDir Path tmp) {
        Path spool = tmp.resolve("spool");
        System.setProperty("ember.tracking.spool", spool.toString());
        try (MlflowServer server = MlflowServer.startSqlite(tmp.resolve("server"))) {
            server.stop();
            Frame frame = Frame.ofColumns(runtime, ColumnBuilder.ofDoubles("x", 1, 2, 3, 4));
            String offline;
            try (Run run = Tracking.newRun().trackingUri(server.uri()).experiment("cli").name("offline").start()) {
                offline = run.id();
                new GradientMean().fit(frame);
            }
            Tracking.shutdown();
            Cli listed = Cli.run("models", "replay", "--list", "--spool", spool.toString());
            assertTrue(listed.out().contains(offline), listed.toString());
            Cli down = Cli.run("models", "replay", "--spool", spool.toString(), "--timeout", "3");
            assertEquals(Ember.INCOMPLETE, down.code(), down.toString());
            assertTrue(down.err().contains(offline), down.toString());

            server.start();
            Cli sent = Cli.run("models", "replay", "--spool", spool.toString(), "--tracking-uri", server.uri());
            assertEquals(0, sent.code(), sent.toString());
            assertTrue(sent.out().contains("sent 1 run(s) to " + server.uri()), sent.toString());
            JsonNode found = PythonMlflow.run(server.uri(), """
                import json, sys
                from mlflow import MlflowClient
                c = MlflowClient()
                exp = c.get_experiment_by_name("cli")
                runs = c.search_runs([exp.experiment_id], "tags.`ember.localRunId` = '%s'" % sys.argv[1])
                print(json.dumps([{"status": r.info.status, "params": r.data.params} for r in runs]))
                """, offline);
            assertEquals(1, found.size(), found.toString());
            assertEquals("FINISHED", found.get(0).path("status").asText());
            assertEquals("x", found.get(0).path("params").path("col").asText());
        }
    }
}
