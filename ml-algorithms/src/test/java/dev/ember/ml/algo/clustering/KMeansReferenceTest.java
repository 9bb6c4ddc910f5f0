package dev.ember.ml.algo.clustering;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ember.ml.core.data.Frame;
import dev.ember.ml.core.runtime.Runtime;
import dev.ember.ml.core.runtime.RuntimeConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Iterator;
import java.util.Map;

import static dev.ember.ml.algo.clustering.ClusteringFixtures.assertClose;
import static dev.ember.ml.algo.clustering.ClusteringFixtures.assertRelative;
import static dev.ember.ml.algo.clustering.ClusteringFixtures.matrix;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * k-means against scikit-learn's Lloyd ({@code KMeans(algorithm="lloyd", n_init=1, tol=0)}) from the same initial
 * centers on iris, wine, glass, vehicle, breast_cancer and digits, on 1, 4 and 16 partitions: the same centers
 * and cost to 1e-9 with double features, to 1e-5 (relative) with float32 features; the cosine measure against
 * a numpy transcription of Spark's algorithm. Reference: {@code reference/clustering_references.py}.
 */
class KMeansReferenceTest {
    private static Runtime runtime;
    private static JsonNode reference;

    @BeforeAll
    static void setUp() {
        runtime = Runtime.inProcess(new RuntimeConfig().threads(2));
        reference = ClusteringFixtures.reference("clustering_references.json");
    }

    @AfterAll
    static void tearDown() {
        runtime.close();
    }

    private static KMeans fromStart(JsonNode ref) {
        return new KMeans().initialCenters(matrix(ref.get("startCenters"))).maxIter(300).tol(0);
    }

    @Test
    void shouldReachScikitLearnsCentersAndCostFromTheSameStartOnEveryPartitioning() {
        for (Iterator<Map.Entry<String, JsonNode>> it = reference.get("kmeans").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode ref = e.getValue();
            double[][] expected = matrix(ref.get("centers"));
            for (int partitions : new int[] {1, 4, 16}) {
                String what = e.getKey() + ", " + partitions + " partitions";
                Frame f = ClusteringFixtures.data(runtime, e.getKey(), ref.get("columns"), "double", partitions);
                KMeansModel m = fromStart(ref).fit(f);
                double[][] centers = m.clusterCenters();
                for (int c = 0; c < expected.length; c++) {
                    assertClose(expected[c], centers[c], 1e-9, what + ", center " + c);
                }
                assertRelative(ref.get("cost").asDouble(), m.summary().trainingCost(), 1e-9, what + ", cost");
                assertRelative(ref.get("cost").asDouble(), m.computeCost(f), 1e-9, what + ", computeCost");
                long[] sizes = m.summary().clusterSizes();
                for (int c = 0; c < sizes.length; c++) {
                    assertEquals(ref.get("sizes").get(c).asLong(), sizes[c], what + ", size " + c);
                }
            }
        }
    }

    @Test
    void shouldReachTheSameCentersWithinFloatRoundingFromFloat32Features() {
        for (String dataset : new String[] {"iris.csv", "wine.csv", "digits.csv"}) {
            JsonNode ref = reference.at("/kmeans/" + dataset.replace("/", "~1"));
            Frame f = ClusteringFixtures.data(runtime, dataset, ref.get("columns"), "float", 3);
            KMeansModel m = fromStart(ref).fit(f);
            double[][] expected = matrix(ref.get("centers"));
            for (int c = 0; c < expected.length; c++) {
                assertClose(expected[c], m.clusterCenters()[c], 1e-5, dataset + " float, center " + c);
            }
            assertRelative(ref.get("cost").asDouble(), m.summary().trainingCost(), 1e-5, dataset + " float, cost");
        }
    }

    @Test
    void shouldMatchScikitLearnWithSampleWeights() {
        JsonNode ref = reference.at("/kmeans/iris.csv");
        JsonNode weighted = reference.get("weighted_iris");
        for (int partitions : new int[] {1, 7}) {
            Frame f = ClusteringFixtures.data(runtime, "iris.csv", ref.get("columns"), "double", partitions);
            KMeansModel m = fromStart(ref).weightCol("sepal_width").fit(f);
            double[][] expected = matrix(weighted.get("centers"));
            for (int c = 0; c < expected.length; c++) {
                assertClose(expected[c], m.clusterCenters()[c], 1e-9, "weighted iris, center " + c);
            }
            assertRelative(weighted.get("cost").asDouble(), m.summary().trainingCost(), 1e-9, "weighted cost");
        }
    }

    @Test
    void shouldMatchSparksCosineAlgorithm() {
        for (Iterator<Map.Entry<String, JsonNode>> it = reference.get("cosine").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode start = reference.get("kmeans").get(e.getKey());
            JsonNode ref = e.getValue();
            for (int partitions : new int[] {1, 4}) {
                String what = e.getKey() + " cosine, " + partitions + " partitions";
                Frame f = ClusteringFixtures.data(runtime, e.getKey(), start.get("columns"), "double", partitions);
                KMeansModel m = fromStart(start).distanceMeasure("cosine").fit(f);
                double[][] expected = matrix(ref.get("centers"));
                for (int c = 0; c < expected.length; c++) {
                    assertClose(expected[c], m.clusterCenters()[c], 1e-9, what + ", center " + c);
                }
                assertRelative(ref.get("cost").asDouble(), m.summary().trainingCost(), 1e-9, what + ", cost");
            }
        }
    }
}
