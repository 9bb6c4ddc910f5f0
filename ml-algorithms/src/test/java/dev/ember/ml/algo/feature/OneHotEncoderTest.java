package dev.ember.ml.algo.feature;

import dev.ember.ml.core.InvalidArgumentException;
import dev.ember.ml.core.data.DataType;
import dev.ember.ml.core.data.Field;
import dev.ember.ml.core.data.Frame;
import dev.ember.ml.core.runtime.Runtime;
import dev.ember.ml.core.runtime.RuntimeConfig;
import dev.ember.ml.testkit.StageContract;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** OneHotEncoder on iris.csv (indexed species) and digits.csv (digit 0..9): sizes, widths and invalid values. */
class OneHotEncoderTest {
    private static Runtime runtime;

    @BeforeAll
    static void setUp() {
        runtime = Runtime.inProcess(new RuntimeConfig().threads(2));
    }

    @AfterAll
    static void tearDown() {
        runtime.close();
    }

    private static Frame irisIndexed(int partitions) {
        Frame raw = FeatureFixtures.csv(runtime, "iris.csv", partitions);
        return new StringIndexer().inputCol("species").outputCol("label").fit(raw).transform(raw);
    }

    private static void assertOneHot(double[] index, double[][] encoded, int width, String what) {
        assertEquals(index.length, encoded.length, what);
        for (int r = 0; r < index.length; r++) {
            double[] expected = new double[width];
            if (index[r] < width) {
                expected[(int) index[r]] = 1;
            }
            assertArrayEquals(expected, encoded[r], 0.0, what + ", row " + r);
        }
    }

    @Test
    void shouldLearnCategorySizesAndEncodeSeveralColumnsInOnePass() {
        Frame digits = FeatureFixtures.csv(runtime, "digits.csv", 3);
        Frame f = digits;
        OneHotEncoderModel m = new OneHotEncoder().inputCols("digit", "p2").outputCols("digitVec", "p2Vec").fit(f);
        assertArrayEquals(new int[] {10, 17}, m.categorySizes());
        Frame out = m.transform(f);
        assertEquals(Field.vector("digitVec", 9, DataType.DOUBLE), out.schema().field("digitVec"));
        assertEquals(Field.vector("p2Vec", 16, DataType.DOUBLE), out.schema().field("p2Vec"));
        assertOneHot(f.collectDoubles("digit"), out.collectVectors("digitVec"), 9, "digit, dropLast");
        assertOneHot(f.collectDoubles("p2"), out.collectVectors("p2Vec"), 16, "p2, dropLast");
        double[][] all = m.with(OneHotEncoder.DROP_LAST, false).transform(f).collectVectors("digitVec");
        assertOneHot(f.collectDoubles("digit"), all, 10, "digit, all categories");
    }

    @Test
    void shouldEncodeIndexedStringsLikeSpark() {
        Frame f = irisIndexed(2);
        OneHotEncoderModel m = new OneHotEncoder().inputCols("label").outputCols("vec").fit(f);
        assertArrayEquals(new int[] {3}, m.categorySizes());
        double[][] v = m.transform(f).collectVectors("vec");
        assertArrayEquals(new double[] {1, 0}, v[0], 0.0);
        assertArrayEquals(new double[] {0, 1}, v[50], 0.0);
        assertArrayEquals(new double[] {0, 0}, v[100], 0.0);
    }

