package dev.ember.ml.examples;

import dev.ember.ml.pipeline.sweep.SweepResult;
import dev.ember.ml.pipeline.sweep.TrialState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The docs' sweep example runs and finds Branin's minimum region; its journal resumes to the same result. */
class SweepExampleTest {
    @Test
    void shouldFindBraninsMinimumRegionAndResumeFromTheJournal(@TempDir Path tmp) {
        Path journal = tmp.resolve("branin.journal");
        SweepResult first = SweepExample.run(journal, 60);
        // Branin spans 0.4..308 on this box; the curve adds 5/27 at the last step
        assertTrue(first.best().orElseThrow().value() < 2.5, first.best().toString());
        assertTrue(first.count(TrialState.PRUNED) > 20, "ASHA pruned " + first.count(TrialState.PRUNED));
        SweepResult more = SweepExample.run(journal, 80);
        assertEquals(20, more.trialsThisRun());
        assertEquals(80, more.trials().size());
        assertEquals(first.trials().subList(0, 60), more.trials().subList(0, 60));
    }
}
