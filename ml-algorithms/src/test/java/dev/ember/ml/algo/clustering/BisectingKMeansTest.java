package dev.ember.ml.algo.clustering;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ember.ml.core.data.Frame;
import dev.ember.ml.core.runtime.Runtime;
import dev.ember.ml.core.runtime.RuntimeConfig;
import dev.ember.ml.testkit.Seeds;
import dev.ember.ml.testkit.StageContract;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static dev.ember.ml.algo.clustering.ClusteringFixtures.assertClose;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** BisectingKMeans: the tree it grows, determinism over partitionings, prediction by descent, persistence. */
class BisectingKMeansTest {
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

    private static Frame data(String dataset, int partitions) {
        return ClusteringFixtures.data(runtime, dataset, reference.at("/kmeans/" + dataset + "/columns"), "double",
            partitions);
    }

    @Test
    void shouldSplitIntoKLeavesWhoseCentersAreTheirRowsMeansOnEveryPartitioning() {
        long seed = Seeds.announce("BisectingKMeansTest.iris", 5);
        BisectingKMeansModel one = new BisectingKMeans().k(3).seed(seed).fit(data("iris.csv", 1));
        BisectingKMeansModel seven = new BisectingKMeans().k(3).seed(seed).fit(data("iris.csv", 7));
        assertEquals(3, one.k());
        assertArrayEquals(one.summary().clusterSizes(), seven.summary().clusterSizes());
        for (int c = 0; c < 3; c++) {
            assertClose(one.clusterCenters()[c], seven.clusterCenters()[c], 1e-12, "center " + c);
        }
        long total = 0;
        for (long s : one.summary().clusterSizes()) {
            total += s;
        }
        assertEquals(150, total);
        // iris' best 3-means cost is 78.85; bisecting gets close without being able to revise its first split
        assertTrue(one.summary().trainingCost() < 100, "cost " + one.summary().trainingCost());
        Frame f = data("iris.csv", 2);
        double[] pred = one.transform(f).collectDoubles("prediction");
        double[][] x = f.collectVectors("features");
        double[][] sums = new double[3][4];
        int[] counts = new int[3];
        for (int r = 0; r < x.length; r++) {
            int c = (int) pred[r];
            assertEquals(one.predict(x[r]), c);
            counts[c]++;
            for (int j = 0; j < 4; j++) {
                sums[c][j] += x[r][j];
            }
        }
        for (int c = 0; c < 3; c++) {
            assertEquals(one.summary().clusterSizes()[c], counts[c], "size " + c);
            for (int j = 0; j < 4; j++) {
                sums[c][j] /= counts[c];
            }
            assertClose(sums[c], one.clusterCenters()[c], 1e-9, "mean of cluster " + c);
        }
    }

    @Test
    void shouldGrowMoreLeavesWithLowerCostAndStopWhenNothingIsDivisible() {
        Frame f = data("digits.csv", 3);
        double previous = Double.POSITIVE_INFINITY;
        for (int k : new int[] {2, 5, 10}) {
            BisectingKMeansModel m = new BisectingKMeans().k(k).seed(2).fit(f);
            assertEquals(k, m.k());
            assertTrue(m.summary().trainingCost() < previous, "k " + k);
            previous = m.summary().trainingCost();
        }
        BisectingKMeansModel few = new BisectingKMeans().k(8).with(BisectingKMeans.MIN_DIVISIBLE_CLUSTER_SIZE, 0.9)
            .fit(f);
        assertEquals(2, few.k(), "only the root holds 90 % of the rows");
    }

    @Test
    void shouldRoundTripWithEqualPredictions(@TempDir Path tmp) {
        Frame f = data("wine.csv", 2);
        BisectingKMeans est = new BisectingKMeans().k(4).seed(9).distanceMeasure("cosine");
        BisectingKMeansModel m = est.fit(f);
        StageContract.checkParams(est);
        StageContract.checkParams(m);
        BisectingKMeansModel back = StageContract.assertTransformRoundTrip(m, f, tmp.resolve("model"), 0.0);
        assertEquals(m.summary().trainingCost(), back.summary().trainingCost());
        for (int c = 0; c < 4; c++) {
            assertArrayEquals(m.clusterCenters()[c], back.clusterCenters()[c]);
        }
        StageContract.assertRoundTrip(est, tmp.resolve("estimator"));
    }
}
