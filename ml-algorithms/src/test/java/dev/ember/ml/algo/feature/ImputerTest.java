package dev.ember.ml.algo.feature;

import com.fasterxml.jackson.databind.JsonNode;
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

/**
 * Imputer against numpy on pima_indians_diabetes.csv, where 0 marks a missing glucose, blood pressure, skin
 * thickness, insulin or BMI. Reference values: {@code src/test/resources/reference/feature_transformers.py}.
 */
class ImputerTest {
    private static final String[] COLUMNS = {"glucose", "pressure", "triceps", "insulin", "mass"};
    private static final String[] OUTPUTS = {"glucose_i", "pressure_i", "triceps_i", "insulin_i", "mass_i"};
    private static Runtime runtime;
    private static JsonNode reference;

    @BeforeAll
    static void setUp() {
        runtime = Runtime.inProcess(new RuntimeConfig().threads(2));
        reference = FeatureFixtures.reference("imputer_pima.json");
    }

    @AfterAll
    static void tearDown() {
        runtime.close();
    }

    private static Imputer pimaImputer(String strategy) {
        return new Imputer().inputCols(COLUMNS).outputCols(OUTPUTS).strategy(strategy)
            .with(Imputer.MISSING_VALUE, 0.0);
    }

    @Test
    void shouldMatchNumpyMeanMedianAndModeOnEveryPartitioning() {
        for (int partitions : new int[] {1, 5}) {
            Frame pima = FeatureFixtures.csv(runtime, "pima_indians_diabetes.csv", partitions);
            for (String strategy : new String[] {"mean", "median", "mode"}) {
                double[] s = pimaImputer(strategy).fit(pima).surrogates();
                for (int i = 0; i < COLUMNS.length; i++) {
                    JsonNode ref = reference.at("/columns/" + COLUMNS[i]);
                    double expected = ref.get("median".equals(strategy) ? "median_lower" : strategy).asDouble();
                    assertEquals(expected, s[i], "mean".equals(strategy) ? 1e-12 * expected : 0.0,
                        strategy + " of " + COLUMNS[i] + ", " + partitions + " partitions");
                }
            }
        }
    }

    @Test
    void shouldReplaceMissingValuesKeepingTheColumnType() {
        Frame pima = FeatureFixtures.csv(runtime, "pima_indians_diabetes.csv", 3);
        ImputerModel m = pimaImputer("mean").fit(pima);
        Frame out = m.transform(pima);
        assertEquals(Field.of("glucose_i", DataType.INT, false), out.schema().field("glucose_i"));
        assertEquals(Field.of("mass_i", DataType.DOUBLE, false), out.schema().field("mass_i"));
        for (int i = 0; i < COLUMNS.length; i++) {
            double[] before = pima.collectDoubles(COLUMNS[i]);
            double[] after = out.collectDoubles(OUTPUTS[i]);
            double surrogate = m.surrogates()[i];
            boolean integral = pima.schema().field(COLUMNS[i]).type() == DataType.INT;
            int replaced = 0;
            for (int r = 0; r < before.length; r++) {
                if (before[r] == 0) {
                    assertEquals(integral ? (int) surrogate : surrogate, after[r], 0.0, COLUMNS[i] + " row " + r);
                    replaced++;
                } else {
                    assertEquals(before[r], after[r], 0.0, COLUMNS[i] + " row " + r);
                }
            }
            assertEquals(reference.at("/columns/" + COLUMNS[i] + "/n_missing").asInt(), replaced, COLUMNS[i]);
        }
    }

    @Test
    void shouldTreatNullsAndNaNAsMissingByDefault() {
        Frame f = FeatureFixtures.numbers(runtime, "x", DataType.DOUBLE, new Double[] {1.0, Double.NaN, null, 4.0},
            new Double[] {2.0, 3.0});
        ImputerModel m = new Imputer().inputCols("x").outputCols("y").fit(f);
        assertArrayEquals(new double[] {2.5}, m.surrogates(), 0.0);
        assertArrayEquals(new double[] {1, 2.5, 2.5, 4, 2, 3}, m.transform(f).collectDoubles("y"), 0.0);
    }

