package dev.ember.ml.algo.feature;

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
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** IndexToString as the inverse of StringIndexer on iris.csv's species, and its invalid-index errors. */
class IndexToStringTest {
    private static Runtime runtime;

    @BeforeAll
    static void setUp() {
        runtime = Runtime.inProcess(new RuntimeConfig().threads(2));
    }

    @AfterAll
    static void tearDown() {
        runtime.close();
    }

    @Test
    void shouldRestoreTheStringsAStringIndexerIndexed() {
        Frame raw = FeatureFixtures.csv(runtime, "iris.csv", 4);
        StringIndexerModel indexer = new StringIndexer().inputCol("species").outputCol("label").fit(raw);
        assertEquals(List.of("setosa", "versicolor", "virginica"), indexer.labels());
        Frame restored = IndexToString.from(indexer).outputCol("name").transform(indexer.transform(raw));
        assertEquals(DataType.STRING, restored.schema().field("name").type());
        assertFalse(restored.schema().field("name").nullable());
        assertEquals(raw.collectStrings("species"), restored.collectStrings("name"));
    }

    @Test
    void shouldReadIntegerIndexColumnsWithGivenLabels() {
        Frame digits = FeatureFixtures.csv(runtime, "digits.csv", 2);
        assertEquals(DataType.INT, digits.schema().field("digit").type());
        String[] names = {"zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"};
        List<String> out = new IndexToString().inputCol("digit").outputCol("word").labels(names).transform(digits)
            .collectStrings("word");
        double[] digit = digits.collectDoubles("digit");
        assertEquals(1797, out.size());
        for (int r = 0; r < digit.length; r++) {
            assertEquals(names[(int) digit[r]], out.get(r));
        }
    }

    @Test
    void shouldRefuseIndicesWithoutALabelNamingPartitionAndRow() {
        IndexToString its = new IndexToString().inputCol("i").outputCol("s").labels("a", "b", "c");
        Frame keepBucket = FeatureFixtures.numbers(runtime, "i", DataType.DOUBLE, new Double[] {0.0, 1.0},
            new Double[] {2.0, 3.0});
        InvalidArgumentException e = assertThrows(InvalidArgumentException.class,
            () -> its.transform(keepBucket).collectStrings("s"));
        assertEquals("IndexToString: column 'i', partition 1, row 1: found 3.0, expected an index 0..2 into the 3"
            + " labels (index 3 is StringIndexer's handleInvalid=keep bucket, which has no label)", e.getMessage());
        for (Double bad : new Double[] {null, Double.NaN, -1.0, 0.5}) {
            Frame f = FeatureFixtures.numbers(runtime, "i", DataType.DOUBLE, new Double[] {1.0, bad});
            e = assertThrows(InvalidArgumentException.class, () -> its.transform(f).collectStrings("s"));
            assertTrue(e.getMessage().startsWith("IndexToString: column 'i', partition 0, row 1: found "
                + (bad == null ? "null" : bad.toString())), e.getMessage());
        }
    }

    @Test
    void shouldRefuseAMistypedColumnOrMissingLabelsBeforeComputing() {
        Frame poisoned = FeatureFixtures.poisoned(runtime);
        assertEquals("column 's': found string?, expected double, float, int or long", FeatureFixtures.schemaError(
            () -> new IndexToString().inputCol("s").outputCol("o").labels("a").transform(poisoned)));
        assertTrue(FeatureFixtures.schemaError(() -> new IndexToString().inputCol("x").outputCol("o")
            .transform(poisoned)).startsWith("param labels is required"));
        assertThrows(InvalidArgumentException.class, () -> new IndexToString().labels());
    }

    @Test
    void shouldRoundTripWithEqualOutput(@TempDir Path tmp) {
        Frame raw = FeatureFixtures.csv(runtime, "iris.csv", 2);
        StringIndexerModel indexer = new StringIndexer().inputCol("species").outputCol("label").fit(raw);
        IndexToString its = IndexToString.from(indexer).outputCol("name");
        StageContract.checkParams(its);
        StageContract.assertTransformRoundTrip(its, indexer.transform(raw), tmp.resolve("its"), 0.0);
    }
}
