package dev.ember.ml.pipeline.tuning;

import dev.ember.ml.algo.classification.LogisticRegression;
import dev.ember.ml.algo.stat.Summarizer;
import dev.ember.ml.core.data.Frame;
import dev.ember.ml.core.param.ParamMap;
import dev.ember.ml.core.runtime.CacheStats;
import dev.ember.ml.core.runtime.Runtime;
import dev.ember.ml.core.runtime.RuntimeConfig;
import dev.ember.ml.core.stats.FitContext;
import dev.ember.ml.testkit.Seeds;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * k-fold tuning gathers the training statistics of every fold, for every setting, in one pass over the cached
 * input, equal to what each fold's own statistics pass over its masked training frame gives.
 */
class FoldStatisticsTest {

    @Test
    void shouldGatherEveryFoldsTrainingSummaryInOnePassEqualToTheFoldsOwnPass() {
        long seed = Seeds.announce("FoldStatisticsTest", 5L);
        int partitions = 3;
        try (Runtime rt = Runtime.inProcess(new RuntimeConfig().threads(2))) {
            Frame data = TuningData.breastCancer(rt, partitions);
            List<ParamMap> grid = TuningData.grid();
            try (Folds folds = Folds.kFold(data, 3, seed)) {
                folds.withFolds().count();
                int[] splits = {0, 1, 2};
                for (int f : splits) {
                    folds.training(f, TuningData.LR).frame().count();   // the weight masks, cached up front
                }
                CacheStats before = rt.cacheStats();
                Map<Integer, FitContext> contexts = folds.trainingStatistics(TuningData.LR, grid, splits).orElseThrow();
                CacheStats after = rt.cacheStats();
                assertEquals(partitions, after.hits() + after.misses() - before.hits() - before.misses(),
                    "partition reads of the cached input: one pass for every fold and setting");
                for (int f : splits) {
                    Folds.Training t = folds.training(f, TuningData.LR);
                    LogisticRegression masked = TuningData.LR.copy(t.mask());
                    Summarizer.Summary own = masked.summarize(t.frame());
                    Summarizer.Summary shared = Summarizer.classesSummary(contexts.get(f), "features", "label",
                        masked.get(LogisticRegression.WEIGHT_COL));
                    assertEquals(own.features().weightSum(), shared.features().weightSum(), 1e-9,
                        "fold " + f + " weight sum");
                    // the shared pass counts the fold's training rows; the masked frame counts its zero-weight rows too
                    long training = java.util.Arrays.stream(folds.withFolds().collectDoubles(folds.foldCol()))
                        .filter(id -> id != f).count();
                    assertEquals(training, shared.features().count(), "fold " + f + " training rows");
                    for (int j = 0; j < own.features().mean().length; j++) {
                        double m = own.features().mean()[j];
                        double v = own.features().variance()[j];
                        assertEquals(m, shared.features().mean()[j], 1e-12 * Math.max(1, Math.abs(m)),
                            "fold " + f + " mean " + j);
                        assertEquals(v, shared.features().variance()[j], 1e-10 * Math.max(1, v),
                            "fold " + f + " variance " + j);
                    }
                    assertArrayEquals(own.features().min(), shared.features().min(), 0.0, "fold " + f + " min");
                    assertArrayEquals(own.features().max(), shared.features().max(), 0.0, "fold " + f + " max");
                    assertArrayEquals(own.labels().weights(), shared.labels().weights(), 1e-9,
                        "fold " + f + " labels");
                }
            }
        }
    }
}
