package dev.ember.ml.algo.classification;

import dev.ember.ml.algo.feature.StringIndexer;
import dev.ember.ml.algo.feature.StringIndexerModel;
import dev.ember.ml.algo.feature.VectorAssembler;
import dev.ember.ml.core.InvalidArgumentException;
import dev.ember.ml.core.data.ColumnBuilder;
import dev.ember.ml.core.data.DataType;
import dev.ember.ml.core.data.Field;
import dev.ember.ml.core.data.Frame;
import dev.ember.ml.core.data.Partition;
import dev.ember.ml.core.io.CsvReader;
import dev.ember.ml.core.runtime.Runtime;
import dev.ember.ml.core.runtime.RuntimeConfig;
import dev.ember.ml.testkit.StageContract;
import dev.ember.ml.testkit.TestData;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LogisticRegressionTest {
    private static Runtime runtime;

    @BeforeAll
    static void setUp() {
        runtime = Runtime.inProcess(new RuntimeConfig().threads(2));
    }

    @AfterAll
    static void tearDown() {
        runtime.close();
    }

    /** breast_cancer with label = 1 for malignant, features as a double block. */
    static Frame breastCancer(Runtime rt, int partitions) {
        Frame raw = CsvReader.builder().runtime(rt).numPartitions(partitions)
            .read(TestData.dataset("breast_cancer.csv"));
        Frame assembled = new VectorAssembler()
            .inputCols(raw.schema().fields().stream().filter(f -> f.type().isNumeric()).map(Field::name)
                .toArray(String[]::new))
            .with(VectorAssembler.ELEMENT_TYPE, "double").transform(raw);
        StringIndexerModel labels = new StringIndexer().inputCol("diagnosis").outputCol("label")
            .with(StringIndexer.STRING_ORDER_TYPE, "alphabetAsc").fit(assembled);
        assertEquals(List.of("benign", "malignant"), labels.labels());
        return labels.transform(assembled).cache();
    }

    @Test
    void shouldAgreeAcrossPartitionings() {
        double[] reference = null;
        for (int partitions : new int[] {1, 4, 16}) {
            LogisticRegressionModel m = new LogisticRegression().regParam(0.01).tol(1e-10).maxIter(500)
                .fit(breastCancer(runtime, partitions));
            double[] coef = m.coefficients();
            if (reference == null) {
                reference = coef;
            }
            for (int j = 0; j < coef.length; j++) {
                assertEquals(reference[j], coef[j], 1e-6 * Math.max(1, Math.abs(reference[j])),
                    partitions + " partitions, coefficient " + j);
            }
        }
    }

    @Test
    void shouldPredictWellAndRoundTrip(@TempDir Path tmp) {
        Frame data = breastCancer(runtime, 3);
        LogisticRegressionModel m = new LogisticRegression().regParam(0.01).fit(data);
        double[] pred = m.transform(data).collectDoubles("prediction");
        double[] label = data.collectDoubles("label");
        int correct = 0;
        for (int i = 0; i < pred.length; i++) {
            correct += pred[i] == label[i] ? 1 : 0;
        }
        assertTrue(correct / (double) pred.length > 0.95, "training accuracy " + correct / (double) pred.length);
        double[] history = m.summary().objectiveHistory();
        assertTrue(history.length > 1 && history[history.length - 1] < history[0], "loss must decrease");
        StageContract.checkParams(m);
        StageContract.assertTransformRoundTrip(m, data, tmp.resolve("model"), 0.0);
    }

    @Test
    void shouldTreatAnIntegerWeightLikeRepeatedRows() {
        // rows 0..n-1 with weight 2 for even rows must fit like a frame where even rows appear twice
        int n = 400;
        java.util.SplittableRandom rnd = new java.util.SplittableRandom(dev.ember.ml.testkit.Seeds.announce(
            "shouldTreatAnIntegerWeightLikeRepeatedRows", 99));
        ColumnBuilder xw = new ColumnBuilder(Field.vector("features", 3, DataType.DOUBLE), n);
        ColumnBuilder yw = new ColumnBuilder(Field.of("label", DataType.DOUBLE, false), n);
        ColumnBuilder ww = new ColumnBuilder(Field.of("w", DataType.DOUBLE, false), n);
        ColumnBuilder xr = new ColumnBuilder(Field.vector("features", 3, DataType.DOUBLE), n);
        ColumnBuilder yr = new ColumnBuilder(Field.of("label", DataType.DOUBLE, false), n);
        for (int i = 0; i < n; i++) {
            double[] v = {rnd.nextGaussian(), rnd.nextGaussian(), rnd.nextGaussian()};
            double label = v[0] + 0.5 * v[1] + rnd.nextGaussian() > 0 ? 1 : 0;
            xw.appendVector(v);
            yw.appendDouble(label);
            ww.appendDouble(i % 2 == 0 ? 2 : 1);
            for (int copy = 0; copy < (i % 2 == 0 ? 2 : 1); copy++) {
                xr.appendVector(v);
                yr.appendDouble(label);
            }
        }
        Frame weighted = Frame.of(runtime, List.of(new Partition(0, List.of(xw.build(), yw.build(), ww.build()))));
        Frame repeated = Frame.of(runtime, List.of(new Partition(0, List.of(xr.build(), yr.build()))));
        // without standardization: with it, the weighted (reliability) variance m2 / (W - sum w^2 / W) differs from
        // the repeated rows' m2 / (n - 1), as in Spark, and so would the penalty
        LogisticRegression lr = new LogisticRegression().regParam(0.05).tol(1e-12).maxIter(500)
            .with(LogisticRegression.STANDARDIZATION, false);
        double[] a = lr.with(LogisticRegression.WEIGHT_COL, "w").fit(weighted).coefficients();
        double[] b = lr.fit(repeated).coefficients();
        for (int j = 0; j < a.length; j++) {
            assertEquals(b[j], a[j], 1e-6 * Math.max(1, Math.abs(b[j])), "coefficient " + j);
        }
    }

    @Test
    void shouldPredictWithPerClassThresholds() {
        Frame data = breastCancer(runtime, 2);
        LogisticRegressionModel m = new LogisticRegression().regParam(0.01).fit(data);
        double[] always1 = m.copy(dev.ember.ml.core.param.ParamMap.of(LogisticRegression.THRESHOLDS,
            new double[] {1, 0})).transform(data).collectDoubles("prediction");
        for (double p : always1) {
            assertEquals(1.0, p, "a zero threshold for class 1 predicts class 1");
        }
        double[] never = m.copy(dev.ember.ml.core.param.ParamMap.of(LogisticRegression.THRESHOLD, 1.0))
            .transform(data).collectDoubles("prediction");
        for (double p : never) {
            assertEquals(0.0, p, "threshold 1 never predicts class 1");
        }
    }

    @Test
    void shouldRejectLabelsThatAreNotClassIndices() {
        ColumnBuilder x = new ColumnBuilder(Field.vector("features", 1, DataType.DOUBLE), 3);
        ColumnBuilder y = new ColumnBuilder(Field.of("label", DataType.DOUBLE, false), 3);
        for (double v : new double[] {0, 1, 2.5}) {
            x.appendVector(new double[] {v});
            y.appendDouble(v);
        }
        Frame f = Frame.of(runtime, List.of(new Partition(0, List.of(x.build(), y.build()))));
        InvalidArgumentException e = assertThrows(InvalidArgumentException.class,
            () -> new LogisticRegression().fit(f));
        assertTrue(e.getMessage().contains("row 2") && e.getMessage().contains("2.5")
            && e.getMessage().contains("class index"), e.getMessage());
    }

    @Test
    void shouldReachTheSameOptimumWhenWarmStarted() {
        Frame data = breastCancer(runtime, 3);
        LogisticRegression lr = new LogisticRegression().regParam(0.01).elasticNetParam(0.5).tol(1e-12)
            .maxIter(2000);
        LogisticRegressionModel cold = lr.fit(data);
        LogisticRegressionModel warm = lr.fit(data, lr.regParam(0.05).fit(data));
        double[] a = cold.coefficients();
        double[] b = warm.coefficients();
        for (int j = 0; j < a.length; j++) {
            assertEquals(a[j], b[j], 1e-5 * Math.max(1, Math.abs(a[j])), "coefficient " + j);
            assertEquals(a[j] == 0, b[j] == 0, "zero pattern of coefficient " + j);
        }
        assertEquals(cold.intercept(), warm.intercept(), 1e-5 * Math.max(1, Math.abs(cold.intercept())));
        InvalidArgumentException e = assertThrows(InvalidArgumentException.class, () -> lr.fit(data,
            lr.with(LogisticRegression.FAMILY, "multinomial").maxIter(5).fit(data)));
        assertTrue(e.getMessage().contains("multinomial"), e.getMessage());
    }

    static Frame labelled(double[] labels) {
        ColumnBuilder x = new ColumnBuilder(Field.vector("features", 2, DataType.DOUBLE), labels.length);
        ColumnBuilder y = new ColumnBuilder(Field.of("label", DataType.DOUBLE, false), labels.length);
        java.util.SplittableRandom rnd = new java.util.SplittableRandom(dev.ember.ml.testkit.Seeds.announce(
            "labelled", 7));
        for (double v : labels) {
            x.appendVector(new double[] {rnd.nextGaussian() + v, rnd.nextGaussian()});
            y.appendDouble(v);
        }
        return Frame.of(runtime, List.of(new Partition(0, List.of(x.build(), y.build()))));
    }

    @Test
    void shouldReturnZeroCoefficientsAndAnInfiniteInterceptWhenTheLabelHasOneClass() {
        LogisticRegressionModel ones = new LogisticRegression().regParam(0.01).fit(labelled(new double[] {1, 1, 1,
            1, 1}));
        assertEquals(Double.POSITIVE_INFINITY, ones.intercept());
        assertEquals(0.0, java.util.Arrays.stream(ones.coefficients()).map(Math::abs).sum());
        LogisticRegressionModel zeros = new LogisticRegression().fit(labelled(new double[] {0, 0, 0, 0}));
        assertEquals(Double.NEGATIVE_INFINITY, zeros.intercept());
        assertEquals(0.0, zeros.transform(labelled(new double[] {0, 0})).collectDoubles("prediction")[0]);
        LogisticRegressionModel multi = new LogisticRegression().with(LogisticRegression.FAMILY, "multinomial")
            .fit(labelled(new double[] {2, 2, 2}));
        assertEquals(3, multi.numClasses());
        assertEquals(Double.POSITIVE_INFINITY, multi.intercepts()[2]);
        double[] pred = multi.transform(labelled(new double[] {2, 2})).collectDoubles("prediction");
        assertEquals(2.0, pred[0]);
    }

    @Test
    void shouldNameTheMissingClassesWhenNumericLabelsHaveGaps() {
        assertEquals(List.of(0, 4), LabelChecks.missingClasses(new double[] {0, 3, 1, 2, 0, 5}));
        assertEquals(-1, LabelChecks.onlyClass(new double[] {0, 3, 1}));
        assertEquals(1, LabelChecks.onlyClass(new double[] {0, 3}));
        LogisticRegressionModel m = new LogisticRegression().regParam(0.1).tol(1e-9).maxIter(500)
            .fit(labelled(new double[] {1, 2, 3, 5, 6, 7, 1, 2, 3, 5, 6, 7}));
        assertEquals(8, m.numClasses());
        assertTrue(m.summary().convergence().startsWith("converged"), m.summary().convergence());
    }
}
