package dev.ember.ml.algo.tree;

import dev.ember.ml.algo.evaluation.BinaryClassificationEvaluator;
import dev.ember.ml.algo.evaluation.RegressionEvaluator;
import dev.ember.ml.algo.regression.LinearRegression;
import dev.ember.ml.algo.regression.LinearRegressionModel;
import dev.ember.ml.core.Estimator;
import dev.ember.ml.core.FitMonitor;
import dev.ember.ml.core.Model;
import dev.ember.ml.core.data.Frame;
import dev.ember.ml.core.runtime.Runtime;
import dev.ember.ml.core.runtime.RuntimeConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;
import java.util.function.ToDoubleFunction;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Mid-fit reporting beyond logistic regression (see FitMonitorTest): linear regression's L-BFGS and OWL-QN
 * iterations and the boosted trees' trees. A monitor that throws at step k (a pruned sweep trial) ends the fit
 * there, and the model it was handed at step k scores exactly as a model fitted separately with maxIter = k.
 * Data: diabetes (regression) and breast cancer (classification), the reference split, 3 partitions.
 */
class FitMonitorIterativeFitsTest {
    private static Runtime runtime;
    private static Frame[] diabetes;
    private static Frame[] cancer;

    @BeforeAll
    static void setUp() {
        runtime = Runtime.inProcess(new RuntimeConfig().threads(2));
        diabetes = TreeFixtures.split(runtime, "diabetes.csv", "progression", 3, "double");
        cancer = TreeFixtures.split(runtime, "breast_cancer.csv", "diagnosis", 3, "double");
    }

    @AfterAll
    static void tearDown() {
        runtime.close();
    }

    /** Thrown by the monitor to stop a fit, as a sweep's TrialPruned is. */
    private static final class Pruned extends RuntimeException {
        Pruned(int step) {
            super("pruned at " + step);
        }
    }

    /**
     * Fits with a monitor that scores the model it is handed at every step and throws at {@code stopAt}; checks
     * the fit saw steps 1..stopAt and no more, and that the step's score equals a separate fit's of that many steps.
     */
    private static void assertPrunedAtStepScoresAsAShorterFit(Estimator<?> full, IntFunction<Estimator<?>> withSteps,
                                                              int stopAt, ToDoubleFunction<Model> score) {
        List<Integer> seen = new ArrayList<>();
        double[] scoreAtStop = {Double.NaN};
        Pruned pruned = new Pruned(stopAt);
        try (FitMonitor.Scope s = FitMonitor.install((step, objective, model) -> {
            seen.add(step);
            double v = score.applyAsDouble(model.get());
            assertTrue(Double.isFinite(v) && Double.isFinite(objective), "step " + step + ": " + v + ", " + objective);
            if (step == stopAt) {
                scoreAtStop[0] = v;
                throw pruned;
            }
        })) {
            Pruned e = assertThrows(Pruned.class, () -> full.fit(diabetesOrCancer(full)));
            assertSame(pruned, e);
        }
        List<Integer> expected = new ArrayList<>();
        for (int i = 1; i <= stopAt; i++) {
            expected.add(i);
        }
        assertEquals(expected, seen, "the fit ends at the step it was pruned");
        Model shorter = withSteps.apply(stopAt).fit(diabetesOrCancer(full));
        assertEquals(score.applyAsDouble(shorter), scoreAtStop[0], 1e-12,
            "the model at step " + stopAt + " scores as a fit of " + stopAt + " steps");
    }

    private static Frame diabetesOrCancer(Estimator<?> e) {
        return e instanceof GBTClassifier ? cancer[0] : diabetes[0];
    }

    private static double rmse(Model m) {
        return new RegressionEvaluator().evaluate(m.transform(diabetes[1]));
    }

    private static double auc(Model m) {
        return new BinaryClassificationEvaluator().evaluate(m.transform(cancer[1]));
    }

    @Test
    void shouldStopLinearRegressionsLbfgsAtThePrunedIteration() {
        LinearRegression lr = new LinearRegression().solver("l-bfgs").regParam(0.1).maxIter(100);
        List<Integer> all = new ArrayList<>();
        LinearRegressionModel fitted;
        try (FitMonitor.Scope s = FitMonitor.install((it, objective, model) -> all.add(it))) {
            fitted = lr.fit(diabetes[0]);
        }
        assertEquals(fitted.summary().iterations(), all.size(), "one report per iteration: " + all);
        assertPrunedAtStepScoresAsAShorterFit(lr, k -> lr.maxIter(k), 3, FitMonitorIterativeFitsTest::rmse);
    }

    @Test
    void shouldStopLinearRegressionsOwlqnAtThePrunedIterationAndReportNothingForNormalEquations() {
        LinearRegression lasso = new LinearRegression().regParam(0.5).elasticNetParam(0.5).maxIter(100);
        assertPrunedAtStepScoresAsAShorterFit(lasso, k -> lasso.maxIter(k), 4, FitMonitorIterativeFitsTest::rmse);
        List<Integer> none = new ArrayList<>();
        try (FitMonitor.Scope s = FitMonitor.install((it, objective, model) -> none.add(it))) {
            new LinearRegression().solver("normal").regParam(0.1).fit(diabetes[0]);
        }
        assertEquals(List.of(), none, "the normal equations have no iterations to report");
    }

    @Test
    void shouldStopBoostingAtThePrunedTreeWithThePartialEnsembleAsTheModel() {
        GBTClassifier gbt = new GBTClassifier().maxIter(12).maxDepth(3).seed(7);
        List<Integer> trees = new ArrayList<>();
        GBTClassificationModel fitted;
        try (FitMonitor.Scope s = FitMonitor.install((it, objective, model) -> {
            trees.add(it);
            assertEquals(it, ((GBTClassificationModel) model.get()).getNumTrees());
        })) {
            fitted = gbt.fit(cancer[0]);
        }
        assertEquals(12, fitted.getNumTrees());
        assertEquals(12, trees.size(), "one report per tree: " + trees);
        assertPrunedAtStepScoresAsAShorterFit(gbt, k -> gbt.maxIter(k), 5, FitMonitorIterativeFitsTest::auc);

        GBTRegressor reg = new GBTRegressor().maxIter(12).maxDepth(3).subsamplingRate(0.8).seed(7);
        assertPrunedAtStepScoresAsAShorterFit(reg, k -> reg.maxIter(k), 6, FitMonitorIterativeFitsTest::rmse);
    }
}
