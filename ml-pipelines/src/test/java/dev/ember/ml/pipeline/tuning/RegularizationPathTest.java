package dev.ember.ml.pipeline.tuning;

import dev.ember.ml.algo.classification.LogisticRegression;
import dev.ember.ml.algo.classification.LogisticRegressionModel;
import dev.ember.ml.core.data.Frame;
import dev.ember.ml.core.param.ParamMap;
import dev.ember.ml.core.runtime.Runtime;
import dev.ember.ml.core.runtime.RuntimeConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RegularizationPathTest {

    @Test
    @Timeout(300)
    void shouldReachTheColdFitsOptimaWithNoMoreIterationsWhenAPathGroupIsWarmStarted() {
        try (Runtime rt = Runtime.inProcess(new RuntimeConfig().threads(2))) {
            Frame data = TuningData.breastCancer(rt, 3);
            LogisticRegression lr = TuningData.LR.tol(1e-10);
            for (double alpha : new double[] {0.0, 0.5}) {
                List<ParamMap> grid = new ParamGridBuilder()
                    .addGrid(lr, LogisticRegression.REG_PARAM, 0.1, 0.03, 0.01, 0.003)
                    .baseOn(lr, LogisticRegression.ELASTIC_NET_PARAM, alpha).build();
                List<List<Integer>> groups = SettingsSearch.pathGroups(lr, grid);
                assertEquals(List.of(List.of(0, 1, 2, 3)), groups, "one group, from large to small regParam");
                List<LogisticRegressionModel> path = lr.fit(data, grid);
                int warmIterations = 0;
                int coldIterations = 0;
                for (int i = 0; i < grid.size(); i++) {
                    LogisticRegressionModel cold = lr.fit(data, grid.get(i));
                    LogisticRegressionModel warm = path.get(i);
                    assertEquals(grid.get(i).get(lr, LogisticRegression.REG_PARAM).orElseThrow(),
                        warm.get(LogisticRegression.REG_PARAM));
                    double[] hw = warm.summary().objectiveHistory();
                    double[] hc = cold.summary().objectiveHistory();
                    assertEquals(hc[hc.length - 1], hw[hw.length - 1], 1e-10 * hc[hc.length - 1],
                        "objective at the optimum, setting " + i);
                    // the correlated breast-cancer measurements leave a flat valley: coefficients agree less
                    assertArrayEquals(cold.coefficients(), warm.coefficients(), 1e-4, "setting " + i);
                    assertEquals(cold.intercept(), warm.intercept(), 1e-4, "setting " + i);
                    warmIterations += warm.summary().iterations();
                    coldIterations += cold.summary().iterations();
                }
                System.err.println("[path] elasticNet " + alpha + ": " + warmIterations + " iterations warm, "
                    + coldIterations + " cold");
                // measured: 91 vs 101 (ridge), 124 vs 124 (elastic net): quasi-Newton restarts its curvature history
                assertTrue(warmIterations <= coldIterations, warmIterations + " warm vs " + coldIterations + " cold");
            }
        }
    }

    @Test
    void shouldGroupSettingsThatDifferOnlyInRegParamFromLargeToSmall() {
        LogisticRegression lr = new LogisticRegression();
        List<ParamMap> grid = new ParamGridBuilder()
            .addGrid(lr, LogisticRegression.REG_PARAM, 0.001, 0.1, 0.01)
            .addGrid(lr, LogisticRegression.ELASTIC_NET_PARAM, 0.0, 0.5)
            .build();
        assertEquals(List.of(List.of(1, 2, 0), List.of(4, 5, 3)), SettingsSearch.pathGroups(lr, grid));
    }
}
