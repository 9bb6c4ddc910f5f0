package dev.ember.ml.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ember.ml.cli.sweep.SweepRunsFile;
import dev.ember.ml.core.tracking.Tracking;
import dev.ember.ml.pipeline.sweep.SweepJournal;
import dev.ember.ml.pipeline.sweep.TrialRecord;
import dev.ember.ml.pipeline.sweep.TrialState;
import dev.ember.ml.registry.MlflowServer;
import dev.ember.ml.registry.PythonMlflow;
import dev.ember.ml.registry.SharedMlflowServer;
import dev.ember.ml.testkit.IntegrationTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code ember sweep --resume} continues the sweep's MLflow parent run, on a real MLflow server and in the embedded
 * {@code ./mlruns} file store, read back with MLflow's Python client: the sweep is stopped after 4 trials with its
 * last trial cut off the journal as if the process had been killed while it ran (so that trial runs again), resumed
 * with a budget of 7, and must end as one parent run, FINISHED, with 7 child runs (one per trial, the re-run trial
 * reopening its own), and the best trial's metric and params on the parent.
 */
@IntegrationTest
@Timeout(600)
@ExtendWith(SharedMlflowServer.class)
class SweepResumeTrackingTest {
    private static final String READ = """
        import json, sys
        from mlflow import MlflowClient
        c = MlflowClient()
        exp = c.get_experiment_by_name(sys.argv[1])
        out = []
        for r in c.search_runs([exp.experiment_id], max_results=200, run_view_type=3):
            out.append({"id": r.info.run_id, "name": r.info.run_name, "status": r.info.status,
                        "end": r.info.end_time, "stage": r.info.lifecycle_stage, "tags": r.data.tags,
                        "metrics": r.data.metrics, "params": r.data.params})
        print(json.dumps(out))
        """;

    @TempDir
    Path tmp;

    @BeforeEach
    void patientTracking() {
        // a loaded CI machine's MLflow server takes seconds per trial (each logs its pipeline model): the sweep waits
        // for everything to be sent (the default 10 s would spool the rest, to be sent by a later process)
        System.setProperty("ember.tracking.flushTimeoutMillis", "180000");
        System.setProperty("ember.tracking.spool", tmp.resolve("spool").toString());
    }

    @AfterEach
    void reset() {
        Tracking.shutdown();
        Tracking.setTrackingUri(null);
        System.clearProperty("ember.tracking.flushTimeoutMillis");
        System.clearProperty("ember.tracking.spool");
    }

    @Test
    void shouldContinueTheParentRunOnTheServer(MlflowServer server) throws Exception {
        resumeIntoOneParent(server.uri(), "resume-server-" + System.nanoTime());
    }

    @Test
    void shouldContinueTheParentRunInTheFileStoreAndExplainWhatItCannot() throws Exception {
        Path store = Files.createDirectories(tmp.resolve("mlruns"));
        String experiment = "resume-file";
        Path file = resumeIntoOneParent(store.toString(), experiment);
        Path journal = tmp.resolve("sweep.journal");

        // another tracking URI: refused before any compute, naming both stores
        Path other = Files.createDirectories(tmp.resolve("other-mlruns"));
        Cli elsewhere = Cli.run("sweep", file.toString(), "--resume", "--journal", journal.toString(),
            "--tracking-uri", other.toString());
        assertEquals(2, elsewhere.code(), elsewhere.toString());
        assertTrue(elsewhere.err().contains(store.toAbsolutePath().toString())
            && elsewhere.err().contains(other.toAbsolutePath().toString())
            && elsewhere.err().contains("--new-parent-run"), elsewhere.err());

        // the parent run deleted: a clear error, the journal untouched
        String parentId = SweepRunsFile.read(journal).orElseThrow().parentRunId();
        PythonMlflow.run(store.toUri().toString(), "import sys, json\nfrom mlflow import MlflowClient\n"
            + "MlflowClient().delete_run(sys.argv[1])\nprint(json.dumps({}))\n", parentId);
        long journalSize = Files.size(journal);
        Cli deleted = Cli.run("sweep", file.toString(), "--resume", "--journal", journal.toString(),
            "--tracking-uri", store.toString());
        assertEquals(2, deleted.code(), deleted.toString());
        assertTrue(deleted.err().contains(parentId) && deleted.err().contains("deleted"), deleted.err());
        assertEquals(journalSize, Files.size(journal));

        // a journal from an Ember that did not record its parent run: a warning, then a new parent run
        Files.delete(SweepRunsFile.pathFor(journal));
        Cli old = Cli.run("sweep", file.toString(), "--resume", "--journal", journal.toString(),
            "--tracking-uri", store.toString());
        assertEquals(0, old.code(), old.toString());
        assertTrue(old.err().contains("records no MLflow parent run") && old.err().contains("7 finished trial(s)"),
            old.err());
        String newParent = SweepRunsFile.read(journal).orElseThrow().parentRunId();
        assertTrue(!newParent.equals(parentId), newParent);
    }

