package dev.ember.ml.algo.stat;

import dev.ember.ml.algo.feature.StandardScaler;
import dev.ember.ml.algo.feature.StandardScalerModel;
import dev.ember.ml.algo.feature.VectorAssembler;
import dev.ember.ml.core.data.ColumnBuilder;
import dev.ember.ml.core.data.DataType;
import dev.ember.ml.core.data.Field;
import dev.ember.ml.core.data.Frame;
import dev.ember.ml.core.data.Partition;
import dev.ember.ml.core.io.CsvReader;
import dev.ember.ml.core.runtime.Runtime;
import dev.ember.ml.core.runtime.RuntimeConfig;
import dev.ember.ml.testkit.Seeds;
import dev.ember.ml.testkit.TestData;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Column moments over float32 blocks: the kernels widen every float to double before any arithmetic, so the mean
 * and the sample standard deviation of a float block equal those of the same (float-rounded) values held as
 * doubles, to double rounding, on every partitioning. The reference is a plain two-pass mean and variance in
 * double over the collected values.
 */
class SummarizerFloatTest {
    /** The claim of docs/Algorithms.md is 1e-9; double accumulation gives far better than that. */
    private static final double REL_TOL = 1e-12;
    private static Runtime runtime;

    @BeforeAll
    static void setUp() {
        runtime = Runtime.inProcess(new RuntimeConfig().threads(2));
    }

    @AfterAll
    static void tearDown() {
        runtime.close();
    }

    /** A dataset's numeric columns as one block of {@code elementType}. */
    private static Frame assembled(String dataset, int partitions, String elementType) {
        Frame raw = CsvReader.builder().runtime(runtime).numPartitions(partitions).read(TestData.dataset(dataset));
        return new VectorAssembler().inputCols(raw.schema().fields().stream().filter(f -> f.type().isNumeric())
                .map(Field::name).toArray(String[]::new))
            .with(VectorAssembler.ELEMENT_TYPE, elementType).transform(raw);
    }

    /**
     * Columns with a large offset against their spread (the case where float accumulators cancel badly): column j
     * is {@code 10^j + N(0, 1)} for j = 0..4, rounded to float, in {@code partitions} partitions.
     */
    private static Frame offsetColumns(int n, int partitions, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        List<Partition> parts = new ArrayList<>();
        int per = (n + partitions - 1) / partitions;
        for (int p = 0; p < partitions; p++) {
            int rows = Math.min(per, n - p * per);
            ColumnBuilder x = new ColumnBuilder(Field.vector("features", 17, DataType.FLOAT), rows);
            for (int r = 0; r < rows; r++) {
                double[] v = new double[17];
                for (int j = 0; j < v.length; j++) {
                    v[j] = Math.pow(10, j % 5) + rnd.nextGaussian();
                }
                x.appendVector(v);
            }
            parts.add(new Partition(p, List.of(x.build())));
        }
        return Frame.of(runtime, parts);
    }

    /** @return {mean, sample std} per column of the collected values, two-pass in double */
    private static double[][] twoPass(double[][] rows) {
        int d = rows[0].length;
        double[] mean = new double[d];
        double[] std = new double[d];
        for (double[] r : rows) {
            for (int j = 0; j < d; j++) {
                mean[j] += r[j];
            }
        }
        for (int j = 0; j < d; j++) {
            mean[j] /= rows.length;
        }
        for (double[] r : rows) {
            for (int j = 0; j < d; j++) {
                std[j] += (r[j] - mean[j]) * (r[j] - mean[j]);
            }
        }
        for (int j = 0; j < d; j++) {
            std[j] = Math.sqrt(std[j] / (rows.length - 1));
        }
        return new double[][] {mean, std};
    }

    private static void assertRelative(double[] expected, double[] actual, String what) {
        assertEquals(expected.length, actual.length, what + " width");
        for (int j = 0; j < expected.length; j++) {
            double err = Math.abs(expected[j] - actual[j]) / Math.max(Math.abs(expected[j]), 1e-300);
            assertTrue(err <= REL_TOL, what + "[" + j + "]: expected " + expected[j] + ", found " + actual[j]
                + " (relative error " + err + ")");
        }
    }

    @Test
    void shouldGiveTheDoubleMomentsOfTheFloatValuesWhenColumnsHaveLargeOffsets() {
        long seed = Seeds.announce("SummarizerFloatTest.offsets", 20261205);
        for (int partitions : new int[] {1, 3, 7}) {
            Frame f = offsetColumns(20_000, partitions, seed);
            double[][] ref = twoPass(f.collectVectors("features"));
            ColumnSummary s = Summarizer.summarize(f, "features", null, null, 2).features();
            assertRelative(ref[0], s.mean(), "mean, " + partitions + " partitions");
            assertRelative(ref[1], s.std(), "std, " + partitions + " partitions");
        }
    }

    @Test
    void shouldScaleFloatFeaturesWithTheStdOfTheirValuesOnEveryPartitioning() {
        for (String dataset : new String[] {"vehicle.csv", "sonar.csv", "breast_cancer.csv"}) {
            for (int partitions : new int[] {1, 3, 7}) {
                Frame f = assembled(dataset, partitions, "float");
                double[][] ref = twoPass(f.collectVectors("features"));
                StandardScalerModel m = new StandardScaler().inputCol("features").fit(f);
                assertRelative(ref[0], m.mean(), dataset + " mean, " + partitions + " partitions");
                assertRelative(ref[1], m.std(), dataset + " std, " + partitions + " partitions");
            }
        }
    }
}
