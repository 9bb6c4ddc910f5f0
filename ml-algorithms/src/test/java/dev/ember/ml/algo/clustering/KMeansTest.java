package dev.ember.ml.algo.clustering;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ember.ml.core.InvalidArgumentException;
import dev.ember.ml.core.data.DataType;
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
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** KMeans: k-means|| and random initialization, determinism, params, persistence and bad input. */
class KMeansTest {
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

    private static Frame digits(int partitions) {
        return ClusteringFixtures.data(runtime, "digits.csv", reference.at("/kmeans/digits.csv/columns"), "float",
            partitions);
    }

    @Test
    void shouldGiveTheSameModelForASeedWhateverThePartitioning() {
        long seed = Seeds.announce("KMeansTest.partitioning", 42);
        KMeans km = new KMeans().k(10).seed(seed);
        KMeansModel one = km.fit(digits(1));
        KMeansModel many = km.fit(digits(7));
        assertEquals(10, one.k());
        for (int c = 0; c < 10; c++) {
            assertClose(one.clusterCenters()[c], many.clusterCenters()[c], 1e-9, "center " + c);
        }
        assertArrayEquals(one.summary().clusterSizes(), many.summary().clusterSizes());
        KMeansModel other = km.seed(seed + 1).fit(digits(1));
        assertNotEquals(one.summary().trainingCost(), other.summary().trainingCost());
    }

    @Test
    void shouldInitializeWellWithKMeansParallelAndRandom() {
        long seed = Seeds.announce("KMeansTest.init", 7);
        Frame f = digits(3);
        // scikit-learn's Lloyd from random rows reaches 1.17e6 on digits (k = 10); k-means|| should be as good
        double parallel = new KMeans().k(10).seed(seed).fit(f).summary().trainingCost();
        double random = new KMeans().k(10).seed(seed).initMode("random").fit(f).summary().trainingCost();
        assertTrue(parallel < 1.25e6, "k-means|| cost " + parallel);
        assertTrue(random < 1.35e6, "random cost " + random);
        KMeansModel iris = new KMeans().k(3).seed(seed).fit(ClusteringFixtures.data(runtime, "iris.csv",
            reference.at("/kmeans/iris.csv/columns"), "double", 2));
        // the best 3-means cost of iris is 78.85
        assertEquals(78.851, iris.summary().trainingCost(), 0.01);
    }

    @Test
    void shouldGiveFewerCentersWhenTheDataHasFewerDistinctPoints() {
        Frame f = ClusteringFixtures.vectors(runtime, new double[][] {{1, 1}, {1, 1}, {5, 5}, {5, 5}, {9, 0}}, 2);
        for (String mode : new String[] {"k-means||", "random"}) {
            KMeansModel m = new KMeans().k(4).seed(3).initMode(mode).fit(f);
            assertEquals(3, m.k(), mode);
            assertEquals(0.0, m.summary().trainingCost(), 0.0, mode);
        }
    }

    @Test
    void shouldPredictTheNearestCenterAsAnIntColumn() {
        Frame f = digits(2);
        KMeansModel m = new KMeans().k(4).seed(3).fit(f);
        Frame out = m.transform(f);
        assertEquals(DataType.INT, out.schema().field("prediction").type());
        double[] pred = out.collectDoubles("prediction");
        double[][] x = f.collectVectors("features");
        long[] sizes = new long[4];
        for (int r = 0; r < x.length; r++) {
            assertEquals(m.predict(x[r]), (int) pred[r], "row " + r);
            sizes[(int) pred[r]]++;
        }
        assertArrayEquals(m.summary().clusterSizes(), sizes);
    }

    /**
     * Lloyd's sums are kept incrementally (only rows that change cluster are read); a plain Lloyd that recomputes
     * every sum each iteration, on data and a start where a cluster gains rows and later loses all of them, must
     * give the same centers and cost, on 1 and 3 partitions.
     */
    @Test
    void shouldMatchAPlainLloydWhenAClusterLosesAllItsRows() {
        long seed = Seeds.announce("KMeansTest.emptied", 11);
        java.util.Random rnd = new java.util.Random(seed);
        int k = 6;
        int iters = 25;
        double[][] rows = null;
        double[][] start = null;
        PlainLloyd plain = null;
        for (int attempt = 0; attempt < 500 && (plain == null || !plain.emptied); attempt++) {
            rows = new double[300][2];
            for (double[] r : rows) {
                int g = rnd.nextInt(3);
                r[0] = 4 * g + rnd.nextGaussian();
                r[1] = (g == 1 ? 4 : 0) + rnd.nextGaussian();
            }
            start = new double[k][2];
            for (double[] c : start) {
                c[0] = -4 + 16 * rnd.nextDouble();
                c[1] = -4 + 12 * rnd.nextDouble();
            }
            plain = new PlainLloyd(rows, start, iters);
        }
        assertTrue(plain.emptied, "found no start where a cluster loses all its rows");
        for (int partitions : new int[] {1, 3}) {
            KMeansModel m = new KMeans().initialCenters(start).maxIter(iters).tol(0)
                .fit(ClusteringFixtures.vectors(runtime, rows, partitions));
            assertEquals(plain.iterations, m.summary().numIter());
            for (int c = 0; c < k; c++) {
                assertClose(plain.centers[c], m.clusterCenters()[c], 1e-12, partitions + " partitions, center " + c);
            }
            ClusteringFixtures.assertRelative(plain.cost(), m.summary().trainingCost(), 1e-12,
                partitions + " partitions, cost");
        }
    }