    @Test
    void shouldHandleInvalidValuesByErrorOrAnExtraCategory() {
        Frame train = FeatureFixtures.numbers(runtime, "c", DataType.DOUBLE, new Double[] {0.0, 1.0},
            new Double[] {2.0, 1.0});
        Frame test = FeatureFixtures.numbers(runtime, "c", DataType.DOUBLE, new Double[] {2.0, 3.0},
            new Double[] {null, Double.NaN, -1.0, 0.5, 0.0});
        OneHotEncoderModel m = new OneHotEncoder().inputCols("c").outputCols("v").fit(train);
        InvalidArgumentException e = assertThrows(InvalidArgumentException.class,
            () -> m.transform(test).collectVectors("v"));
        assertEquals("OneHotEncoderModel: column 'c', partition 0, row 1: found 3.0, expected a category index 0..2"
            + " as seen in fitting (set handleInvalid=keep to map invalid values to an extra category)",
            e.getMessage());
        OneHotEncoderModel keep = m.with(OneHotEncoder.HANDLE_INVALID, "keep");
        double[][] dropped = keep.transform(test).collectVectors("v");
        assertEquals(3, dropped[0].length, "K + 1 - 1 slots");
        assertArrayEquals(new double[] {0, 0, 1}, dropped[0], 0.0, "the last real category keeps its slot");
        for (int r = 1; r < 6; r++) {
            assertArrayEquals(new double[] {0, 0, 0}, dropped[r], 0.0, "invalid row " + r + " is all zeros");
        }
        assertArrayEquals(new double[] {1, 0, 0}, dropped[6], 0.0);
        double[][] all = keep.with(OneHotEncoder.DROP_LAST, false).transform(test).collectVectors("v");
        for (int r = 1; r < 6; r++) {
            assertArrayEquals(new double[] {0, 0, 0, 1}, all[r], 0.0, "invalid row " + r + " in the extra slot");
        }
    }

    @Test
    void shouldRefuseInvalidValuesWhenFittingNamingPartitionAndRow() {
        for (Double bad : new Double[] {null, Double.NaN, -1.0, 1.5}) {
            Frame f = FeatureFixtures.numbers(runtime, "c", DataType.DOUBLE, new Double[] {0.0},
                new Double[] {1.0, bad});
            InvalidArgumentException e = assertThrows(InvalidArgumentException.class,
                () -> new OneHotEncoder().inputCols("c").outputCols("v").fit(f));
            assertTrue(e.getMessage().startsWith("OneHotEncoder: column 'c', partition 1, row 1: found "
                + (bad == null ? "null" : bad) + ", expected a category index"), e.getMessage());
        }
        Frame one = FeatureFixtures.numbers(runtime, "c", DataType.INT, new Double[] {0.0, 0.0});
        InvalidArgumentException e = assertThrows(InvalidArgumentException.class,
            () -> new OneHotEncoder().inputCols("c").outputCols("v").fit(one));
        assertTrue(e.getMessage().startsWith("OneHotEncoder: column 'c': found 1 category, expected at least 2"),
            e.getMessage());
        assertArrayEquals(new int[] {1}, new OneHotEncoder().inputCols("c").outputCols("v")
            .with(OneHotEncoder.DROP_LAST, false).fit(one).categorySizes());
    }

    @Test
    void shouldRefuseMistypedOrMismatchedColumnsBeforeComputing() {
        Frame poisoned = FeatureFixtures.poisoned(runtime);
        assertEquals("column 's': found string?, expected double, float, int or long", FeatureFixtures.schemaError(
            () -> new OneHotEncoder().inputCols("x", "s").outputCols("a", "b").fit(poisoned)));
        assertEquals("OneHotEncoder: found 2 inputCols [x, n] and 1 outputCols [a], expected one output column per"
            + " input column", FeatureFixtures.schemaError(
                () -> new OneHotEncoder().inputCols("x", "n").outputCols("a").fit(poisoned)));
        assertTrue(FeatureFixtures.schemaError(() -> new OneHotEncoder().inputCols("x").outputCols("n")
            .fit(poisoned)).startsWith("output column 'n' already exists"));
    }

    @Test
    void shouldRoundTripWithEqualOutput(@TempDir Path tmp) {
        Frame f = irisIndexed(3);
        OneHotEncoder est = new OneHotEncoder().inputCols("label").outputCols("vec")
            .with(OneHotEncoder.HANDLE_INVALID, "keep");
        OneHotEncoderModel m = est.fit(f);
        StageContract.checkParams(est);
        StageContract.checkParams(m);
        OneHotEncoderModel back = StageContract.assertTransformRoundTrip(m, f, tmp.resolve("model"), 0.0);
        assertArrayEquals(m.categorySizes(), back.categorySizes());
        StageContract.assertRoundTrip(est, tmp.resolve("estimator"));
    }
}
