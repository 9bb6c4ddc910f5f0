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

import static dev.ember.ml.algo.feature.FeatureFixtures.doubles;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * QuantileDiscretizer against numpy's inverted-CDF quantiles on diabetes.csv, iris.csv and digits.csv (a pixel
 * column with many ties, so quantiles coincide). Reference values:
 * {@code src/test/resources/reference/feature_transformers.py}.
 */
class QuantileDiscretizerTest {
    private static Runtime runtime;
    private static JsonNode reference;

    @BeforeAll
    static void setUp() {
        runtime = Runtime.inProcess(new RuntimeConfig().threads(2));
        reference = FeatureFixtures.reference("quantile_discretizer.json");
    }

    @AfterAll
    static void tearDown() {
        runtime.close();
    }

    @Test
    void shouldMatchNumpyQuantileSplitsAndBucketCountsOnEveryPartitioning() {
        for (JsonNode c : reference.get("cases")) {
            for (int partitions : new int[] {1, 4}) {
                String what = c.get("dataset").asText() + " " + c.get("column").asText() + " into "
                    + c.get("numBuckets") + ", " + partitions + " partitions";
                Frame f = FeatureFixtures.csv(runtime, c.get("dataset").asText(), partitions);
                QuantileDiscretizerModel m = new QuantileDiscretizer().inputCol(c.get("column").asText())
                    .outputCol("bucket").numBuckets(c.get("numBuckets").asInt()).fit(f);
                assertArrayEquals(doubles(c.get("splits")), m.splits(), 0.0, what);
                double[] b = m.transform(f).collectDoubles("bucket");
                int[] counts = new int[m.numBuckets()];
                for (double v : b) {
                    counts[(int) v]++;
                }
                int[] expected = new int[counts.length];
                for (int i = 0; i < expected.length; i++) {
                    expected[i] = c.get("bucket_counts").get(i).asInt();
                }
                assertArrayEquals(expected, counts, what);
                for (int r = 0; r < 10; r++) {
                    assertEquals(c.get("first10").get(r).asDouble(), b[r], 0.0, what + ", row " + r);
                }
            }
        }
    }

    @Test
    void shouldIgnoreNullsAndNaNWhenFittingAndApplyHandleInvalidWhenTransforming() {
        Frame f = FeatureFixtures.numbers(runtime, "x", DataType.DOUBLE, new Double[] {4.0, null, 1.0},
            new Double[] {Double.NaN, 3.0, 2.0});
        QuantileDiscretizerModel m = new QuantileDiscretizer().inputCol("x").outputCol("b").fit(f);
        assertArrayEquals(new double[] {Double.NEGATIVE_INFINITY, 2, Double.POSITIVE_INFINITY}, m.splits(), 0.0,
            "the median of 1 2 3 4 by rank ceil(0.5 * 4)");
        InvalidArgumentException e = assertThrows(InvalidArgumentException.class,
            () -> m.transform(f).collectDoubles("b"));
        assertEquals("QuantileDiscretizerModel: column 'x', partition 0, row 1: found null, expected a number (set"
            + " handleInvalid to skip or keep)", e.getMessage());
        assertArrayEquals(new double[] {1, 2, 0, 2, 1, 1}, m.with(QuantileDiscretizer.HANDLE_INVALID, "keep")
            .transform(f).collectDoubles("b"), 0.0);
        assertArrayEquals(new double[] {1, 0, 1, 1}, m.with(QuantileDiscretizer.HANDLE_INVALID, "skip")
            .transform(f).collectDoubles("b"), 0.0);
        Bucketizer b = m.with(QuantileDiscretizer.HANDLE_INVALID, "skip").toBucketizer();
        assertArrayEquals(m.splits(), b.get(Bucketizer.SPLITS), 0.0);
        assertArrayEquals(new double[] {4, 1, 3, 2}, b.transform(f).collectDoubles("x"), 0.0);
    }

    @Test
    void shouldRefuseAColumnWithoutNumbersAndAMistypedColumnBeforeComputing() {
        Frame empty = FeatureFixtures.numbers(runtime, "x", DataType.DOUBLE, new Double[] {null, Double.NaN});
        InvalidArgumentException e = assertThrows(InvalidArgumentException.class,
            () -> new QuantileDiscretizer().inputCol("x").outputCol("b").fit(empty));
        assertTrue(e.getMessage().startsWith("QuantileDiscretizer: column 'x': found no value"), e.getMessage());
        Frame poisoned = FeatureFixtures.poisoned(runtime);
        assertEquals("column 's': found string?, expected double, float, int or long", FeatureFixtures.schemaError(
            () -> new QuantileDiscretizer().inputCol("s").outputCol("b").fit(poisoned)));
        assertThrows(InvalidArgumentException.class, () -> new QuantileDiscretizer().numBuckets(1));
        assertThrows(InvalidArgumentException.class,
            () -> new QuantileDiscretizer().with(QuantileDiscretizer.RELATIVE_ERROR, 1.5));
    }

    @Test
    void shouldRoundTripWithEqualOutput(@TempDir Path tmp) {
        Frame f = FeatureFixtures.csv(runtime, "diabetes.csv", 3);
        QuantileDiscretizer est = new QuantileDiscretizer().inputCol("bmi").outputCol("bmiBucket").numBuckets(5);
        QuantileDiscretizerModel m = est.fit(f);
        StageContract.checkParams(est);
        StageContract.checkParams(m);
        QuantileDiscretizerModel back = StageContract.assertTransformRoundTrip(m, f, tmp.resolve("model"), 0.0);
        assertArrayEquals(m.splits(), back.splits(), 0.0);
        StageContract.assertRoundTrip(est, tmp.resolve("estimator"));
    }
}
