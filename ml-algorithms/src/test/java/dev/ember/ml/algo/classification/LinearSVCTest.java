package dev.ember.ml.algo.classification;

import dev.ember.ml.algo.evaluation.BinaryClassificationEvaluator;
import dev.ember.ml.core.data.Frame;
import dev.ember.ml.core.runtime.Runtime;
import dev.ember.ml.core.runtime.RuntimeConfig;
import dev.ember.ml.testkit.StageContract;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

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
}
