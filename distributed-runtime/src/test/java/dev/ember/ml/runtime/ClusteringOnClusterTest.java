package dev.ember.ml.runtime;

import dev.ember.ml.algo.bayes.NaiveBayes;
import dev.ember.ml.algo.bayes.NaiveBayesModel;
import dev.ember.ml.algo.clustering.GaussianMixture;
import dev.ember.ml.algo.clustering.GaussianMixtureModel;
import dev.ember.ml.algo.clustering.KMeans;
import dev.ember.ml.algo.clustering.KMeansModel;
import dev.ember.ml.core.data.Frame;
import dev.ember.ml.core.runtime.Runtime;
import dev.ember.ml.testkit.IntegrationTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * k-means (k-means|| start, Hamerly state frames persisted on the executors), the Gaussian mixture and naive
 * Bayes on {@code local-cluster[2]} give the models they give in-process, on the same Parquet file.
 */
@IntegrationTest
@Timeout(180)
class ClusteringOnClusterTest {
    @TempDir
    static Path tmp;
    static Path file;
    static Runtime cluster;
    static Runtime local;

    @BeforeAll
    static void start() {
        ClusterTestData.deterministicKernels();
        file = ClusterTestData.writeLogistic(tmp.resolve("blobs.parquet"), 20_000, 8, 2_500, 11);
        cluster = Runtime.localCluster(2);
        local = Runtime.inProcess();
    }

    @AfterAll
    static void stop() {
        if (cluster != null) {
            cluster.close();
        }
        if (local != null) {
            local.close();
        }
    }

    @Test
    void shouldFitTheSameKMeansModelOnTheCluster() {
        KMeans km = new KMeans().k(5).seed(3).maxIter(10);
        KMeansModel inProcess = km.fit(ClusterTestData.read(local, file).cache());
        KMeansModel onCluster = km.fit(ClusterTestData.read(cluster, file).cache());
        for (int c = 0; c < 5; c++) {
            assertArrayEquals(inProcess.clusterCenters()[c], onCluster.clusterCenters()[c], 1e-12, "center " + c);
        }
        assertEquals(inProcess.summary().trainingCost(), onCluster.summary().trainingCost(),
            1e-12 * inProcess.summary().trainingCost());
        assertArrayEquals(inProcess.summary().clusterSizes(), onCluster.summary().clusterSizes());
        assertEquals(inProcess.summary().numIter(), onCluster.summary().numIter());
    }

    @Test
    void shouldFitTheSameMixtureAndNaiveBayesOnTheCluster() {
        Frame l = ClusterTestData.read(local, file).cache();
        Frame c = ClusterTestData.read(cluster, file).cache();
        GaussianMixture gm = new GaussianMixture().k(2).seed(5).maxIter(5);
        GaussianMixtureModel lg = gm.fit(l);
        GaussianMixtureModel cg = gm.fit(c);
        assertEquals(lg.summary().logLikelihood(), cg.summary().logLikelihood(),
            1e-10 * Math.abs(lg.summary().logLikelihood()));
        assertArrayEquals(lg.weights(), cg.weights(), 1e-10);
        NaiveBayes nb = new NaiveBayes().modelType("gaussian");
        NaiveBayesModel ln = nb.fit(l);
        NaiveBayesModel cn = nb.fit(c);
        assertArrayEquals(ln.pi(), cn.pi(), 1e-12);
        for (int k = 0; k < ln.numClasses(); k++) {
            assertArrayEquals(ln.theta()[k], cn.theta()[k], 1e-12);
            assertArrayEquals(ln.sigma()[k], cn.sigma()[k], 1e-12);
        }
    }
}
