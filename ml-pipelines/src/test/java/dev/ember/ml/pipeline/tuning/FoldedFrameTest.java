package dev.ember.ml.pipeline.tuning;

import dev.ember.ml.core.InvalidArgumentException;
import dev.ember.ml.core.data.Frame;
import dev.ember.ml.core.param.ParamMap;
import dev.ember.ml.core.runtime.CacheStats;
import dev.ember.ml.core.runtime.Runtime;
import dev.ember.ml.core.runtime.RuntimeConfig;
import dev.ember.ml.testkit.Seeds;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CompletableFuture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Folds drawn once score settings as CrossValidator does, call after call, without redoing the fold set-up: the
 * sweep's cross-validated objective.
 */
class FoldedFrameTest {

    @Test
    void shouldScoreEachSettingAsCrossValidatorDoesAndReuseTheFoldsWork() {
        long seed = Seeds.announce("FoldedFrameTest", 11L);
        int partitions = 3;
        try (Runtime rt = Runtime.inProcess(new RuntimeConfig().threads(2))) {
            Frame data = TuningData.breastCancer(rt, partitions);
            List<ParamMap> grid = TuningData.grid();
            try (FoldedFrame folds = FoldedFrame.kFold(data, 3, seed)) {
                CacheStats s0 = rt.cacheStats();
                double first = folds.meanScore(TuningData.LR, grid.get(0), TuningData.AUC);
                CacheStats s1 = rt.cacheStats();
                double again = folds.meanScore(TuningData.LR, grid.get(0), TuningData.AUC);
                CacheStats s2 = rt.cacheStats();
                assertEquals(first, again, 0.0, "the same setting scores the same");
                long firstReads = reads(s1) - reads(s0);
                long againReads = reads(s2) - reads(s1);
                assertTrue(againReads <= firstReads - partitions, "a later call skips the folds' statistics pass:"
                    + " first call read " + firstReads + " cached partitions, the second " + againReads);
                for (ParamMap setting : grid) {
                    double cv = new CrossValidator().estimator(TuningData.LR).estimatorParamMaps(List.of(setting))
                        .evaluator(TuningData.AUC).numFolds(3).seed(seed).fit(data).avgMetrics()[0];
                    assertEquals(cv, folds.meanScore(TuningData.LR, setting, TuningData.AUC), 1e-12,
                        "setting " + setting);
                }
            }
        }
    }

    @Test
    void shouldGiveTheSameScoresWhenTrialsScoreConcurrently() {
        long seed = Seeds.announce("FoldedFrameTest.concurrent", 12L);
        try (Runtime rt = Runtime.inProcess(new RuntimeConfig().threads(2))) {
            Frame data = TuningData.breastCancer(rt, 4);
            List<ParamMap> grid = TuningData.grid();
            double[] sequential;
            try (FoldedFrame folds = FoldedFrame.kFold(data, 3, seed)) {
                sequential = folds.meanScores(TuningData.LR, grid, TuningData.AUC, 1);
            }
            try (FoldedFrame folds = FoldedFrame.kFold(data, 3, seed)) {
                List<CompletableFuture<Double>> running = grid.stream().map(s -> CompletableFuture.supplyAsync(
                    () -> folds.meanScore(TuningData.LR, s, TuningData.AUC))).toList();
                for (int i = 0; i < grid.size(); i++) {
                    // the grid's regParam paths are warm-started in one call; alone, each setting starts cold
                    assertEquals(sequential[i], running.get(i).join(), 1e-6, "setting " + grid.get(i));
                }
            }
        }
    }

    @Test
    void shouldRefuseFewerThanTwoFolds() {
        try (Runtime rt = Runtime.inProcess(new RuntimeConfig().threads(1))) {
            Frame data = TuningData.breastCancer(rt, 1);
            InvalidArgumentException e = assertThrows(InvalidArgumentException.class,
                () -> FoldedFrame.kFold(data, 1, 1L));
            assertTrue(e.getMessage().contains("numFolds"), e.getMessage());
        }
    }

    private static long reads(CacheStats s) {
        return s.hits() + s.misses();
    }
}