    /**
     * Lloyd recomputing every sum each iteration; an empty cluster keeps its center (Spark); stops when no center
     * moved (tol 0).
     */
    private static final class PlainLloyd {
        final double[][] rows;
        final double[][] centers;
        boolean emptied;
        int iterations;

        PlainLloyd(double[][] rows, double[][] start, int iters) {
            this.rows = rows;
            centers = new double[start.length][];
            for (int c = 0; c < start.length; c++) {
                centers[c] = start[c].clone();
            }
            int[] before = new int[start.length];
            boolean moved = true;
            while (iterations < iters && moved) {
                iterations++;
                moved = false;
                double[][] sums = new double[start.length][rows[0].length];
                int[] counts = new int[start.length];
                for (double[] r : rows) {
                    int a = nearest(r);
                    counts[a]++;
                    for (int j = 0; j < r.length; j++) {
                        sums[a][j] += r[j];
                    }
                }
                for (int c = 0; c < start.length; c++) {
                    emptied |= before[c] > 0 && counts[c] == 0;
                    if (counts[c] > 0) {
                        for (int j = 0; j < sums[c].length; j++) {
                            double v = sums[c][j] / counts[c];
                            moved |= v != centers[c][j];
                            centers[c][j] = v;
                        }
                    }
                }
                before = counts;
            }
        }

        double sq(double[] r, int c) {
            double s = 0;
            for (int j = 0; j < r.length; j++) {
                s += (r[j] - centers[c][j]) * (r[j] - centers[c][j]);
            }
            return s;
        }

        int nearest(double[] r) {
            int best = 0;
            for (int c = 1; c < centers.length; c++) {
                if (sq(r, c) < sq(r, best)) {
                    best = c;
                }
            }
            return best;
        }

        double cost() {
            double s = 0;
            for (double[] r : rows) {
                s += sq(r, nearest(r));
            }
            return s;
        }
    }

    @Test
    void shouldStopWhenNoCenterMovesMoreThanTol() {
        Frame f = digits(2);
        KMeansModel loose = new KMeans().k(10).seed(5).tol(1e3).fit(f);
        assertEquals(1, loose.summary().numIter());
        KMeansModel capped = new KMeans().k(10).seed(5).maxIter(3).tol(0).fit(f);
        assertEquals(3, capped.summary().numIter());
    }

    @Test
    void shouldRoundTripAndKeepParamsContract(@TempDir Path tmp) {
        Frame f = digits(2);
        KMeans est = new KMeans().k(5).seed(11).distanceMeasure("cosine");
        KMeansModel m = est.fit(f);
        StageContract.checkParams(est);
        StageContract.checkParams(m);
        KMeansModel back = StageContract.assertTransformRoundTrip(m, f, tmp.resolve("model"), 0.0);
        for (int c = 0; c < 5; c++) {
            assertArrayEquals(m.clusterCenters()[c], back.clusterCenters()[c]);
        }
        assertEquals(m.summary().trainingCost(), back.summary().trainingCost());
        assertArrayEquals(m.summary().clusterSizes(), back.summary().clusterSizes());
        StageContract.assertRoundTrip(est, tmp.resolve("estimator"));
        KMeansModel restarted = new KMeans().initialModel(m).distanceMeasure("cosine").maxIter(0).fit(f);
        assertEquals(m.summary().trainingCost(), restarted.summary().trainingCost(), 1e-9);
    }

    @Test
    void shouldRefuseBadRowsAndMismatchedInitialCenters() {
        Frame bad = ClusteringFixtures.vectors(runtime,
            new double[][] {{1, 2}, {3, 4}, {5, Double.NaN}}, 2);
        InvalidArgumentException e = assertThrows(InvalidArgumentException.class,
            () -> new KMeans().k(2).fit(bad));
        assertEquals("column 'features', partition 1, row 0: found NaN at element 1, expected a finite number"
            + " (impute or filter it first)", e.getMessage());
        Frame zero = ClusteringFixtures.vectors(runtime,
            new double[][] {{1, 2}, {0, 0}, {5, 1}}, 1);
        e = assertThrows(InvalidArgumentException.class, () -> new KMeans().distanceMeasure("cosine").fit(zero));
        assertTrue(e.getMessage().startsWith("column 'features', partition 0, row 1: found a vector of norm 0"),
            e.getMessage());
        e = assertThrows(InvalidArgumentException.class, () -> new KMeans().initialCenters(
            new double[][] {{1, 2, 3}, {4, 5, 6}}).fit(zero));
        assertEquals("KMeans: found 6 initial center values, expected k * width = 2 * 2 = 4 (k must equal the"
            + " initial model's)", e.getMessage());
    }
}
