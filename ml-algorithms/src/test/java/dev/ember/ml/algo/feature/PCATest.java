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
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * PCA against numpy's {@code eigh} of the sample covariance on iris.csv (k = 2) and digits.csv (64 pixels, some
 * constant; k = 5), with the same sign convention. Reference values:
 * {@code src/test/resources/reference/feature_transformers.py}.
 */
class PCATest {
    private static Runtime runtime;
    private static JsonNode reference;

    @BeforeAll
    static void setUp() {
        runtime = Runtime.inProcess(new RuntimeConfig().threads(2));
        reference = FeatureFixtures.reference("pca_iris_digits.json");
    }

    @AfterAll
    static void tearDown() {
        runtime.close();
    }

    private static Frame data(String dataset, int partitions) {
        JsonNode ref = reference.get(dataset);
        return FeatureFixtures.assembled(FeatureFixtures.csv(runtime, dataset, partitions), ref.get("columns"));
    }

    @Test
    void shouldMatchNumpyEighOnIrisAndDigitsOnEveryPartitioning() {
        for (String dataset : new String[] {"iris.csv", "digits.csv"}) {
            JsonNode ref = reference.get(dataset);
            double[][] expectedPc = matrix(ref.get("pc"));
            for (int partitions : new int[] {1, 3, 7}) {
                String what = dataset + ", " + partitions + " partitions";
                Frame f = data(dataset, partitions);
                PCAModel m = new PCA().k(ref.get("k").asInt()).fit(f);
                assertClose(doubles(ref.get("explainedVariance")), m.explainedVariance(), 1e-12, what);
                double[][] pc = m.pc();
                assertEquals(expectedPc.length, pc.length, what);
                for (int j = 0; j < pc.length; j++) {
                    assertClose(expectedPc[j], pc[j], 1e-9, what + ", pc row " + j);
                }
                double[][] projected = m.transform(f).collectVectors("pcaFeatures");
                double[][] expected = matrix(ref.get("projected_first5"));
                for (int r = 0; r < expected.length; r++) {
                    assertClose(expected[r], projected[r], 1e-9, what + ", projected row " + r);
                }
            }
        }
    }

    @Test
    void shouldOrientEachComponentWithItsLargestEntryPositiveAndKeepAllOfThemOrthonormal() {
        PCAModel m = new PCA().k(4).fit(data("iris.csv", 2));
        double[][] pc = m.pc();
        double sum = 0;
        for (int c = 0; c < 4; c++) {
            int at = 0;
            for (int j = 0; j < 4; j++) {
                if (Math.abs(pc[j][c]) > Math.abs(pc[at][c])) {
                    at = j;
                }
                for (int c2 = 0; c2 < 4; c2++) {
                    double dot = 0;
                    for (int i = 0; i < 4; i++) {
                        dot += pc[i][c] * pc[i][c2];
                    }
                    assertEquals(c == c2 ? 1 : 0, dot, 1e-12);
                }
            }
            assertTrue(pc[at][c] > 0, "component " + c);
            sum += m.explainedVariance()[c];
            assertTrue(c == 0 || m.explainedVariance()[c] <= m.explainedVariance()[c - 1]);
        }
        assertEquals(1.0, sum, 1e-12);
    }

    @Test
    void shouldProjectFloatBlocksIntoFloatOutput() {
        String[] cols = FeatureFixtures.strings(reference.at("/iris.csv/columns"));
        Frame f = new VectorAssembler().inputCols(cols).transform(FeatureFixtures.csv(runtime, "iris.csv", 2));
        PCAModel m = new PCA().k(2).fit(f);
        Frame out = m.transform(f);
        assertEquals(DataType.FLOAT, out.schema().field("pcaFeatures").elementType());
        assertClose(doubles(reference.at("/iris.csv/explainedVariance")), m.explainedVariance(), 1e-6, "float");
        assertClose(doubles(reference.at("/iris.csv/projected_first5/0")), out.collectVectors("pcaFeatures")[0],
            1e-5, "float row 0");
    }

    @Test
    void shouldRefuseNaNAndTooFewRowsWhenFitting() {
        Frame nan = FeatureFixtures.vectors(runtime, new double[][] {{1, 2}, {3, 4}, {5, Double.NaN}}, 2);
        InvalidArgumentException e = assertThrows(InvalidArgumentException.class, () -> new PCA().k(1).fit(nan));
        assertEquals("PCA: column 'features', partition 1, row 0: found NaN at element 1, expected a finite number"
            + " (impute or filter it first)", e.getMessage());
        Frame one = FeatureFixtures.vectors(runtime, new double[][] {{1, 2}}, 1);
        e = assertThrows(InvalidArgumentException.class, () -> new PCA().k(1).fit(one));
        assertEquals("PCA: column 'features': found 1 rows, expected at least 2 to estimate a covariance",
            e.getMessage());
    }

    @Test
    void shouldRefuseAMistypedColumnOrTooLargeKBeforeComputing() {
        Frame poisoned = FeatureFixtures.poisoned(runtime);
        assertEquals("column 's': found string?, expected vector",
            FeatureFixtures.schemaError(() -> new PCA().k(1).inputCol("s").fit(poisoned)));
        assertEquals("PCA: found k=2, expected at most the width 1 of column 'features'",
            FeatureFixtures.schemaError(() -> new PCA().k(2).fit(poisoned)));
        assertTrue(FeatureFixtures.schemaError(() -> new PCA().fit(poisoned)).startsWith("param k is required"));
        PCAModel m = new PCA().k(2).fit(data("iris.csv", 1));
        assertEquals("column 'features': found width 1, expected 4 (the width the stage was fitted on)",
            FeatureFixtures.schemaError(() -> m.transform(poisoned)));
    }

    @Test
    void shouldRoundTripWithEqualOutput(@TempDir Path tmp) {
        Frame f = data("digits.csv", 3);
        PCA est = new PCA().k(3).outputCol("pcs");
        PCAModel m = est.fit(f);
        StageContract.checkParams(est);
        StageContract.checkParams(m);
        PCAModel back = StageContract.assertTransformRoundTrip(m, f, tmp.resolve("model"), 0.0);
        for (int j = 0; j < m.pc().length; j++) {
            assertClose(m.pc()[j], back.pc()[j], 0.0, "pc row " + j);
        }
        StageContract.assertRoundTrip(est, tmp.resolve("estimator"));
    }
}
