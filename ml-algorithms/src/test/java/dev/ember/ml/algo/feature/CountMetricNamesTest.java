package dev.ember.ml.algo.feature;

import dev.ember.ml.core.data.Frame;
import dev.ember.ml.core.runtime.Runtime;
import dev.ember.ml.core.runtime.RuntimeConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * The counts a fit records (and MLflow logs as metrics) are named as counts: {@code numLabels}, not
 * {@code labels}, which reads as the labels themselves.
 */
class CountMetricNamesTest {
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
    void shouldNameCountsAsCounts() {
        Frame iris = FeatureFixtures.csv(runtime, "iris.csv", 2);
        Map<String, Double> indexer = new StringIndexer().inputCol("species").outputCol("label").fit(iris)
            .provenance().metrics();
        assertEquals(3.0, indexer.get("numLabels"));
        assertFalse(indexer.containsKey("labels"), indexer.toString());

        Frame digits = FeatureFixtures.csv(runtime, "digits.csv", 2);
        Map<String, Double> encoder = new OneHotEncoder().inputCols("digit").outputCols("digitVec").fit(digits)
            .provenance().metrics();
        assertEquals(10.0, encoder.get("numCategories.digit"));
        assertFalse(encoder.keySet().stream().anyMatch(k -> k.startsWith("categories.")), encoder.toString());
    }
}
