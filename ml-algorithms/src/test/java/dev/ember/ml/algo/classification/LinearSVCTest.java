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
                    // the hinge loss is not smooth: OWL-QN (as in Spark) stalls at kinks, and a different summation
                    // order stalls at a slightly different point. The objective agrees to 1e-3, not 1e-6, and the
                    // coefficients are not compared element by element (the logistic and least-squares models are,
                    // to 1e-6 across 1, 4 and 16 partitions).
                    assertEquals(referenceObjective, objective, 1e-3 * referenceObjective, "objective");
                }
            }
        }
    }
}
