package dev.ember.ml.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ember.ml.pipeline.sweep.SweepJournal;
import dev.ember.ml.pipeline.sweep.TrialRecord;
import dev.ember.ml.pipeline.sweep.TrialState;
import dev.ember.ml.testkit.TestData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code ember sweep} and {@code ember train} on the example files of examples/sweeps (which docs/Sweeps.md shows). */
@Timeout(300)
class SweepCommandTest {
    static final Path EXAMPLES = TestData.repoRoot().resolve("examples/sweeps");

    @TempDir
    Path tmp;

    private Cli sweep(String example, String... extra) {
        List<String> args = new java.util.ArrayList<>(List.of("sweep", EXAMPLES.resolve(example).toString(),
            "--journal", tmp.resolve(example + ".journal").toString(), "--no-tracking"));
        args.addAll(List.of(extra));
        return Cli.run(args.toArray(String[]::new));
    }

    private List<TrialRecord> trials(String example) {
        return SweepJournal.read(tmp.resolve(example + ".journal")).trials();
    }

    @Test
    void shouldRunEveryGridSettingOnceOverThreeFolds() {
        Cli c = sweep("grid.yaml");
        assertEquals(0, c.code(), c.toString());
        List<TrialRecord> t = trials("grid.yaml");
        assertEquals(8, t.size());
        assertEquals(8, t.stream().map(TrialRecord::params).distinct().count());
        assertTrue(t.stream().allMatch(r -> r.state() == TrialState.COMPLETE), t.toString());
        // regParam 1 with elasticNet 0.5 zeroes every coefficient (AUC 0.5); the others separate the classes
        assertEquals(7, t.stream().filter(r -> r.value() > 0.95).count(), t.toString());
        assertTrue(c.out().contains("TRIALS after 8 trials"), c.out());
    }

    @Test
    void shouldRunRandomTrialsInParallelAndReport() throws Exception {
        Cli c = sweep("random.yaml");
        assertEquals(0, c.code(), c.toString());
        assertEquals(12, trials("random.yaml").size());
        String journal = tmp.resolve("random.yaml.journal").toString();
        Cli status = Cli.run("sweep", "status", journal, "--format", "json");
        JsonNode s = new ObjectMapper().readTree(status.out());
        assertEquals(12, s.path("complete").asInt(), status.toString());
        assertTrue(s.path("bestValue").asDouble() > 0.98, status.toString());
        Cli best = Cli.run("sweep", "best", journal, "--format", "csv");
        assertTrue(best.out().startsWith("trial,state,value,step,seconds,lr.regParam,lr.elasticNetParam\n"),
            best.toString());
        Cli all = Cli.run("sweep", "trials", journal);
        assertEquals(13, all.out().lines().count(), all.toString());
        Cli stop = Cli.run("sweep", "stop", journal);
        assertEquals(0, stop.code());
        assertTrue(Files.exists(Path.of(journal + ".stop")));
        assertTrue(Cli.run("sweep", "status", journal).out().contains("(stop requested)"));
    }

    @Test
    void shouldSearchTheConditionalParamOnlyForItsBranchWhenTpe() throws Exception {
        Cli c = sweep("tpe.yaml");
        assertEquals(0, c.code(), c.toString());
        List<TrialRecord> t = trials("tpe.yaml");
        assertEquals(20, t.size());
        for (TrialRecord r : t) {
            assertEquals("elasticnet".equals(r.params().get("penalty")), r.params().containsKey("lr.elasticNetParam"),
                r.toString());
        }
        for (String png : List.of("optimization_history.png", "parallel_coordinates.png", "param_importances.png")) {
            assertTrue(Files.size(tmp.resolve("bc-tpe-plots").resolve(png)) > 5_000, png);
        }
        // resuming a finished sweep runs nothing new
        Cli again = sweep("tpe.yaml", "--resume");
        assertEquals(0, again.code(), again.toString());
        assertTrue(again.out().contains("20 already finished"), again.out());
        assertEquals(20, trials("tpe.yaml").size());
    }

    @Test
    void shouldStopTrialsAtRungsWhenAsha() {
        Cli c = sweep("asha.yaml");
        assertEquals(0, c.code(), c.toString());
        List<TrialRecord> t = trials("asha.yaml");
        long pruned = t.stream().filter(r -> r.state() == TrialState.PRUNED).count();
        assertTrue(pruned >= 9, "pruned " + pruned + " of " + t.size());
        assertTrue(t.stream().filter(r -> r.state() == TrialState.PRUNED)
            .allMatch(r -> List.of(3, 9, 27).contains(r.lastStep())), t.toString());
        assertTrue(t.stream().allMatch(r -> r.intermediates().containsKey(3)), "every trial reports at rung 0");
        assertTrue(c.out().contains("PRUNED areaUnderROC="), c.out());
    }

