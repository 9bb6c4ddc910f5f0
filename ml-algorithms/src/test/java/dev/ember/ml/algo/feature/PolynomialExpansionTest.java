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
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * PolynomialExpansion: Spark's documented example, and iris.csv against monomials enumerated independently (all
 * exponent tuples, sorted by the reversed tuple).
 */
class PolynomialExpansionTest {
    private static Runtime runtime;

    @BeforeAll
    static void setUp() {
        runtime = Runtime.inProcess(new RuntimeConfig().threads(2));
    }

    @AfterAll
    static void tearDown() {
        runtime.close();
    }

    /** Every exponent tuple of d variables with total degree 1..degree, in Spark's order. */
    private static List<int[]> monomials(int d, int degree) {
        List<int[]> out = new ArrayList<>();
        int[] e = new int[d];
        while (true) {
            int total = 0;
            for (int v : e) {
                total += v;
            }
            if (total >= 1 && total <= degree) {
                out.add(e.clone());
            }
            int i = 0;
            while (i < d && ++e[i] > degree) {
                e[i++] = 0;
            }
            if (i == d) {
                break;
            }
        }
        Comparator<int[]> reversedLex = (a, b) -> {
            for (int i = d - 1; i >= 0; i--) {
                if (a[i] != b[i]) {
                    return Integer.compare(a[i], b[i]);
                }
            }
            return 0;
        };
        out.sort(reversedLex);
        return out;
    }

    @Test
    void shouldReproduceSparksDocumentedExample() {
        Frame f = FeatureFixtures.vectors(runtime, new double[][] {{2, 1}, {0, 0}, {3, -1}}, 2);
        double[][] out = new PolynomialExpansion().degree(3).transform(f).collectVectors("polyFeatures");
        assertArrayEquals(new double[] {2, 4, 8, 1, 2, 4, 1, 2, 1}, out[0], 0.0);
        assertArrayEquals(new double[9], out[1], 0.0);
        assertArrayEquals(new double[] {3, 9, 27, -1, -3, -9, 1, 3, -1}, out[2], 0.0);
    }

    @Test
    void shouldMatchIndependentlyEnumeratedMonomialsOnIris() {
        String[] cols = {"sepal_length", "sepal_width", "petal_length", "petal_width"};
        Frame iris = FeatureFixtures.assembled(FeatureFixtures.csv(runtime, "iris.csv", 3), cols);
        for (int degree = 1; degree <= 4; degree++) {
            List<int[]> monomials = monomials(4, degree);
            Frame out = new PolynomialExpansion().degree(degree).transform(iris);
            assertEquals(monomials.size(), out.schema().field("polyFeatures").vectorSize(), "degree " + degree);
            double[][] x = iris.collectVectors("features");
            double[][] y = out.collectVectors("polyFeatures");
            for (int r = 0; r < x.length; r++) {
                double[] expected = new double[monomials.size()];
                for (int m = 0; m < expected.length; m++) {
                    double v = 1;
                    for (int j = 0; j < 4; j++) {
                        v *= Math.pow(x[r][j], monomials.get(m)[j]);
                    }
                    expected[m] = v;
                }
                FeatureFixtures.assertClose(expected, y[r], 1e-13, "degree " + degree + ", row " + r);
            }
        }
    }

    @Test
    void shouldKeepTheElementTypeAndPropagateNaNButNotIntoZeroMonomials() {
        Frame floats = new VectorAssembler().inputCols("sepal_length", "sepal_width")
            .transform(FeatureFixtures.csv(runtime, "iris.csv", 1));
        assertEquals(Field.vector("polyFeatures", 5, DataType.FLOAT),
            new PolynomialExpansion().transform(floats).schema().field("polyFeatures"));
        Frame f = FeatureFixtures.vectors(runtime, new double[][] {{Double.NaN, 2}, {0, Double.NaN}}, 1);
        double[][] out = new PolynomialExpansion().transform(f).collectVectors("polyFeatures");
        assertArrayEquals(new double[] {Double.NaN, Double.NaN, 2, Double.NaN, 4}, out[0], 0.0);
        assertArrayEquals(new double[] {0, 0, Double.NaN, Double.NaN, Double.NaN}, out[1], 0.0);
    }

    @Test
    void shouldRefuseAMistypedColumnOrDegreeBeforeComputing() {
        Frame poisoned = FeatureFixtures.poisoned(runtime);
        assertEquals("column 'x': found double, expected vector",
            FeatureFixtures.schemaError(() -> new PolynomialExpansion().inputCol("x").transform(poisoned)));
        assertThrows(InvalidArgumentException.class, () -> new PolynomialExpansion().degree(0));
        assertEquals("PolynomialExpansion: found 1 features and degree 2147483647, expected an output width that fits"
            + " an int", FeatureFixtures.schemaError(() -> new PolynomialExpansion().degree(Integer.MAX_VALUE)
                .transform(poisoned)));
    }

    @Test
    void shouldRoundTripWithEqualOutput(@TempDir Path tmp) {
        Frame iris = FeatureFixtures.assembled(FeatureFixtures.csv(runtime, "iris.csv", 2), "sepal_length",
            "petal_width");
        PolynomialExpansion p = new PolynomialExpansion().degree(3).outputCol("poly");
        StageContract.checkParams(p);
        StageContract.assertTransformRoundTrip(p, iris, tmp.resolve("p"), 0.0);
    }
}
