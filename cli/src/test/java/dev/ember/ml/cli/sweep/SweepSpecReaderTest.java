package dev.ember.ml.cli.sweep;

import dev.ember.ml.pipeline.sweep.AshaPruner;
import dev.ember.ml.pipeline.sweep.Direction;
import dev.ember.ml.pipeline.sweep.Distribution;
import dev.ember.ml.testkit.TestData;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A sweep file validates before any compute; each bad key is reported with its path, what was found and line. */
class SweepSpecReaderTest {
    private static final Path DIR = TestData.dataset("breast_cancer.csv").getParent();
    private static final String GOOD = """
        name: t
        data:
          path: breast_cancer.csv
          options: {header: true}
          split: {trainRatio: 0.75}
        pipeline:
          - stage: StringIndexer
            params: {inputCol: diagnosis, outputCol: label}
          - stage: VectorAssembler
            params: {inputCols: [mean_radius, mean_texture], outputCol: features}
          - stage: LogisticRegression
            name: lr
            params: {maxIter: 50}
        space:
          lr.regParam: {type: loguniform, low: 1.0e-4, high: 1.0}
          lr.elasticNetParam: {type: uniform, low: 0.0, high: 1.0}
        strategy: {type: tpe, startupTrials: 5}
        earlyStopping: {type: asha, minResource: 2, reductionFactor: 3}
        objective: {metric: areaUnderROC}
        budget: {trials: 30, wallTime: 10m, maxFailedTrials: 2}
        parallel: 2
        seed: 9
        """;

    private static SweepSpec parse(String yaml) {
        return SweepSpecReader.parse(yaml, DIR, null);
    }

    private static String problem(String yaml) {
        SweepSpecException e = assertThrows(SweepSpecException.class, () -> parse(yaml));
        System.err.println(e.getMessage());
        return e.getMessage();
    }

    @Test
    void shouldReadAValidFile() {
        SweepSpec s = parse(GOOD);
        assertEquals("t", s.name());
        assertEquals(3, s.pipeline().size());
        assertEquals("stringIndexer", s.pipeline().get(0).name());
        assertInstanceOf(Distribution.LogUniform.class, s.space().param("lr.regParam").distribution());
        AshaPruner asha = assertInstanceOf(AshaPruner.class, s.pruner());
        assertEquals(50, asha.maxResource());
        assertEquals(Direction.MAXIMIZE, s.objective().direction());
        assertEquals(Duration.ofMinutes(10), s.budget().maxWallTime());
        assertEquals(2, s.parallel());
        assertEquals(0.75, s.data().trainRatio());
        assertTrue(s.journal().endsWith(Path.of(".ember", "sweeps", "t.journal")));
    }

    @Test
    void shouldNameKeyPathFoundExpectedAndLineForABadBound() {
        String msg = problem(GOOD.replace("low: 1.0e-4", "low: -1"));
        assertEquals("space.lr.regParam.low: found -1, expected > 0 for loguniform (line 15)", msg);
    }

    @Test
    void shouldSuggestTheNearestStageAndParam() {
        String typo = problem(GOOD.replace("stage: LogisticRegression", "stage: LogisticRegresion"));
        assertEquals(1, typo.lines().count(), "no follow-on errors: " + typo);
        assertTrue(typo.contains("pipeline[2].stage: found \"LogisticRegresion\", expected a registered stage (did you mean "
                + "LogisticRegression"), "stage");
        assertTrue(problem(GOOD.replace("lr.regParam:", "lr.regParm:"))
            .contains("space.lr.regParm: LogisticRegression has no param \"regParm\" (did you mean regParam"),
            "space param");
        assertTrue(problem(GOOD.replace("params: {maxIter: 50}", "params: {maxIters: 50}"))
            .contains("(did you mean maxIter"), "fixed param");
        assertTrue(problem(GOOD.replace("lr.regParam:", "logreg.regParam:"))
            .contains("no stage named \"logreg\" in the pipeline"), "stage name");
        assertTrue(problem(GOOD.replace("strategy:", "stratgy:")).contains("stratgy: unknown key (did you mean "
            + "strategy?) (line 17)"), "top-level key");
    }

