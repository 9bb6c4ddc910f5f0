package dev.ember.ml.cli;

import dev.ember.ml.pipeline.sweep.SweepJournal;
import dev.ember.ml.pipeline.sweep.TrialRecord;
import dev.ember.ml.pipeline.sweep.TrialState;
import dev.ember.ml.testkit.SlowTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Parallel trials on a {@code local-cluster[2]} (two executor JVMs) score as on the in-process runtime. */
@SlowTest
@Timeout(300)
class SweepClusterTest {
    @TempDir
    Path tmp;

    @Test
    void shouldRunParallelTrialsOnALocalClusterWithTheInProcessScores() {
        String file = SweepCommandTest.EXAMPLES.resolve("random.yaml").toString();
        Path local = tmp.resolve("local.journal");
        Path cluster = tmp.resolve("cluster.journal");
        Cli a = Cli.run("sweep", file, "--no-tracking", "--parallel", "2", "--journal", local.toString());
        assertEquals(0, a.code(), a.toString());
        Cli b = Cli.run("sweep", file, "--no-tracking", "--parallel", "2", "--master", "local-cluster[2]",
            "--journal", cluster.toString());
        assertEquals(0, b.code(), b.toString());
        List<TrialRecord> ta = SweepJournal.read(local).trials();
        List<TrialRecord> tb = SweepJournal.read(cluster).trials();
        assertEquals(12, tb.size());
        assertTrue(tb.stream().allMatch(t -> t.state() == TrialState.COMPLETE), tb.toString());
        for (int i = 0; i < 12; i++) {
            assertEquals(ta.get(i).params(), tb.get(i).params());
            assertEquals(ta.get(i).value(), tb.get(i).value(), 1e-6, "trial " + i);
        }
    }
}
