package dev.ember.ml.algo.feature;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ember.ml.core.InvalidArgumentException;
import dev.ember.ml.core.data.DataType;
import dev.ember.ml.core.data.Frame;
import dev.ember.ml.core.runtime.Runtime;
import dev.ember.ml.core.runtime.RuntimeConfig;
import dev.ember.ml.testkit.StageContract;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static dev.ember.ml.algo.feature.FeatureFixtures.assertClose;
import static dev.ember.ml.algo.feature.FeatureFixtures.doubles;
import static dev.ember.ml.algo.feature.FeatureFixtures.matrix;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * MinMaxScaler against numpy on wine.csv and ionosphere.csv (whose V2 is constant). Reference values:
 * {@code src/test/resources/reference/feature_transformers.py}.
 */
class MinMaxScalerTest {
    private static Runtime runtime;
    private static JsonNode reference;

    @BeforeAll
    static void setUp() {
        runtime = Runtime.inProcess(new RuntimeConfig().threads(2));
        reference = FeatureFixtures.reference("scalers_wine_ionosphere_iris.json");
    }

    @AfterAll
    static void tearDown() {
        runtime.close();
    }

    private static Frame wine(int partitions) {
        return FeatureFixtures.assembled(FeatureFixtures.csv(runtime, "wine.csv", partitions),
            reference.at("/wine/columns"));
    }

    @Test
    void shouldMatchNumpyMinMaxAndScalingOnEveryPartitioning() {
        for (int partitions : new int[] {1, 3, 8}) {
            Frame f = wine(partitions);
            MinMaxScalerModel m = new MinMaxScaler().with(MinMaxScaler.MIN, -1.0).fit(f);
            assertArrayEquals(doubles(reference.at("/wine/min")), m.originalMin(), 0.0);
            assertArrayEquals(doubles(reference.at("/wine/max")), m.originalMax(), 0.0);
            assertEquals(178, m.provenance().data().rowCount());
            double[][] out = m.transform(f).collectVectors("scaledFeatures");
            double[][] expected = matrix(reference.at("/wine/minmax_minus1_1_first5"));
            for (int r = 0; r < expected.length; r++) {
                assertClose(expected[r], out[r], 1e-12, partitions + " partitions, row " + r);
            }
            for (double[] row : out) {
                for (double v : row) {
                    assertTrue(v >= -1 && v <= 1, "out of [-1, 1]: " + v);
                }
            }
        }
    }

    @Test
    void shouldMapAConstantColumnToTheMiddleOfTheRange() {
        Frame f = FeatureFixtures.assembled(FeatureFixtures.csv(runtime, "ionosphere.csv", 2),
            reference.at("/ionosphere/columns"));
        MinMaxScalerModel m = new MinMaxScaler().fit(f);
        assertEquals(1, reference.at("/ionosphere/constant_columns").size());
        assertEquals(0.0, m.originalMin()[1]);
        assertEquals(0.0, m.originalMax()[1]);
        double[][] out = m.transform(f).collectVectors("scaledFeatures");
        double[][] expected = matrix(reference.at("/ionosphere/minmax_0_1_first5"));
        for (int r = 0; r < expected.length; r++) {
            assertClose(expected[r], out[r], 1e-12, "row " + r);
        }
        for (double[] row : out) {
            assertEquals(0.5, row[1], 0.0, "constant column V2 maps to (min + max) / 2");
        }
        double[][] shifted = m.with(MinMaxScaler.MIN, 2.0).with(MinMaxScaler.MAX, 6.0).transform(f)
            .collectVectors("scaledFeatures");
        assertEquals(4.0, shifted[7][1], 0.0);
    }

    @Test
    void shouldKeepNaNWhenTransformingAndRefuseItWhenFitting() {
        Frame clean = FeatureFixtures.vectors(runtime, new double[][] {{1, 10}, {3, 20}, {5, 30}}, 2);
        MinMaxScalerModel m = new MinMaxScaler().fit(clean);
        Frame withNaN = FeatureFixtures.vectors(runtime, new double[][] {{2, 10}, {3, Double.NaN}}, 1);
        double[][] out = m.transform(withNaN).collectVectors("scaledFeatures");
        assertArrayEquals(new double[] {0.25, 0.0}, out[0], 1e-15);
        assertEquals(0.5, out[1][0], 1e-15);
        assertTrue(Double.isNaN(out[1][1]));
        Frame bad = FeatureFixtures.vectors(runtime, new double[][] {{2, 10}, {3, 4}, {1, Double.NaN}}, 2);
        InvalidArgumentException e = assertThrows(InvalidArgumentException.class, () -> new MinMaxScaler().fit(bad));
        assertEquals("MinMaxScaler: column 'features', partition 1, row 0: found NaN at element 1, expected a finite"
            + " number (impute or filter it first)", e.getMessage());
    }

    @Test
    void shouldRefuseAMistypedColumnOrAnEmptyRangeBeforeComputing() {
        Frame poisoned = FeatureFixtures.poisoned(runtime);
        assertEquals("column 's': found string?, expected vector",
            FeatureFixtures.schemaError(() -> new MinMaxScaler().inputCol("s").fit(poisoned)));
        assertEquals("MinMaxScaler: found min=1.0, max=1.0, expected min < max", FeatureFixtures.schemaError(
            () -> new MinMaxScaler().with(MinMaxScaler.MIN, 1.0).fit(poisoned)));
        assertEquals("output column 'x' already exists; the columns are [x, s, n, features]",
            FeatureFixtures.schemaError(() -> new MinMaxScaler().outputCol("x").fit(poisoned)));
        MinMaxScalerModel m = new MinMaxScaler().fit(wine(1));
        assertEquals("column 'features': found width 1, expected 13 (the width the stage was fitted on)",
            FeatureFixtures.schemaError(() -> m.transform(poisoned)));
        assertThrows(InvalidArgumentException.class, () -> new MinMaxScaler().with(MinMaxScaler.MAX, Double.NaN));
        assertEquals(DataType.VECTOR, m.transformSchema(wine(1).schema()).field("scaledFeatures").type());
    }

    @Test
    void shouldRoundTripWithEqualOutput(@TempDir Path tmp) {
        Frame f = wine(3);
        MinMaxScaler est = new MinMaxScaler().with(MinMaxScaler.MIN, -2.0).outputCol("mm");
        MinMaxScalerModel m = est.fit(f);
        StageContract.checkParams(est);
        StageContract.checkParams(m);
        MinMaxScalerModel back = StageContract.assertTransformRoundTrip(m, f, tmp.resolve("model"), 0.0);
        assertArrayEquals(m.originalMax(), back.originalMax(), 0.0);
        StageContract.assertRoundTrip(est, tmp.resolve("estimator"));
    }
}
