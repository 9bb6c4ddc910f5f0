package dev.ember.ml.algo.feature;

import dev.ember.ml.core.InvalidArgumentException;
import dev.ember.ml.core.data.Column;
import dev.ember.ml.core.data.ColumnBuilder;
import dev.ember.ml.core.data.DataType;
import dev.ember.ml.core.data.Field;
import dev.ember.ml.core.data.Frame;
import dev.ember.ml.core.data.Partition;
import dev.ember.ml.core.runtime.Runtime;
import dev.ember.ml.core.runtime.RuntimeConfig;
import dev.ember.ml.testkit.StageContract;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Bucketizer on iris.csv and on hand-made columns: bucket edges, infinite splits and the invalid-value policies. */
class BucketizerTest {
    private static final double INF = Double.POSITIVE_INFINITY;
    private static Runtime runtime;

    @BeforeAll
    static void setUp() {
        runtime = Runtime.inProcess(new RuntimeConfig().threads(2));
    }

    @AfterAll
    static void tearDown() {
        runtime.close();
    }

    /** The bucket by a linear scan: the number of inner splits at or below v (the last split closes the last). */
    private static double linearBucket(double[] splits, double v) {
        int b = 0;
        for (int i = 1; i < splits.length - 1; i++) {
            if (splits[i] <= v) {
                b = i;
            }
        }
        return b;
    }

    /** Two partitions: x = [0.5, NaN, 2] and [null, 1.5], beside a string column naming the rows. */
    private static Frame withInvalid() {
        Column[][] parts = new Column[2][];
        String[][] names = {{"a", "b", "c"}, {"d", "e"}};
        Double[][] values = {{0.5, Double.NaN, 2.0}, {null, 1.5}};
        for (int p = 0; p < 2; p++) {
            ColumnBuilder b = new ColumnBuilder(Field.of("x", DataType.DOUBLE, true), 3);
            for (Double v : values[p]) {
                if (v == null) {
                    b.appendNull();
                } else {
                    b.appendDouble(v);
                }
            }
            parts[p] = new Column[] {b.build(), ColumnBuilder.ofStrings("name", names[p])};
        }
        return Frame.of(runtime, List.of(new Partition(0, List.of(parts[0])), new Partition(1, List.of(parts[1]))));
    }

    @Test
    void shouldBucketIrisLikeALinearScanWithInfiniteOuterSplits() {
        Frame iris = FeatureFixtures.csv(runtime, "iris.csv", 3);
        double[] splits = {Double.NEGATIVE_INFINITY, 5.0, 6.0, 7.0, INF};
        double[] x = iris.collectDoubles("sepal_length");
        double[] b = new Bucketizer().inputCol("sepal_length").outputCol("bucket").splits(splits).transform(iris)
            .collectDoubles("bucket");
        int[] counts = new int[4];
        for (int r = 0; r < x.length; r++) {
            assertEquals(linearBucket(splits, x[r]), b[r], 0.0, "row " + r + ", x = " + x[r]);
            counts[(int) b[r]]++;
        }
        assertArrayEquals(new int[] {22, 61, 54, 13}, counts);
    }

    @Test
    void shouldCloseTheLastBucketAndOpenTheOthersOnTheRight() {
        Frame f = FeatureFixtures.numbers(runtime, "x", DataType.INT, new Double[] {0.0, 1.0, 2.0},
            new Double[] {3.0, 4.0});
        double[] b = new Bucketizer().inputCol("x").outputCol("b").splits(0, 1, 3, 4).transform(f)
            .collectDoubles("b");
        assertArrayEquals(new double[] {0, 1, 1, 2, 2}, b, 0.0);
        Frame zeros = FeatureFixtures.numbers(runtime, "x", DataType.DOUBLE, new Double[] {-0.0, 0.0});
        assertArrayEquals(new double[] {1, 1}, new Bucketizer().inputCol("x").outputCol("b").splits(-1, 0, 1)
            .transform(zeros).collectDoubles("b"), 0.0, "-0.0 falls where 0.0 does");
    }

