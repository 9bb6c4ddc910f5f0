package dev.ember.ml.algo.evaluation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ember.ml.algo.feature.StringIndexer;
import dev.ember.ml.algo.feature.VectorAssembler;
import dev.ember.ml.core.InvalidArgumentException;
import dev.ember.ml.core.data.DataType;
import dev.ember.ml.core.data.Frame;
import dev.ember.ml.core.io.CsvReader;
import dev.ember.ml.core.runtime.Runtime;
import dev.ember.ml.core.runtime.RuntimeConfig;
import dev.ember.ml.testkit.TestData;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.util.Iterator;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The silhouette against scikit-learn's {@code silhouette_score} ({@code metric="sqeuclidean"} and
 * {@code "cosine"}) on six real datasets with their class labels as cluster ids, on 1 and 5 partitions.
 * Reference: {@code reference/clustering_references.py}.
 */
class ClusteringEvaluatorTest {
    private static Runtime runtime;
    private static JsonNode reference;

    @BeforeAll
    static void setUp() throws IOException {
        runtime = Runtime.inProcess(new RuntimeConfig().threads(2));
        try (InputStream in = ClusteringEvaluatorTest.class.getResourceAsStream(
            "/reference/clustering_references.json")) {
            reference = new ObjectMapper().readTree(in);
        }
    }

    @AfterAll
    static void tearDown() {
        runtime.close();
    }

    private static Frame labelled(String dataset, JsonNode ref, int partitions) {
        Frame raw = CsvReader.builder().runtime(runtime).numPartitions(partitions).read(TestData.dataset(dataset));
        String[] cols = new String[ref.get("columns").size()];
        for (int i = 0; i < cols.length; i++) {
            cols[i] = ref.get("columns").get(i).asText();
        }
        Frame f = new VectorAssembler().inputCols(cols).with(VectorAssembler.ELEMENT_TYPE, "double").transform(raw);
        String label = ref.get("label").asText();
        if (f.schema().field(label).type() == DataType.STRING) {
            f = new StringIndexer().inputCol(label).outputCol("cluster").fit(f).transform(f);
        } else {
            f = f.withColumn("cluster", label);
        }
        return f;
    }

    @Test
    void shouldEqualScikitLearnsSilhouetteScore() {
        for (Iterator<Map.Entry<String, JsonNode>> it = reference.get("silhouette").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            for (int partitions : new int[] {1, 5}) {
                Frame f = labelled(e.getKey(), e.getValue(), partitions);
                ClusteringEvaluator ev = new ClusteringEvaluator().predictionCol("cluster");
                String what = e.getKey() + ", " + partitions + " partitions";
                double sq = ev.evaluate(f);
                double cos = ev.distanceMeasure("cosine").evaluate(f);
                double refSq = e.getValue().get("squaredEuclidean").asDouble();
                double refCos = e.getValue().get("cosine").asDouble();
                assertEquals(refSq, sq, 1e-9, what + ", squaredEuclidean");
                assertEquals(refCos, cos, 1e-9, what + ", cosine");
            }
        }
    }

    @Test
    void shouldRefuseASingleClusterAndBadIds() {
        Frame f = labelled("iris.csv", reference.at("/silhouette/iris.csv"), 1);
        Frame one = f.withColumn("one", "0");
        InvalidArgumentException e = assertThrows(InvalidArgumentException.class,
            () -> new ClusteringEvaluator().predictionCol("one").evaluate(one));
        assertEquals("ClusteringEvaluator: column 'one': found 1 cluster(s) of positive weight, expected at least 2"
            + " for a silhouette", e.getMessage());
        Frame negative = f.withColumn("neg", "cluster - 1.5");
        e = assertThrows(InvalidArgumentException.class,
            () -> new ClusteringEvaluator().predictionCol("neg").evaluate(negative));
        assertTrue(e.getMessage().startsWith("column 'neg', partition 0, row 0 (file "), e.getMessage());
        assertTrue(new ClusteringEvaluator().isLargerBetter());
    }
}