    @Test
    void shouldReportABadValueForEveryKey() {
        String[][] cases = {
            {"path: breast_cancer.csv", "path: missing.csv", "data.path: found \"missing.csv\", expected an existing"},
            {"split: {trainRatio: 0.75}", "split: {trainRatio: 1.5}", "data.split.trainRatio: found 1.5"},
            {"split: {trainRatio: 0.75}", "split: {trainRatio: 0.7, folds: 3}", "data.split: found"},
            {"params: {maxIter: 50}", "params: {maxIter: -5}", "pipeline[2].params.maxIter: found -5, expected int"},
            {"type: uniform, low: 0.0, high: 1.0", "type: uniform, low: 0.0, high: 2.0",
                "space.lr.elasticNetParam.high: found 2.0, expected a valid elasticNetParam"},
            {"type: uniform, low: 0.0, high: 1.0", "type: normal, low: 0.0, high: 1.0",
                "space.lr.elasticNetParam.type: found \"normal\""},
            {"type: uniform, low: 0.0, high: 1.0", "type: int, low: 0, high: 1",
                "space.lr.elasticNetParam.type: found \"int\", expected uniform, loguniform or choice"},
            {"strategy: {type: tpe, startupTrials: 5}", "strategy: {type: bayes}", "strategy.type: found \"bayes\""},
            {"strategy: {type: tpe, startupTrials: 5}", "strategy: {type: tpe, startupTrials: 0}",
                "strategy.startupTrials: found 0, expected an integer >= 1"},
            {"minResource: 2", "minResource: 0", "earlyStopping.minResource: found 0"},
            {"reductionFactor: 3", "reductionFactor: 1", "earlyStopping.reductionFactor: found 1"},
            {"type: asha", "type: hyperband", "earlyStopping.type: found \"hyperband\""},
            {"metric: areaUnderROC", "metric: auc", "objective.metric: found \"auc\", expected an evaluator metric"},
            {"objective: {metric: areaUnderROC}", "objective: {metric: rmse, direction: sideways}",
                "objective.direction: found \"sideways\""},
            {"trials: 30", "trials: 0", "budget.trials: found 0, expected an integer >= 1"},
            {"wallTime: 10m", "wallTime: soon", "budget.wallTime: found \"soon\", expected a positive duration"},
            {"maxFailedTrials: 2", "maxFailedTrials: -1", "budget.maxFailedTrials: found -1"},
            {"parallel: 2", "parallel: 0", "parallel: found 0, expected an integer >= 1"},
            {"seed: 9", "seed: abc", "seed: found \"abc\", expected an integer"},
        };
        for (String[] c : cases) {
            assertTrue(GOOD.contains(c[0]), c[0]);
            String msg = problem(GOOD.replace(c[0], c[1]));
            assertTrue(msg.contains(c[2]) && msg.contains("(line "), c[1] + " -> " + msg);
        }
    }

    @Test
    void shouldValidateConditions() {
        String conditional = GOOD.replace("  lr.elasticNetParam: {type: uniform, low: 0.0, high: 1.0}",
            "  penalty: {type: choice, values: [l2, elasticnet]}\n"
                + "  lr.elasticNetParam: {type: uniform, low: 0.0, high: 1.0, when: {penalty: elasticnet}}");
        assertEquals("penalty", parse(conditional).space().param("lr.elasticNetParam").parent());
        String msg = problem(conditional.replace("when: {penalty: elasticnet}", "when: {penalty: lasso}"));
        assertTrue(msg.contains("space.lr.elasticNetParam.when: found lasso, expected one of [l2, elasticnet]"), msg);
    }

    @Test
    void shouldReportEveryProblemAtOnceAndBadYaml() {
        String msg = problem(GOOD.replace("trials: 30", "trials: 0").replace("parallel: 2", "parallel: 0"));
        assertEquals(2, msg.lines().count(), msg);
        assertTrue(problem("name: [unclosed").startsWith("not valid YAML"));
        assertTrue(problem("name: x\n").contains("data: missing"));
    }
}
