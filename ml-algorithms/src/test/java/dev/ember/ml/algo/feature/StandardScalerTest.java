package dev.ember.ml.algo.feature;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ember.ml.core.InvalidArgumentException;
import dev.ember.ml.core.data.DataType;
import dev.ember.ml.core.data.Frame;
import dev.ember.ml.core.io.CsvReader;
import dev.ember.ml.core.persist.StageIO;
import dev.ember.ml.core.runtime.CacheStats;
import dev.ember.ml.core.runtime.Runtime;
import dev.ember.ml.core.runtime.RuntimeConfig;
import dev.ember.ml.testkit.StageContract;
import dev.ember.ml.testkit.TestData;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * StandardScaler against numpy on breast_cancer.csv. Reference values: {@code
 * src/test/resources/reference/standard_scaler_breast_cancer.py} (numpy mean and std with ddof=1, float64).
 */
class StandardScalerTest {
    private static final double REL_TOL = 1e-9;
    private static Runtime runtime;
    private static JsonNode reference;

    @BeforeAll
    static void setUp() throws IOException {
        runtime = Runtime.inProcess(new RuntimeConfig().threads(2));
        reference = new ObjectMapper().readTree(
            StandardScalerTest.class.getResourceAsStream("/reference/standard_scaler_breast_cancer.json"));
    }

    @AfterAll
    static void tearDown() {
        runtime.close();
    }

    private static Frame breastCancer(Runtime rt, int partitions) {
        return CsvReader.builder().runtime(rt).numPartitions(partitions)
            .read(TestData.dataset("breast_cancer.csv"));
    }

    private static Frame assembled(Frame raw) {
        String[] cols = raw.schema().fields().stream().filter(f -> f.type().isNumeric())
            .map(dev.ember.ml.core.data.Field::name).toArray(String[]::new);
        return new VectorAssembler().inputCols(cols).with(VectorAssembler.ELEMENT_TYPE, "double").transform(raw);
    }

    private static double[] refArray(String key) {
        JsonNode a = reference.get(key);
        double[] out = new double[a.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = a.get(i).asDouble();
        }
        return out;
    }

    private static void assertRelative(double[] expected, double[] actual, double tol, String what) {
        assertEquals(expected.length, actual.length, what + " width");
        for (int j = 0; j < expected.length; j++) {
            double scale = Math.max(Math.abs(expected[j]), 1e-300);
            assertTrue(Math.abs(expected[j] - actual[j]) / scale <= tol,
                what + "[" + j + "]: expected " + expected[j] + ", found " + actual[j]);
        }
    }

    @Test
    void shouldMatchNumpyMeanAndSampleStdOnEveryPartitioning() {
        for (int partitions : new int[] {1, 4, 16}) {
            Frame f = assembled(breastCancer(runtime, partitions));
            assertEquals(partitions, f.numPartitions());
            StandardScalerModel m = new StandardScaler().fit(f);
            assertRelative(refArray("mean"), m.mean(), REL_TOL, "mean, " + partitions + " partitions");
            assertRelative(refArray("std_ddof1"), m.std(), REL_TOL, "std, " + partitions + " partitions");
            assertEquals(569, m.provenance().data().rowCount());
        }
    }

    @Test
    void shouldScaleLikeNumpy() {
        Frame f = assembled(breastCancer(runtime, 3));
        StandardScalerModel m = new StandardScaler().with(StandardScaler.WITH_MEAN, true).fit(f);
        double[][] scaled = m.transform(f).collectVectors("scaledFeatures");
        assertEquals(569, scaled.length);
        assertRelative(refArray("first_row_scaled_with_mean"), scaled[0], 1e-8, "row 0 scaled");
    }

    @Test
    void shouldRoundTripWithEqualOutput(@TempDir Path tmp) {
        Frame f = assembled(breastCancer(runtime, 4));
        StandardScalerModel m = new StandardScaler().with(StandardScaler.WITH_MEAN, true).outputCol("z").fit(f);
        StageContract.checkParams(m);
        StageContract.checkParams(new StandardScaler());
        StandardScalerModel back = StageContract.assertTransformRoundTrip(m, f, tmp.resolve("model"), 0.0);
        assertArrayEquals(m.std(), back.std(), 0.0);
        StageContract.assertRoundTrip(new StandardScaler().inputCol("x"), tmp.resolve("estimator"));
    }

