package dev.ember.ml.algo.feature;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ember.ml.core.InvalidArgumentException;
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
 * MaxAbsScaler against numpy on wine.csv and ionosphere.csv (values in [-1, 1], V2 all zero). Reference values:
 * {@code src/test/resources/reference/feature_transformers.py}.
 */
class MaxAbsScalerTest {
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
    void shouldMatchNumpyOnWineOnEveryPartitioning() {
        for (int partitions : new int[] {1, 4}) {
            Frame f = wine(partitions);
            MaxAbsScalerModel m = new MaxAbsScaler().fit(f);
            assertArrayEquals(doubles(reference.at("/wine/maxAbs")), m.maxAbs(), 0.0);
            double[][] out = m.transform(f).collectVectors("scaledFeatures");
            double[][] expected = matrix(reference.at("/wine/maxabs_scaled_first5"));
            for (int r = 0; r < expected.length; r++) {
                assertClose(expected[r], out[r], 1e-15, partitions + " partitions, row " + r);
            }
        }
    }

    @Test
    void shouldUseTheLargerMagnitudeOfNegativeValuesAndKeepAZeroColumnZero() {
        Frame ion = FeatureFixtures.assembled(FeatureFixtures.csv(runtime, "ionosphere.csv", 3),
            reference.at("/ionosphere/columns"));
        MaxAbsScalerModel m = new MaxAbsScaler().fit(ion);
        assertArrayEquals(doubles(reference.at("/ionosphere/maxAbs")), m.maxAbs(), 0.0);
        for (double[] row : m.transform(ion).collectVectors("scaledFeatures")) {
            assertEquals(0.0, row[1], 0.0, "all-zero column V2 stays 0");
        }
        Frame f = FeatureFixtures.vectors(runtime, new double[][] {{-4, 1}, {2, -0.5}, {1, 0.25}}, 2);
        MaxAbsScalerModel small = new MaxAbsScaler().fit(f);
        assertArrayEquals(new double[] {4, 1}, small.maxAbs(), 0.0);
        assertArrayEquals(new double[][] {{-1, 1}, {0.5, -0.5}, {0.25, 0.25}},
            small.transform(f).collectVectors("scaledFeatures"));
    }

    @Test
    void shouldRefuseAMistypedColumnBeforeComputingAndNaNWhenFitting() {
        Frame poisoned = FeatureFixtures.poisoned(runtime);
        assertEquals("column 'x': found double, expected vector",
            FeatureFixtures.schemaError(() -> new MaxAbsScaler().inputCol("x").fit(poisoned)));
        Frame bad = FeatureFixtures.vectors(runtime, new double[][] {{1, 2}, {Double.POSITIVE_INFINITY, 1}}, 1);
        InvalidArgumentException e = assertThrows(InvalidArgumentException.class, () -> new MaxAbsScaler().fit(bad));
        assertTrue(e.getMessage().startsWith("MaxAbsScaler: column 'features', partition 0, row 1: found Infinity"
            + " at element 0"), e.getMessage());
    }

    @Test
    void shouldRoundTripWithEqualOutput(@TempDir Path tmp) {
        Frame f = wine(2);
        MaxAbsScaler est = new MaxAbsScaler().outputCol("ma");
        MaxAbsScalerModel m = est.fit(f);
        StageContract.checkParams(est);
        StageContract.checkParams(m);
        StageContract.assertTransformRoundTrip(m, f, tmp.resolve("model"), 0.0);
        StageContract.assertRoundTrip(est, tmp.resolve("estimator"));
    }
}
