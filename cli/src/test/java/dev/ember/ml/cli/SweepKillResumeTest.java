package dev.ember.ml.cli;

import dev.ember.ml.pipeline.sweep.SweepJournal;
import dev.ember.ml.pipeline.sweep.TrialRecord;
import dev.ember.ml.pipeline.sweep.TrialState;
import dev.ember.ml.testkit.SlowTest;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Crash safety: a child JVM runs {@code ember sweep examples/sweeps/tpe.yaml}, is killed with SIGKILL mid-sweep,
 * and {@code --resume} finishes it; the trials (numbers, settings, values) are those of an uninterrupted sweep
 * with the same seed.
 */
@SlowTest
@Timeout(180)
class SweepKillResumeTest {
    @TempDir
    Path tmp;

    @Test
    void shouldEndWithTheSameTrialsAsAnUninterruptedSweepWhenKilledAndResumed() throws Exception {
        String file = SweepCommandTest.EXAMPLES.resolve("tpe.yaml").toString();
        Path whole = tmp.resolve("whole.journal");
        Cli uninterrupted = Cli.run("sweep", file, "--no-tracking", "--parallel", "1", "--journal", whole.toString());
        assertEquals(0, uninterrupted.code(), uninterrupted.toString());

        Path killed = tmp.resolve("killed.journal");
        List<String> cmd = childCommand(file, killed);
        Process child = new ProcessBuilder(cmd).redirectErrorStream(true)
            .redirectOutput(tmp.resolve("child.log").toFile()).start();
        int finishedAtKill = 0;
        long deadline = System.currentTimeMillis() + 120_000;
        while (System.currentTimeMillis() < deadline && child.isAlive()) {
            finishedAtKill = Files.exists(killed) ? count(killed, "\"event\":\"finished\"") : 0;
            if (finishedAtKill >= 6) {
                break;
            }
            Thread.sleep(10);
        }
        child.destroyForcibly(); // SIGKILL
        child.waitFor();
        finishedAtKill = count(killed, "\"event\":\"finished\"");
        System.err.println("killed after " + finishedAtKill + " finished trials; child log:\n"
            + Files.readString(tmp.resolve("child.log")));
        assertTrue(finishedAtKill >= 6 && finishedAtKill < 20, "killed mid-sweep: " + finishedAtKill);

        Cli resumed = Cli.run("sweep", file, "--no-tracking", "--parallel", "1", "--resume", "--journal",
            killed.toString());
        assertEquals(0, resumed.code(), resumed.toString());
        assertTrue(resumed.out().contains(finishedAtKill + " already finished"), resumed.out());

        List<TrialRecord> a = SweepJournal.read(whole).trials();
        List<TrialRecord> b = SweepJournal.read(killed).trials();
        assertEquals(20, b.size());
        assertTrue(b.stream().allMatch(t -> t.state() == TrialState.COMPLETE), b.toString());
        List<Map<String, Object>> pa = a.stream().map(TrialRecord::params).toList();
        List<Map<String, Object>> pb = b.stream().map(TrialRecord::params).toList();
        assertEquals(pa, pb);
        assertEquals(a.stream().map(TrialRecord::value).toList(), b.stream().map(TrialRecord::value).toList());
    }

    @Test
    void shouldExit130AndLoseNothingWhenInterruptedWithCtrlC() throws Exception {
        // a JVM started with SIGINT ignored (a background job of a non-interactive shell) cannot install its
        // handler, and the child inherits that: Ctrl-C cannot reach it, so there is nothing to test here
        Assumptions.assumeFalse(sigintIgnored(), "SIGINT is ignored in this process (SigIgn in /proc/self/status),"
            + " so a child JVM cannot catch it: run the tests from a shell that does not ignore it");
        // the example's 20 trials take about 1 s: a budget of LONG_BUDGET trials leaves the signal time to land
        String file = longSweep().toString();
        Path journal = tmp.resolve("sigint.journal");
        Process child = new ProcessBuilder(childCommand(file, journal)).redirectErrorStream(true)
            .redirectOutput(tmp.resolve("sigint.log").toFile()).start();
        long deadline = System.currentTimeMillis() + 120_000;
        while (System.currentTimeMillis() < deadline && child.isAlive()
            && !(Files.exists(journal) && count(journal, "\"event\":\"finished\"") >= 4)) {
            Thread.sleep(10);
        }
        new ProcessBuilder("kill", "-INT", Long.toString(child.pid())).start().waitFor();
        assertEquals(130, child.waitFor(), Files.readString(tmp.resolve("sigint.log")));
        SweepJournal.Contents c = SweepJournal.read(journal);
        assertTrue(c.trials().size() < LONG_BUDGET, "stopped early: " + c.trials().size());
        assertTrue(c.trials().stream().noneMatch(t -> t.state() == TrialState.RUNNING),
            "every started trial has an end in the journal: " + c.trials());
        Cli resumed = Cli.run("sweep", file, "--no-tracking", "--parallel", "1", "--resume", "--journal",
            journal.toString());
        assertEquals(0, resumed.code(), resumed.toString());
        assertEquals(LONG_BUDGET, SweepJournal.read(journal).trials().stream()
            .filter(t -> t.state() == TrialState.COMPLETE).count());
    }

    /** @return whether this process ignores SIGINT (Linux; false where /proc is not there) */
    private static boolean sigintIgnored() throws java.io.IOException {
        Path status = Path.of("/proc/self/status");
        if (!Files.exists(status)) {
            return false;
        }
        for (String line : Files.readAllLines(status)) {
            if (line.startsWith("SigIgn:")) {
                long mask = Long.parseUnsignedLong(line.substring("SigIgn:".length()).trim(), 16);
                return (mask & (1L << (2 - 1))) != 0;
            }
        }
        return false;
    }

    /** Trials in {@link #longSweep()}. */
    private static final int LONG_BUDGET = 200;

    /** The TPE example with a budget of {@link #LONG_BUDGET} trials, written next to the test's files. */
    private Path longSweep() throws java.io.IOException {
        Path example = SweepCommandTest.EXAMPLES.resolve("tpe.yaml");
        String text = Files.readString(example);
        String budget = "budget: {trials: 20,";
        String data = "path: ../data/breast_cancer.csv";
        assertTrue(text.contains(budget) && text.contains(data), "tpe.yaml changed: update longSweep()");
        Path csv = SweepCommandTest.EXAMPLES.resolve("../data/breast_cancer.csv").normalize().toAbsolutePath();
        Path out = tmp.resolve("tpe-long.yaml");
        Files.writeString(out, text.replace(budget, "budget: {trials: " + LONG_BUDGET + ",")
            .replace(data, "path: " + csv));
        return out;
    }

    private static List<String> childCommand(String file, Path journal) {
        return new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-Xmx512m", "--add-modules", "jdk.incubator.vector", "-cp", System.getProperty("java.class.path"),
            Ember.class.getName(), "sweep", file, "--no-tracking", "--parallel", "1", "--journal",
            journal.toString()));
    }

    private static int count(Path file, String needle) throws java.io.IOException {
        return (int) Files.readAllLines(file).stream().filter(l -> l.contains(needle)).count();
    }
}