    /** Runs 4 trials, cuts the last one's end off the journal, resumes to 7; checks and returns the sweep file. */
    private Path resumeIntoOneParent(String uri, String experiment) throws Exception {
        Path data = SweepCommandTest.EXAMPLES.resolve("../data/breast_cancer.csv").normalize();
        String yaml = Files.readString(SweepCommandTest.EXAMPLES.resolve("random.yaml"))
            .replace("../data/breast_cancer.csv", data.toString())
            .replace("parallel: 2 ", "parallel: 1 ")
            + "tracking: {experiment: " + experiment + ", parentRun: resume-parent}\n";
        Path file = tmp.resolve("sweep.yaml");
        Path journal = tmp.resolve("sweep.journal");
        Files.writeString(file, yaml.replace("budget: {trials: 12,", "budget: {trials: 4,"));
        Cli first = Cli.run("sweep", file.toString(), "--journal", journal.toString(), "--tracking-uri", uri);
        assertEquals(0, first.code(), first.toString());
        String parentId = SweepRunsFile.read(journal).orElseThrow().parentRunId();

        // as if killed while the last trial ran: its "finished" event never reached the journal
        List<String> lines = Files.readAllLines(journal);
        String last = lines.get(lines.size() - 1);
        assertTrue(last.contains("\"finished\"") && last.contains("\"trial\":3"), last);
        Files.write(journal, lines.subList(0, lines.size() - 1));

        Files.writeString(file, yaml.replace("budget: {trials: 12,", "budget: {trials: 7,"));
        Reset.tracking();
        Cli resumed = Cli.run("sweep", file.toString(), "--resume", "--journal", journal.toString(),
            "--tracking-uri", uri);
        assertEquals(0, resumed.code(), resumed.toString());
        assertTrue(resumed.out().contains("continuing MLflow parent run " + parentId), resumed.out());

        List<TrialRecord> trials = SweepJournal.read(journal).trials();
        assertEquals(7, trials.size(), trials.toString());
        TrialRecord best = trials.stream().filter(t -> t.state() == TrialState.COMPLETE)
            .max((a, b) -> Double.compare(a.value(), b.value())).orElseThrow();

        String pyUri = uri.startsWith("http") ? uri : Path.of(uri).toUri().toString();
        JsonNode runs = PythonMlflow.run(pyUri, READ, experiment);
        JsonNode parent = null;
        int parents = 0;
        for (JsonNode r : runs) {
            if (r.path("name").asText().equals("resume-parent")) {
                parents++;
                parent = r;
            }
        }
        assertEquals(1, parents, runs.toString());
        assertEquals(parentId, parent.path("id").asText());
        assertEquals("FINISHED", parent.path("status").asText(), parent.toString());
        assertEquals(best.value(), parent.path("metrics").path("best_areaUnderROC").asDouble(), 1e-12);
        assertEquals(Integer.toString(best.number()), parent.path("tags").path("ember.sweep.bestTrial").asText());
        assertEquals(String.valueOf(best.params().get("lr.regParam")),
            parent.path("tags").path("best.lr.regParam").asText());
        assertEquals(7.0, parent.path("metrics").path("trials_total").asDouble(), parent.toString());
        Set<String> trialNumbers = new HashSet<>();
        long lastChildEnd = 0;
        int children = 0;
        for (JsonNode r : runs) {
            if (!parentId.equals(r.path("tags").path("mlflow.parentRunId").asText())) {
                continue;
            }
            children++;
            assertTrue(trialNumbers.add(r.path("tags").path("ember.sweep.trial").asText()), "duplicate " + r);
            assertEquals("FINISHED", r.path("status").asText(), r.toString());
            assertEquals("COMPLETE", r.path("tags").path("ember.sweep.state").asText(), r.toString());
            lastChildEnd = Math.max(lastChildEnd, r.path("end").asLong());
            if (r.path("tags").path("ember.sweep.trial").asText().equals("3")) {
                assertEquals("true", r.path("tags").path("ember.sweep.rerun").asText(), "trial 3 reopened: " + r);
            }
        }
        assertEquals(7, children, runs.toString());
        assertEquals(Set.of("0", "1", "2", "3", "4", "5", "6"), trialNumbers);
        assertTrue(parent.path("end").asLong() >= lastChildEnd, parent + " ended before its last trial");
        assertTrue(Files.readString(SweepRunsFile.pathFor(journal)).contains(parentId));
        return file;
    }

    /** The CLI sets the process-wide tracking URI; each run starts from none, as a new process would. */
    private static final class Reset {
        static void tracking() {
            Tracking.shutdown();
            Tracking.setTrackingUri(null);
        }
    }
}