    @Test
    void shouldLoadTheGoldenModelOfRelease010() {
        Path golden = TestData.repoRoot().resolve("ml-algorithms/src/test/resources/golden/standard_scaler_v1");
        StandardScalerModel m = StageIO.load(golden, StandardScalerModel.class);
        assertRelative(refArray("mean"), m.mean(), REL_TOL, "golden mean");
        assertEquals(true, m.get(StandardScaler.WITH_MEAN));
        assertEquals(569, m.provenance().data().rowCount());
    }

    @Test
    void shouldFitTheSameWhenTheCachedDataIsTwiceTheBudget() {
        double[] fitsInBudget;
        double[] stdInBudget;
        try (Runtime rt = Runtime.inProcess(new RuntimeConfig().threads(2).cacheMaxBytes(64L << 20))) {
            Frame f = assembled(CsvReader.builder().runtime(rt).numPartitions(8)
                .read(TestData.dataset("letter_recognition.csv"))).cache();
            StandardScalerModel m = new StandardScaler().fit(f);
            fitsInBudget = m.mean();
            stdInBudget = m.std();
            assertEquals(0, rt.cacheStats().evictions());
        }
        try (Runtime probe = Runtime.inProcess(new RuntimeConfig().threads(2))) {
            Frame f = assembled(CsvReader.builder().runtime(probe).numPartitions(8)
                .read(TestData.dataset("letter_recognition.csv"))).cacheNow();
            long dataBytes = probe.cacheStats().usedBytes();
            try (Runtime rt = Runtime.inProcess(new RuntimeConfig().threads(2).cacheMaxBytes(dataBytes / 2))) {
                Frame g = assembled(CsvReader.builder().runtime(rt).numPartitions(8)
                    .read(TestData.dataset("letter_recognition.csv"))).cache();
                for (int pass = 0; pass < 3; pass++) {
                    StandardScalerModel m = new StandardScaler().fit(g);
                    assertArrayEquals(fitsInBudget, m.mean(), 0.0, "pass " + pass);
                    assertArrayEquals(stdInBudget, m.std(), 0.0, "pass " + pass);
                }
                CacheStats s = rt.cacheStats();
                assertTrue(s.evictions() > 0, "data twice the budget must evict: " + s);
                assertTrue(s.usedBytes() <= s.maxBytes(), "must end under budget: " + s);
            }
        }
    }

    @Test
    void shouldRefuseNaNAndAMissingOrMistypedColumnBeforeComputing() {
        Frame f = breastCancer(runtime, 2);
        InvalidArgumentException e = assertThrows(InvalidArgumentException.class,
            () -> new StandardScaler().fit(f));
        assertEquals("column 'features' not found; the columns are " + f.schema().names(), e.getMessage());
        e = assertThrows(InvalidArgumentException.class,
            () -> new StandardScaler().inputCol("diagnosis").fit(f));
        assertTrue(e.getMessage().startsWith("column 'diagnosis': found string")
            && e.getMessage().endsWith("expected vector"), e.getMessage());
        Frame withNaN = new VectorAssembler().inputCols("x").with(VectorAssembler.HANDLE_INVALID, "keep")
            .transform(Frame.ofColumns(runtime, dev.ember.ml.core.data.ColumnBuilder.ofDoubles("x", 1, Double.NaN)));
        e = assertThrows(InvalidArgumentException.class, () -> new StandardScaler().fit(withNaN));
        assertTrue(e.getMessage().contains("element 0") && e.getMessage().contains("NaN"), e.getMessage());
        assertEquals(DataType.VECTOR, withNaN.schema().field("features").type());
        assertTrue(List.of("x", "features").equals(withNaN.schema().names()));
    }
}
