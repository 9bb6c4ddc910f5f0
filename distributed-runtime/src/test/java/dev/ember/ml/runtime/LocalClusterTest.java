package dev.ember.ml.runtime;

import dev.ember.ml.algo.classification.LogisticRegression;
import dev.ember.ml.algo.classification.LogisticRegressionModel;
import dev.ember.ml.core.DataFingerprint;
import dev.ember.ml.core.MlException;
import dev.ember.ml.core.data.ColumnBuilder;
import dev.ember.ml.core.data.Frame;
import dev.ember.ml.core.data.DataType;
import dev.ember.ml.core.data.Field;
import dev.ember.ml.core.data.Schema;
import dev.ember.ml.core.runtime.AggregateCall;
import dev.ember.ml.core.runtime.Broadcast;
import dev.ember.ml.core.runtime.KernelParams;
import dev.ember.ml.core.runtime.MapCall;
import dev.ember.ml.core.runtime.Runtime;
import dev.ember.ml.core.runtime.ValueCodecs;
import dev.ember.ml.testkit.IntegrationTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A two-executor local cluster against the in-process runtime, on the same Parquet file. */
@IntegrationTest
@Timeout(180)
class LocalClusterTest {
    @TempDir
    static Path tmp;
    static Path file;
    static Runtime cluster;
    static Runtime local;

    @BeforeAll
    static void start() {
        ClusterTestData.deterministicKernels();
        file = ClusterTestData.writeLogistic(tmp.resolve("lr.parquet"), 20_000, 8, 2_500, 7);
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
    void shouldCountAndFingerprintLikeInProcess() {
        Frame c = ClusterTestData.read(cluster, file);
        Frame l = ClusterTestData.read(local, file);
        assertEquals(8, c.numPartitions());
        assertEquals(l.cache().count(), c.cache().count());
        assertEquals(DataFingerprint.of(l), DataFingerprint.of(c));
    }

    @Test
    void shouldFitLogisticRegressionLikeInProcess() {
        LogisticRegression lr = new LogisticRegression().regParam(0.01).maxIter(50).tol(1e-9);
        LogisticRegressionModel inProcess = lr.fit(ClusterTestData.read(local, file).cache());
        LogisticRegressionModel onCluster = lr.fit(ClusterTestData.read(cluster, file).cache());
        assertArrayEquals(inProcess.coefficients(), onCluster.coefficients(), 0.0);
        assertEquals(inProcess.intercept(), onCluster.intercept(), 0.0);
        assertTrue(cluster.cacheStats().usedBytes() > 0, cluster.cacheStats().toString());
    }

    @Test
    void shouldRunRoundsSubmittedConcurrentlyLikeInProcessWhenTrialsRunInParallel() throws Exception {
        double[] regParams = {0.001, 0.01, 0.1};
        LogisticRegressionModel[] expected = new LogisticRegressionModel[regParams.length];
        Frame l = ClusterTestData.read(local, file).cache();
        for (int i = 0; i < regParams.length; i++) {
            expected[i] = new LogisticRegression().regParam(regParams[i]).maxIter(20).tol(1e-9).fit(l);
        }
        Frame c = ClusterTestData.read(cluster, file).cache();
        java.util.concurrent.ExecutorService trials = java.util.concurrent.Executors.newFixedThreadPool(
            regParams.length);
        try {
            List<java.util.concurrent.Future<LogisticRegressionModel>> fits = new java.util.ArrayList<>();
            for (double regParam : regParams) {
                fits.add(trials.submit(() -> new LogisticRegression().regParam(regParam).maxIter(20).tol(1e-9)
                    .fit(c)));
            }
            for (int i = 0; i < regParams.length; i++) {
                LogisticRegressionModel m = fits.get(i).get(150, java.util.concurrent.TimeUnit.SECONDS);
                assertArrayEquals(expected[i].coefficients(), m.coefficients(), 0.0, "regParam " + regParams[i]);
                assertEquals(expected[i].intercept(), m.intercept(), 0.0, "regParam " + regParams[i]);
            }
        } finally {
            trials.shutdownNow();
        }
    }

    @Test
    void shouldFitAPlannedPipelineLikeInProcessWhenItsFusedLineageRunsOnExecutors() {
        dev.ember.ml.pipeline.Pipeline pipeline = new dev.ember.ml.pipeline.Pipeline(
            new dev.ember.ml.algo.feature.StandardScaler().inputCol("features").outputCol("scaled")
                .with(dev.ember.ml.algo.feature.StandardScaler.WITH_MEAN, true),
            new LogisticRegression().regParam(0.01).maxIter(20).tol(1e-9)
                .with(LogisticRegression.FEATURES_COL, "scaled"));
        dev.ember.ml.pipeline.PipelineModel l = pipeline.fit(ClusterTestData.read(local, file));
        dev.ember.ml.pipeline.PipelineModel c = pipeline.fit(ClusterTestData.read(cluster, file));
        LogisticRegressionModel lm = l.stage(LogisticRegressionModel.class);
        LogisticRegressionModel cm = c.stage(LogisticRegressionModel.class);
        assertArrayEquals(lm.coefficients(), cm.coefficients(), 0.0);
        assertEquals(lm.intercept(), cm.intercept(), 0.0);
        assertEquals(l.provenance().data(), c.provenance().data(), "pipeline input fingerprint from the first pass");
        // one read of the file: the scaler's pass retains its output for the logistic regression's pass
        assertEquals(1.0, l.executedPlan().orElseThrow().sourcePasses(), l.explain(true));
    }

    @Test
    void shouldAggregateVectorsLargerThanAnAeronMessageInChunks() {
        AggregateCall<double[]> call = AggregateCall.of(TestKernels.BigVector.class,
            KernelParams.builder().put("length", 2_500_000L).build());
        Frame c = ClusterTestData.read(cluster, file);
        Frame l = ClusterTestData.read(local, file);
        for (int depth : new int[] {1, 2, 3}) {
            assertArrayEquals(l.treeAggregate(call, depth), c.treeAggregate(call, depth), 0.0, "depth " + depth);
        }
    }

    @Test
    void shouldReadBroadcastsThroughMapNodes() {
        for (double scale : new double[] {2, -0.5}) {
            Broadcast<double[]> bc = cluster.broadcast(new double[] {scale}, ValueCodecs.DOUBLE_ARRAY);
            Broadcast<double[]> bl = local.broadcast(new double[] {scale}, ValueCodecs.DOUBLE_ARRAY);
            Schema s = Schema.of(Field.of("label", DataType.DOUBLE, false));
            MapCall id = MapCall.of(TestKernels.Identity.class, KernelParams.empty());
            double[] onCluster = ClusterTestData.read(cluster, file).mapPartitions(id, s).treeAggregate(
                AggregateCall.of(TestKernels.SumScaled.class, KernelParams.builder().put("col", "label")
                    .put("scale", bc).build()), 2);
            double[] inProcess = ClusterTestData.read(local, file).mapPartitions(id, s).treeAggregate(
                AggregateCall.of(TestKernels.SumScaled.class, KernelParams.builder().put("col", "label")
                    .put("scale", bl).build()), 2);
            assertArrayEquals(inProcess, onCluster, 0.0);
            bc.destroy();
            bl.destroy();
        }
    }

    @Test
    void shouldRefuseDataBuiltInTheDriver() {
        Frame f = Frame.ofColumns(cluster, ColumnBuilder.ofDoubles("x", 1, 2, 3));
        MlException e = assertThrows(MlException.class, () -> DataFingerprint.of(f));
        assertTrue(e.getMessage().contains("write it to Parquet first"), e.getMessage());
    }
}
