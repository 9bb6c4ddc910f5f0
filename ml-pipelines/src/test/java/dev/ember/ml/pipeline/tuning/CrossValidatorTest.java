package dev.ember.ml.pipeline.tuning;

import dev.ember.ml.algo.classification.LogisticRegression;
import dev.ember.ml.algo.classification.LogisticRegressionModel;
import dev.ember.ml.algo.feature.StandardScaler;
import dev.ember.ml.core.InvalidArgumentException;
import dev.ember.ml.core.Model;
import dev.ember.ml.core.data.Column;
import dev.ember.ml.core.data.DataType;
import dev.ember.ml.core.data.Field;
import dev.ember.ml.core.data.Frame;
import dev.ember.ml.core.param.ParamMap;
import dev.ember.ml.core.persist.StageIO;
import dev.ember.ml.core.runtime.Runtime;
import dev.ember.ml.core.runtime.RuntimeConfig;
import dev.ember.ml.testkit.Seeds;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CrossValidatorTest {

    @Test
    @Timeout(300)
    void shouldEqualABruteForceLoopOverFoldsWhenFoldsAreRandom() {
        long seed = Seeds.announce("CrossValidatorTest.bruteForce", 11L);
        try (Runtime rt = Runtime.inProcess(new RuntimeConfig().threads(2))) {
            Frame data = TuningData.breastCancer(rt, 3);
            List<ParamMap> grid = TuningData.grid();
            CrossValidatorModel cv = new CrossValidator().estimator(TuningData.LR).estimatorParamMaps(grid)
                .evaluator(TuningData.AUC).numFolds(3).seed(seed).fit(data);
            int[] folds = foldIds(data, 3, seed);
            double[][] brute = TuningData.bruteForce(rt, data.collectVectors("features"),
                data.collectDoubles("label"), folds, 3, grid, new int[] {0, 1, 2});
            double[] expected = TuningData.mean(brute);
            assertArrayEquals(expected, cv.avgMetrics(), 1e-9);
            double[] std = Arrays.stream(brute).mapToDouble(Stats::std).toArray();
            assertArrayEquals(std, cv.stdMetrics(), 1e-9);
            assertEquals(TuningChecks.best(expected, true), cv.bestIndex());
            assertTrue(cv.avgMetrics()[cv.bestIndex()] > 0.98, Arrays.toString(cv.avgMetrics()));
            LogisticRegressionModel refit = TuningData.LR.fit(data, grid.get(cv.bestIndex()));
            assertArrayEquals(refit.transform(data).collectDoubles("prediction"),
                cv.transform(data).collectDoubles("prediction"));
        }
    }

    @Test
    @Timeout(300)
    void shouldUseTheUsersFoldsWhenFoldColIsSet() {
        try (Runtime rt = Runtime.inProcess(new RuntimeConfig().threads(2))) {
            Frame data = TuningData.breastCancer(rt, 2);
            double[][] x = data.collectVectors("features");
            double[] y = data.collectDoubles("label");
            int[] folds = new int[y.length];
            for (int r = 0; r < folds.length; r++) {
                folds[r] = r % 4;
            }
            Frame withFolds = withIntColumn(rt, x, y, folds);
            List<ParamMap> grid = new ParamGridBuilder()
                .addGrid(TuningData.LR, LogisticRegression.REG_PARAM, 0.01, 0.1).build();
            CrossValidatorModel cv = new CrossValidator().estimator(TuningData.LR).estimatorParamMaps(grid)
                .evaluator(TuningData.AUC).numFolds(4).foldCol("fold").fit(withFolds);
            double[][] brute = TuningData.bruteForce(rt, x, y, folds, 4, grid, new int[] {0, 1, 2, 3});
            assertArrayEquals(TuningData.mean(brute), cv.avgMetrics(), 1e-9);
        }
    }

    @Test
    @Timeout(300)
    void shouldGiveIdenticalResultsWhenParallelismIsOneTwoOrFour() {
        try (Runtime rt = Runtime.inProcess(new RuntimeConfig().threads(2))) {
            Frame data = TuningData.breastCancer(rt, 4);
            CrossValidator cv = new CrossValidator().estimator(TuningData.LR).estimatorParamMaps(TuningData.grid())
                .evaluator(TuningData.AUC).numFolds(3).seed(5);
            CrossValidatorModel one = cv.parallelism(1).fit(data);
            CrossValidatorModel two = cv.parallelism(2).fit(data);
            CrossValidatorModel four = cv.parallelism(4).fit(data);   // one task per (path group, fold)
            for (CrossValidatorModel other : List.of(two, four)) {
                assertArrayEquals(one.avgMetrics(), other.avgMetrics(), 0.0);
                assertArrayEquals(one.stdMetrics(), other.stdMetrics(), 0.0);
                assertEquals(one.bestIndex(), other.bestIndex());
            }
        }
    }

    @Test
    @Timeout(300)
    void shouldKeepEveryFoldsModelsAndRoundTripWhenSubModelsAreCollected(@TempDir Path tmp) {
        try (Runtime rt = Runtime.inProcess(new RuntimeConfig().threads(2))) {
            Frame data = TuningData.breastCancer(rt, 3);
            List<ParamMap> grid = new ParamGridBuilder()
                .addGrid(TuningData.LR, LogisticRegression.REG_PARAM, 0.01, 0.1).build();
            CrossValidatorModel cv = new CrossValidator().estimator(TuningData.LR).estimatorParamMaps(grid)
                .evaluator(TuningData.AUC).numFolds(3).seed(3).collectSubModels(true).parallelism(2).fit(data);
            List<List<Model>> sub = cv.subModels();
            assertEquals(3, sub.size());
            int[] folds = foldIds(data, 3, 3);
            double[][] x = data.collectVectors("features");
            double[] y = data.collectDoubles("label");
            for (int f = 0; f < 3; f++) {
                assertEquals(2, sub.get(f).size());
                for (int s = 0; s < 2; s++) {
                    LogisticRegressionModel m = (LogisticRegressionModel) sub.get(f).get(s);
                    assertEquals(grid.get(s).get(TuningData.LR, LogisticRegression.REG_PARAM).orElseThrow(),
                        m.get(LogisticRegression.REG_PARAM));
                    double auc = TuningData.AUC.evaluate(m.transform(TuningData.rows(rt, x, y, folds, f, true)));
                    assertTrue(auc > 0.95, "fold " + f + " setting " + s + ": " + auc);
                }
            }
            cv.save(tmp.resolve("cv"));
            CrossValidatorModel loaded = StageIO.load(tmp.resolve("cv"), CrossValidatorModel.class);
            assertArrayEquals(cv.avgMetrics(), loaded.avgMetrics(), 0.0);
            assertArrayEquals(cv.stdMetrics(), loaded.stdMetrics(), 0.0);
            assertEquals(cv.bestIndex(), loaded.bestIndex());
            assertEquals(cv.metricName(), loaded.metricName());
            assertEquals(cv.settings(), loaded.settings());
            assertArrayEquals(cv.transform(data).collectDoubles("prediction"),
                loaded.transform(data).collectDoubles("prediction"));
            assertArrayEquals(cv.transform(data).collectVectors("probability")[7],
                loaded.transform(data).collectVectors("probability")[7], 0.0);
            assertTrue(loaded.hasSubModels());
            assertEquals(3, loaded.subModels().size());
        }
    }

    @Test
    void shouldRejectAnEmptyGridTooFewFoldsAndUnknownParams() {
        try (Runtime rt = Runtime.inProcess(new RuntimeConfig().threads(1))) {
            Frame data = TuningData.breastCancer(rt, 1);
            CrossValidator base = new CrossValidator().estimator(TuningData.LR).evaluator(TuningData.AUC);
            InvalidArgumentException empty = assertThrows(InvalidArgumentException.class,
                () -> base.estimatorParamMaps(List.of()).fit(data));
            assertTrue(empty.getMessage().contains("estimatorParamMaps is empty"), empty.getMessage());
            InvalidArgumentException folds = assertThrows(InvalidArgumentException.class, () -> base.numFolds(1));
            assertTrue(folds.getMessage().contains("numFolds"), folds.getMessage());
            StandardScaler scaler = new StandardScaler();
            List<ParamMap> foreign = List.of(ParamMap.of(StandardScaler.WITH_MEAN, true));
            InvalidArgumentException unknown = assertThrows(InvalidArgumentException.class,
                () -> base.estimatorParamMaps(foreign).fit(data));
            assertTrue(unknown.getMessage().contains("withMean"), unknown.getMessage());
            LogisticRegression other = new LogisticRegression();
            List<ParamMap> otherStage = new ParamGridBuilder().addGrid(other, LogisticRegression.REG_PARAM, 0.1)
                .build();
            InvalidArgumentException stage = assertThrows(InvalidArgumentException.class,
                () -> base.estimatorParamMaps(otherStage).fit(data));
            assertTrue(stage.getMessage().contains(other.uid()), stage.getMessage());
            List<ParamMap> noSuchParam = List.of(ParamMap.empty().put(TuningData.LR.uid(), StandardScaler.WITH_MEAN,
                true));
            InvalidArgumentException param = assertThrows(InvalidArgumentException.class,
                () -> base.estimatorParamMaps(noSuchParam).fit(data));
            assertTrue(param.getMessage().contains("withMean") && param.getMessage().contains(TuningData.LR.uid()),
                param.getMessage());
            InvalidArgumentException grid = assertThrows(InvalidArgumentException.class,
                () -> new ParamGridBuilder().addGrid(scaler, LogisticRegression.REG_PARAM, 0.1));
            assertTrue(grid.getMessage().contains("regParam"), grid.getMessage());
            assertThrows(InvalidArgumentException.class,
                () -> new ParamGridBuilder().addGrid(TuningData.LR, LogisticRegression.REG_PARAM));
            assertThrows(InvalidArgumentException.class,
                () -> new CrossValidator().estimatorParamMaps(TuningData.grid()).evaluator(TuningData.AUC).fit(data));
            InvalidArgumentException badFold = assertThrows(InvalidArgumentException.class, () -> base
                .estimatorParamMaps(TuningData.grid()).foldCol("label").fit(data));
            assertTrue(badFold.getMessage().contains("label"), badFold.getMessage());
        }
    }

    /** @return the fold of each row as a user computes it with the public API */
    private static int[] foldIds(Frame data, int k, long seed) {
        return Arrays.stream(data.withFoldColumn("f", k, seed).collectDoubles("f")).mapToInt(v -> (int) v).toArray();
    }

    private static Frame withIntColumn(Runtime rt, double[][] x, double[] y, int[] folds) {
        Column f = Column.allocate(Field.of("fold", DataType.INT, false), folds.length);
        for (int r = 0; r < folds.length; r++) {
            f.ints().put(r, folds[r]);
        }
        return Frame.ofColumns(rt, dev.ember.ml.core.data.ColumnBuilder.ofVectors("features", DataType.DOUBLE, x),
            dev.ember.ml.core.data.ColumnBuilder.ofDoubles("label", y), f);
    }
}
