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
import java.util.Iterator;
import java.util.Map;

import static dev.ember.ml.algo.feature.FeatureFixtures.assertClose;
import static dev.ember.ml.algo.feature.FeatureFixtures.matrix;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Normalizer against numpy's {@code linalg.norm} (p = 1, 2, 3, Infinity) on iris.csv. Reference values:
 * {@code src/test/resources/reference/feature_transformers.py}.
 */
class NormalizerTest {
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

    private static Frame iris(String elementType) {
        return new VectorAssembler().inputCols(FeatureFixtures.strings(reference.at("/iris/columns")))
            .with(VectorAssembler.ELEMENT_TYPE, elementType).transform(FeatureFixtures.csv(runtime, "iris.csv", 3));
    }

    @Test
    void shouldMatchNumpyForEveryNorm() {
        Iterator<Map.Entry<String, JsonNode>> it = reference.at("/iris/normalized_first5").fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            double p = Double.parseDouble(e.getKey());
            double[][] out = new Normalizer().p(p).transform(iris("double")).collectVectors("normFeatures");
            double[][] expected = matrix(e.getValue());
            for (int r = 0; r < expected.length; r++) {
                assertClose(expected[r], out[r], 1e-15, "p=" + p + ", row " + r);
            }
            assertEquals(150, out.length);
        }
    }

    @Test
    void shouldKeepFloatElementsAndUnitNorm() {
        Frame f = iris("float");
        Frame out = new Normalizer().transform(f);
        assertEquals(DataType.FLOAT, out.schema().field("normFeatures").elementType());
        for (double[] row : out.collectVectors("normFeatures")) {
            double s = 0;
            for (double v : row) {
                s += v * v;
            }
            assertEquals(1.0, Math.sqrt(s), 1e-6);
        }
    }

    @Test
    void shouldLeaveAZeroRowAloneAndTurnARowWithNaNIntoNaN() {
        Frame f = FeatureFixtures.vectors(runtime, new double[][] {{0, 0}, {3, -4}, {1, Double.NaN}}, 2);
        double[][] out = new Normalizer().transform(f).collectVectors("normFeatures");
        assertArrayEquals(new double[] {0, 0}, out[0], 0.0);
        assertArrayEquals(new double[] {0.6, -0.8}, out[1], 1e-15);
        assertTrue(Double.isNaN(out[2][0]) && Double.isNaN(out[2][1]));
        double[][] max = new Normalizer().p(Double.POSITIVE_INFINITY).transform(f).collectVectors("normFeatures");
        assertArrayEquals(new double[] {0.75, -1}, max[1], 0.0);
    }

    @Test
    void shouldRefuseANormBelowOneAndAMistypedColumnBeforeComputing() {
        InvalidArgumentException e = assertThrows(InvalidArgumentException.class, () -> new Normalizer().p(0.5));
        assertEquals("Normalizer: param p: found 0.5, expected >= 1", e.getMessage());
        assertThrows(InvalidArgumentException.class, () -> new Normalizer().p(Double.NaN));
        Frame poisoned = FeatureFixtures.poisoned(runtime);
        assertEquals("column 'n': found int, expected vector",
            FeatureFixtures.schemaError(() -> new Normalizer().inputCol("n").transform(poisoned)));
    }

    @Test
    void shouldRoundTripWithEqualOutput(@TempDir Path tmp) {
        Normalizer n = new Normalizer().p(Double.POSITIVE_INFINITY).outputCol("unit");
        StageContract.checkParams(n);
        Normalizer back = StageContract.assertTransformRoundTrip(n, iris("double"), tmp.resolve("n"), 0.0);
        assertEquals(Double.POSITIVE_INFINITY, back.get(Normalizer.P));
    }
}