    @Test
    void shouldStopBoostedTreeTrialsAfterTheTreesOfTheirRung() throws Exception {
        // the resource is trees: a GBT trial reports its partial ensemble's metric after 1 and 3 trees (ASHA's
        // rungs) and a pruned trial stops adding trees there
        Path data = EXAMPLES.resolve("../data/breast_cancer.csv").normalize();
        String yaml = Files.readString(EXAMPLES.resolve("asha.yaml"))
            .replace("../data/breast_cancer.csv", data.toString())
            .replace("  - stage: LogisticRegression\n    name: lr\n    params: {maxIter: 81}",
                "  - stage: GBTClassifier\n    name: gbt\n    params: {maxIter: 9}")
            .replace("  lr.regParam: {type: loguniform, low: 1.0e-5, high: 1.0}\n"
                    + "  lr.elasticNetParam: {type: uniform, low: 0.0, high: 1.0}",
                "  gbt.stepSize: {type: loguniform, low: 0.001, high: 0.5}\n"
                    + "  gbt.maxDepth: {type: int, low: 1, high: 5}")
            .replace("minResource: 3", "minResource: 1").replace("maxResource: 81", "maxResource: 9")
            .replace("budget: {trials: 18}", "budget: {trials: 8}");
        assertTrue(yaml.contains("GBTClassifier") && yaml.contains("gbt.stepSize"), yaml);
        Path file = tmp.resolve("asha-gbt.yaml");
        Files.writeString(file, yaml);
        Path journal = tmp.resolve("asha-gbt.journal");
        Cli c = Cli.run("sweep", file.toString(), "--journal", journal.toString(), "--no-tracking");
        assertEquals(0, c.code(), c.toString());
        List<TrialRecord> t = SweepJournal.read(journal).trials();
        assertEquals(8, t.size());
        assertTrue(t.stream().allMatch(r -> r.intermediates().containsKey(1)), "every trial reports after 1 tree: " + t);
        long pruned = t.stream().filter(r -> r.state() == TrialState.PRUNED).count();
        assertTrue(pruned >= 3, "pruned " + pruned + ": " + t);
        assertTrue(t.stream().filter(r -> r.state() == TrialState.PRUNED)
            .allMatch(r -> List.of(1, 3).contains(r.lastStep())), t.toString());
    }

    @Test
    void shouldStopTrialsBelowTheMedianWhenMedian() {
        Cli c = sweep("median.yaml");
        assertEquals(0, c.code(), c.toString());
        List<TrialRecord> t = trials("median.yaml");
        assertEquals(15, t.size());
        assertTrue(t.stream().filter(r -> r.state() == TrialState.PRUNED).allMatch(r -> r.lastStep() >= 10),
            t.toString());
        assertTrue(t.stream().allMatch(r -> r.intermediates().size() >= 1), "trials report every 5 iterations");
    }

    @Test
    void shouldExitTwoOnABadFileAndThreeWhenTrackingIsUnreachable() throws Exception {
        Path bad = tmp.resolve("bad.yaml");
        Files.writeString(bad, Files.readString(EXAMPLES.resolve("random.yaml"))
            .replace("../data/breast_cancer.csv", EXAMPLES.resolve("../data/breast_cancer.csv").toString())
            .replace("type: loguniform, low: 1.0e-4", "type: loguniform, low: -1"));
        Cli c = Cli.run("sweep", bad.toString());
        assertEquals(SweepCommand.BAD_SPEC, c.code(), c.toString());
        assertTrue(c.err().contains("space.lr.regParam.low: found -1, expected > 0 for loguniform (line"), c.err());
        Cli noResume = Cli.run("sweep", EXAMPLES.resolve("random.yaml").toString(), "--resume", "--journal",
            tmp.resolve("none.journal").toString());
        assertEquals(SweepCommand.BAD_SPEC, noResume.code(), noResume.toString());
        Cli down = Cli.run("sweep", EXAMPLES.resolve("tpe.yaml").toString(), "--journal",
            tmp.resolve("down.journal").toString(), "--tracking-uri", "http://127.0.0.1:9");
        assertEquals(SweepCommand.TRACKING_UNREACHABLE, down.code(), down.toString());
        assertTrue(!Files.exists(tmp.resolve("down.journal")), "nothing ran");
        Cli help = Cli.run("sweep", "--help");
        assertTrue(help.out().matches("(?s).*Exit codes:.*130\\s+interrupted.*") && help.out().contains("ember sweep status"),
            help.toString());
    }

    @Test
    void shouldTrainOnePipeline() {
        Cli c = Cli.run("train", EXAMPLES.resolve("train.yaml").toString(), "--output", tmp.resolve("m").toString());
        assertEquals(0, c.code(), c.toString());
        assertTrue(c.out().contains("validation areaUnderROC = 0.9"), c.out());
        assertTrue(Files.isDirectory(tmp.resolve("m")));
    }
}
