package dev.ember.ml.pipeline.tuning;

import dev.ember.ml.algo.classification.LogisticRegression;
import dev.ember.ml.core.Model;
import dev.ember.ml.core.data.Frame;
import dev.ember.ml.core.param.ParamMap;
import dev.ember.ml.core.persist.StageIO;
import dev.ember.ml.core.runtime.Runtime;
import dev.ember.ml.core.runtime.RuntimeConfig;
import dev.ember.ml.core.tracking.MetricPoint;
import dev.ember.ml.core.tracking.Run;
import dev.ember.ml.core.tracking.Tracking;
import dev.ember.ml.testkit.Seeds;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TrainValidationSplitTest {

    @Test
    @Timeout(300)
    void shouldEqualPlainFitsOnTheTrainingRowsAndRoundTrip(@TempDir Path tmp) {
        long seed = Seeds.announce("TrainValidationSplitTest", 23L);
        try (Runtime rt = Runtime.inProcess(new RuntimeConfig().threads(2))) {
            Frame data = TuningData.breastCancer(rt, 3);
            List<ParamMap> grid = TuningData.grid();
            TrainValidationSplitModel tvs = new TrainValidationSplit().estimator(TuningData.LR)
                .estimatorParamMaps(grid).evaluator(TuningData.AUC).trainRatio(0.7).seed(seed).parallelism(2)
                .collectSubModels(true).fit(data);
            int[] split;
            try (Folds f = Folds.assign(data, new double[] {0.7, 1.0}, seed)) {
                split = Arrays.stream(f.withFolds().collectDoubles(f.foldCol())).mapToInt(v -> (int) v).toArray();
            }
            long validation = Arrays.stream(split).filter(v -> v == 1).count();
            assertTrue(validation > 0.2 * split.length && validation < 0.4 * split.length,
                validation + " of " + split.length + " rows validate, expected about 30%");
            double[][] brute = TuningData.bruteForce(rt, data.collectVectors("features"),
                data.collectDoubles("label"), split, 2, grid, new int[] {1});
            double[] expected = Arrays.stream(brute).mapToDouble(m -> m[0]).toArray();
            assertArrayEquals(expected, tvs.validationMetrics(), 1e-9);
            assertEquals(TuningChecks.best(expected, true), tvs.bestIndex());
            List<Model> sub = tvs.subModels();
            assertEquals(grid.size(), sub.size());
            tvs.save(tmp.resolve("tvs"));
            TrainValidationSplitModel loaded = StageIO.load(tmp.resolve("tvs"), TrainValidationSplitModel.class);
            assertArrayEquals(tvs.validationMetrics(), loaded.validationMetrics(), 0.0);
            assertEquals(tvs.bestIndex(), loaded.bestIndex());
            assertEquals(grid.size(), loaded.subModels().size());
            assertArrayEquals(tvs.transform(data).collectDoubles("prediction"),
                loaded.transform(data).collectDoubles("prediction"));
        }
    }

    @Test
    @Timeout(300)
    void shouldLogEachSettingAsAChildRunWithItsFoldMetricsWhenARunIsActive() {
        String uri = "recording:tuning-" + System.nanoTime();
        try (Runtime rt = Runtime.inProcess(new RuntimeConfig().threads(2))) {
            Frame data = TuningData.breastCancer(rt, 2);
            List<ParamMap> grid = TuningData.grid();
            CrossValidatorModel cv;
            String parentId;
            try (Run parent = Tracking.newRun().trackingUri(uri).experiment("tuning").name("cv").start()) {
                parentId = parent.id();
                cv = new CrossValidator().estimator(TuningData.LR).estimatorParamMaps(grid)
                    .evaluator(TuningData.AUC).numFolds(3).seed(9).parallelism(2).fit(data);
            }
            RecordingStore store = RecordingStore.OPENED.get(uri);
            int children = 0;
            for (Map.Entry<String, dev.ember.ml.core.tracking.RunSpec> e : store.specs.entrySet()) {
                if (!parentId.equals(e.getValue().parentRunId())) {
                    continue;
                }
                children++;
                int i = Integer.parseInt(store.tags.get(e.getKey()).get("ember.tuning.settingIndex"));
                assertEquals("setting-" + i, e.getValue().runName());
                double reg = grid.get(i).get(TuningData.LR, LogisticRegression.REG_PARAM).orElseThrow();
                assertEquals(Double.toString(reg), store.params.get(e.getKey()).get("regParam"));
                List<MetricPoint> folds = store.metrics.get(e.getKey()).stream()
                    .filter(p -> p.key().equals("areaUnderROC")).toList();
                assertEquals(3, folds.size());
                double mean = folds.stream().mapToDouble(MetricPoint::value).average().orElseThrow();
                assertEquals(cv.avgMetrics()[i], mean, 1e-12);
            }
            assertEquals(grid.size(), children);
        }
    }
}
