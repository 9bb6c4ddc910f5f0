package dev.ember.ml.algo.classification;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ember.ml.algo.evaluation.BinaryClassificationEvaluator;
import dev.ember.ml.core.data.ColumnBuilder;
import dev.ember.ml.core.data.DataType;
import dev.ember.ml.core.data.Field;
import dev.ember.ml.core.data.Frame;
import dev.ember.ml.core.data.Partition;
import dev.ember.ml.core.runtime.Runtime;
import dev.ember.ml.core.runtime.RuntimeConfig;
import dev.ember.ml.algo.stat.Summarizer;
import dev.ember.ml.testkit.Seeds;
import dev.ember.ml.testkit.SlowTest;
import dev.ember.ml.testkit.StageContract;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LinearSVCTest {

    @Test
    void shouldSeparateBreastCancerAndAgreeAcrossPartitionings(@TempDir Path tmp) {
        try (Runtime rt = Runtime.inProcess(new RuntimeConfig().threads(2))) {
            double referenceObjective = 0;
            for (int partitions : new int[] {1, 4}) {
                Frame data = LogisticRegressionTest.breastCancer(rt, partitions);
                LinearSVCModel m = new LinearSVC().regParam(0.01).with(LinearSVC.TOL, 1e-9)
                    .with(LinearSVC.MAX_ITER, 500).fit(data);
                double auc = new BinaryClassificationEvaluator().evaluate(m.transform(data));
                assertTrue(auc > 0.99, "training AUC " + auc);
                double[] history = m.summary().objectiveHistory();
                assertTrue(history[history.length - 1] < history[0], "the hinge objective must decrease");
                double objective = history[history.length - 1];
                if (partitions == 1) {
                    referenceObjective = objective;
                    StageContract.checkParams(m);
                    StageContract.assertTransformRoundTrip(m, data, tmp.resolve("svc"), 0.0);
                } else {
                    // the hinge QP is solved exactly (verified KKT point), so a different summation order changes
                    // the objective only by rounding
                    assertEquals(referenceObjective, objective, 1e-9 * referenceObjective, "objective");
                }
            }
        }
    }

    /**
     * The linear program (regParam 0) with row weights: weight 2 must give the optimum of the row copied twice,
     * weight 0 that of the row left out, with and without an intercept (the LP's optimal value does not depend on
     * the standardization, which differs: weighted and copied variances are not the same estimator).
     */
    @Test
    void shouldWeighRowsAsTheirCopiesInTheLinearProgram() {
        try (Runtime rt = Runtime.inProcess(new RuntimeConfig().threads(2))) {
            JsonNode ref = LinearSVCReferenceTest.reference("hinge_pima_indians_diabetes.json");
            Frame pima = LinearSVCReferenceTest.load(rt, ref, 1, "double");
            double[][] x = pima.collectVectors("features");
            double[] y = pima.collectDoubles("label");
            List<double[]> copiedX = new ArrayList<>();
            List<Double> copiedY = new ArrayList<>();
            double[] w = new double[y.length];
            for (int i = 0; i < y.length; i++) {
                w[i] = i % 7 == 0 ? 0 : i % 3 == 0 ? 2 : 1;
                for (int k = 0; k < w[i]; k++) {
                    copiedX.add(x[i]);
                    copiedY.add(y[i]);
                }
            }
            Frame weighted = frame(rt, x, y, w, 3);
            Frame copied = frame(rt, copiedX.toArray(new double[0][]),
                copiedY.stream().mapToDouble(Double::doubleValue).toArray(), null, 2);
            for (boolean intercept : new boolean[] {true, false}) {
                LinearSVCModel a = new LinearSVC().with(LinearSVC.WEIGHT_COL, "weight")
                    .with(LinearSVC.FIT_INTERCEPT, intercept).fit(weighted);
                LinearSVCModel b = new LinearSVC().with(LinearSVC.FIT_INTERCEPT, intercept).fit(copied);
                double oa = last(a.summary().objectiveHistory());
                double ob = last(b.summary().objectiveHistory());
                assertTrue(a.summary().convergence().startsWith("linear program solved"),
                    a.summary().convergence());
                assertEquals(ob, oa, 1e-9 * ob, "fitIntercept " + intercept + ": weighted " + a.summary()
                    .convergence() + "; copied " + b.summary().convergence());
            }
        }
    }

    /**
     * The data-parallel path of the linear program on more rows than the default band cap (2048 here): started
     * from a proximal subproblem, band LPs must reach the optimum of the LP solved over all rows at once (cap
     * raised above the row count), certified both times, and give the same optimum on 2 and 5 partitions.
     */
    @SlowTest
    @Test
    void shouldReachTheAllRowsOptimumThroughBands() {
        long seed = Seeds.announce("LinearSVCTest.shouldReachTheAllRowsOptimumThroughBands", 9L);
        SplittableRandom random = new SplittableRandom(seed);
        int n = 6000;
        int d = 10;
        double[] w = new double[d];
        for (int j = 0; j < d; j++) {
            w[j] = random.nextGaussian();
        }
        double[][] x = new double[n][d];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            double margin = 0.3;
            for (int j = 0; j < d; j++) {
                x[i][j] = random.nextGaussian() * (1 + j);
                margin += w[j] * x[i][j] / (1 + j);
            }
            y[i] = margin + 1.5 * random.nextGaussian() > 0 ? 1 : 0;
        }
        try (Runtime rt = Runtime.inProcess(new RuntimeConfig().threads(2))) {
            double allRows = Double.NaN;
            for (int partitions : new int[] {2, 5}) {
                Frame data = frame(rt, x, y, null, partitions).cache();
                Summarizer.Summary s = Summarizer.summarize(data, "features", "label", null, 2);
                if (partitions == 2) {
                    HingeSolver.Result all = new HingeSolver(data, "features", "label", null, s.features().mean(),
                        s.features().std(), true, 0, true, 2, 100).lpGatherCap(n).solve();
                    assertTrue(all.exact() && all.reason().contains("1 band LPs"), all.reason());
                    allRows = all.objective();
                }
                HingeSolver.Result banded = new HingeSolver(data, "features", "label", null, s.features().mean(),
                    s.features().std(), true, 0, true, 2, 100).solve();
                assertTrue(banded.exact(), partitions + " partitions: " + banded.reason());
                assertTrue(!banded.reason().contains(" 1 band LPs"), "expected the band path: " + banded.reason());
                assertEquals(allRows, banded.objective(), 1e-9 * allRows, partitions + " partitions: "
                    + banded.reason());
            }
        }
    }

    private static double last(double[] history) {
        return history[history.length - 1];
    }

    private static Frame frame(Runtime rt, double[][] x, double[] y, double[] w, int partitions) {
        List<Partition> parts = new ArrayList<>();
        int per = (y.length + partitions - 1) / partitions;
        for (int p = 0; p < partitions; p++) {
            int from = p * per;
            int to = Math.min(y.length, from + per);
            ColumnBuilder f = new ColumnBuilder(Field.vector("features", x[0].length, DataType.DOUBLE), to - from);
            ColumnBuilder l = new ColumnBuilder(Field.of("label", DataType.DOUBLE, false), to - from);
            ColumnBuilder c = new ColumnBuilder(Field.of("weight", DataType.DOUBLE, false), to - from);
            for (int i = from; i < to; i++) {
                f.appendVector(x[i]);
                l.appendDouble(y[i]);
                c.appendDouble(w == null ? 1 : w[i]);
            }
            parts.add(new Partition(p, w == null ? List.of(f.build(), l.build())
                : List.of(f.build(), l.build(), c.build())));
        }
        return Frame.of(rt, parts);
    }
}