    @Test
    void shouldApplyHandleInvalidToNullsAndNaN() {
        Bucketizer base = new Bucketizer().inputCol("x").outputCol("b").splits(0, 1, 2);
        InvalidArgumentException e = assertThrows(InvalidArgumentException.class,
            () -> base.transform(withInvalid()).collectDoubles("b"));
        assertEquals("Bucketizer: column 'x', partition 0, row 1: found NaN, expected a number (set handleInvalid to"
            + " skip or keep)", e.getMessage());
        Frame kept = base.with(Bucketizer.HANDLE_INVALID, "keep").transform(withInvalid());
        assertArrayEquals(new double[] {0, 2, 1, 2, 1}, kept.collectDoubles("b"), 0.0);
        Frame skipped = base.with(Bucketizer.HANDLE_INVALID, "skip").transform(withInvalid());
        assertArrayEquals(new double[] {0, 1, 1}, skipped.collectDoubles("b"), 0.0);
        assertEquals(List.of("a", "c", "e"), skipped.collectStrings("name"));
        assertArrayEquals(new double[] {0.5, 2, 1.5}, skipped.collectDoubles("x"), 0.0);
        assertEquals(withInvalid().schema().add(Field.of("b", DataType.DOUBLE, false)), skipped.schema());
    }

    @Test
    void shouldRefuseValuesOutsideTheSplitsWhateverTheHandleInvalid() {
        Frame f = FeatureFixtures.numbers(runtime, "x", DataType.DOUBLE, new Double[] {0.5}, new Double[] {2.5});
        for (String mode : new String[] {"error", "skip", "keep"}) {
            InvalidArgumentException e = assertThrows(InvalidArgumentException.class, () -> new Bucketizer()
                .inputCol("x").outputCol("b").splits(0, 1, 2).with(Bucketizer.HANDLE_INVALID, mode).transform(f)
                .collectDoubles("b"));
            assertEquals("Bucketizer: column 'x', partition 1, row 0: found 2.5, expected a value within the splits"
                + " [0.0, 2.0] (use -Infinity and Infinity as the outer splits to cover every number)", e.getMessage());
        }
    }

    @Test
    void shouldRefuseBadSplitsAndAMistypedColumnBeforeComputing() {
        for (double[] bad : new double[][] {{0, 1}, {0, 1, 1}, {0, 2, 1}, {0, Double.NaN, 1}}) {
            InvalidArgumentException e = assertThrows(InvalidArgumentException.class,
                () -> new Bucketizer().splits(bad));
            assertTrue(e.getMessage().endsWith("expected at least 3 strictly increasing split points, none NaN"),
                e.getMessage());
        }
        Frame poisoned = FeatureFixtures.poisoned(runtime);
        assertEquals("column 'features': found vector<double,1>, expected double, float, int or long",
            FeatureFixtures.schemaError(() -> new Bucketizer().inputCol("features").outputCol("b").splits(0, 1, 2)
                .transform(poisoned)));
        assertTrue(FeatureFixtures.schemaError(() -> new Bucketizer().inputCol("x").outputCol("b")
            .transform(poisoned)).startsWith("param splits is required"));
    }

    @Test
    void shouldRoundTripWithEqualOutput(@TempDir Path tmp) {
        Frame iris = FeatureFixtures.csv(runtime, "iris.csv", 2);
        Bucketizer b = new Bucketizer().inputCol("petal_width").outputCol("pw")
            .splits(Double.NEGATIVE_INFINITY, 0.5, 1.5, INF).with(Bucketizer.HANDLE_INVALID, "skip");
        StageContract.checkParams(b);
        Bucketizer back = StageContract.assertTransformRoundTrip(b, iris, tmp.resolve("b"), 0.0);
        assertArrayEquals(b.get(Bucketizer.SPLITS), back.get(Bucketizer.SPLITS), 0.0);
    }
}