    @Test
    void shouldKeepNaNWhenAnotherMissingValueIsSetAsSparkDoes() {
        Frame f = FeatureFixtures.numbers(runtime, "x", DataType.DOUBLE, new Double[] {-1.0, Double.NaN, 4.0},
            new Double[] {null, 2.0});
        ImputerModel m = new Imputer().inputCols("x").outputCols("y").with(Imputer.MISSING_VALUE, -1.0).fit(f);
        assertArrayEquals(new double[] {3}, m.surrogates(), 0.0, "-1, NaN and null are left out of the mean");
        double[] out = m.transform(f).collectDoubles("y");
        assertEquals(3, out[0]);
        assertTrue(Double.isNaN(out[1]));
        assertArrayEquals(new double[] {4, 3, 2}, new double[] {out[2], out[3], out[4]}, 0.0);
    }

    @Test
    void shouldTakeTheLowerMedianTheSmallestModeAndTruncateForIntegers() {
        Frame f = FeatureFixtures.numbers(runtime, "x", DataType.INT, new Double[] {4.0, 1.0, null},
            new Double[] {3.0, 2.0, 2.0, 1.0});
        assertArrayEquals(new double[] {2}, new Imputer().inputCols("x").outputCols("y").strategy("median").fit(f)
            .surrogates(), 0.0, "lower median of 1 1 2 2 3 4");
        Frame even = FeatureFixtures.numbers(runtime, "x", DataType.DOUBLE, new Double[] {4.0, 1.0},
            new Double[] {3.0, 2.0});
        assertArrayEquals(new double[] {2}, new Imputer().inputCols("x").outputCols("y").strategy("median")
            .fit(even).surrogates(), 0.0, "x[ceil(4 / 2)] = 2, where numpy's median is 2.5");
        assertArrayEquals(new double[] {1}, new Imputer().inputCols("x").outputCols("y").strategy("mode").fit(f)
            .surrogates(), 0.0, "1 and 2 both occur twice: the smaller wins");
        ImputerModel mean = new Imputer().inputCols("x").outputCols("y").fit(f);
        assertEquals(13.0 / 6, mean.surrogates()[0], 1e-15);
        assertEquals(2.0, mean.transform(f).collectDoubles("y")[2], 0.0, "int output: 2.1666 truncated to 2");
        Frame negative = FeatureFixtures.numbers(runtime, "x", DataType.LONG, new Double[] {-2.0, -1.0, null});
        assertEquals(-1.0, new Imputer().inputCols("x").outputCols("y").fit(negative).transform(negative)
            .collectDoubles("y")[2], 0.0, "-1.5 truncated toward zero");
    }

    @Test
    void shouldRefuseAColumnWithNothingToFitOn() {
        Frame f = FeatureFixtures.numbers(runtime, "x", DataType.DOUBLE, new Double[] {0.0, null},
            new Double[] {Double.NaN});
        for (String strategy : new String[] {"mean", "median", "mode"}) {
            InvalidArgumentException e = assertThrows(InvalidArgumentException.class, () -> new Imputer()
                .inputCols("x").outputCols("y").strategy(strategy).with(Imputer.MISSING_VALUE, 0.0).fit(f));
            assertEquals("Imputer: column 'x': found no value to compute the " + strategy + " from, expected at"
                + " least one that is not null, NaN or the missingValue 0.0", e.getMessage());
        }
    }

    @Test
    void shouldRefuseMistypedOrMismatchedColumnsBeforeComputing() {
        Frame poisoned = FeatureFixtures.poisoned(runtime);
        assertEquals("column 'features': found vector<double,1>, expected double, float, int or long",
            FeatureFixtures.schemaError(() -> new Imputer().inputCols("x", "features").outputCols("a", "b")
                .fit(poisoned)));
        assertTrue(FeatureFixtures.schemaError(() -> new Imputer().inputCols("x").outputCols("a", "b")
            .fit(poisoned)).startsWith("Imputer: found 1 inputCols [x] and 2 outputCols [a, b]"));
        assertThrows(InvalidArgumentException.class, () -> new Imputer().strategy("most_frequent"));
    }

    @Test
    void shouldRoundTripWithEqualOutput(@TempDir Path tmp) {
        Frame pima = FeatureFixtures.csv(runtime, "pima_indians_diabetes.csv", 2);
        Imputer est = pimaImputer("median");
        ImputerModel m = est.fit(pima);
        StageContract.checkParams(est);
        StageContract.checkParams(m);
        ImputerModel back = StageContract.assertTransformRoundTrip(m, pima, tmp.resolve("model"), 0.0);
        assertArrayEquals(m.surrogates(), back.surrogates(), 0.0);
        StageContract.assertRoundTrip(new Imputer().inputCols("a").outputCols("b"), tmp.resolve("default-nan"));
    }
}
