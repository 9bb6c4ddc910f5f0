package dev.ember.ml.runtime;

import dev.ember.ml.algo.classification.LogisticRegression;
import dev.ember.ml.algo.classification.LogisticRegressionModel;
import dev.ember.ml.core.runtime.Runtime;
import dev.ember.ml.testkit.IntegrationTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Executors that die (SIGKILL) or hang (SIGSTOP) in the middle of a logistic-regression fit: the fit completes
 * on the remaining executor with the same model as in-process; so do two fits whose rounds are in flight together
 * when an executor dies.
 */
@IntegrationTest
@Timeout(240)
class ExecutorFailureTest {
    @TempDir
    static Path tmp;
    static Path file;
    static LogisticRegressionModel reference;
    ClusterRuntime cluster;

    static LogisticRegression lr() {
        return new LogisticRegression().regParam(0.01).maxIter(60).tol(0);
    }

    @BeforeAll
    static void data() {
        ClusterTestData.deterministicKernels();
        file = ClusterTestData.writeLogistic(tmp.resolve("lr.parquet"), 40_000, 10, 2_500, 11);
        try (Runtime local = Runtime.inProcess()) {
            reference = lr().fit(ClusterTestData.read(local, file).cache());
        }
    }

    @AfterEach
    void reap() {
        if (cluster != null) {
            for (Process p : cluster.processes()) {
                signal("CONT", p.pid());
            }
            cluster.close();
            for (Process p : cluster.processes()) {
                assertFalse(p.isAlive(), "executor " + p.pid() + " still running after close");
            }
        }
    }

    @Test
    void shouldFinishTheFitWithTheSameModelWhenAnExecutorIsKilled() throws Exception {
        assertSameModelAfter("KILL");
    }

    @Test
    void shouldFinishTheFitWithTheSameModelWhenAnExecutorHangs() throws Exception {
        long hung = assertSameModelAfter("STOP");
        signal("CONT", hung);
        Process p = cluster.processes().stream().filter(x -> x.pid() == hung).findFirst().orElseThrow();
        assertTrue(p.waitFor(20, TimeUnit.SECONDS), "the executor that hung did not exit after it resumed");
    }

    @Test
    void shouldFinishTwoConcurrentFitsWithTheSameModelsWhenAnExecutorIsKilled() throws Exception {
        cluster = (ClusterRuntime) Runtime.localCluster(2);
        // two fits from two threads, their rounds in flight together on both executors when one is killed
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            List<CompletableFuture<LogisticRegressionModel>> fits = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                fits.add(CompletableFuture.supplyAsync(() -> lr().fit(ClusterTestData.read(cluster, file).cache()),
                    threads));
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (cluster.roundsCompleted() < 12 && System.nanoTime() < deadline) {
                Thread.sleep(1);
            }
            long fitThreads = cluster.roundSpans().stream().map(DriverAgent.RoundSpan::thread).distinct().count();
            assertEquals(2, fitThreads, "rounds of both fits before the kill: " + cluster.roundSpans());
            for (CompletableFuture<LogisticRegressionModel> f : fits) {
                assertFalse(f.isDone(), "a fit ended before an executor could be killed");
            }
            signal("KILL", cluster.processes().get(1).pid());
            for (CompletableFuture<LogisticRegressionModel> f : fits) {
                assertSameModel(f.get(120, TimeUnit.SECONDS));
            }
            assertEquals(1, cluster.executorCount());
            System.out.println("two fits, executor killed: rounds relaunched " + cluster.roundsRelaunched()
                + ", completed " + cluster.roundsCompleted());
            assertTrue(cluster.roundsRelaunched() >= 1, "the kill hit no round in flight");
        } finally {
            threads.shutdownNow();
        }
    }

    private long assertSameModelAfter(String signal) throws Exception {
        cluster = (ClusterRuntime) Runtime.localCluster(2);
        CompletableFuture<LogisticRegressionModel> fit = CompletableFuture.supplyAsync(
            () -> lr().fit(ClusterTestData.read(cluster, file).cache()));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (cluster.roundsCompleted() < 6 && System.nanoTime() < deadline) {
            Thread.sleep(1);
        }
        assertFalse(fit.isDone(), "the fit ended before an executor could be stopped");
        long victim = cluster.processes().get(1).pid();
        signal(signal, victim);
        LogisticRegressionModel m = fit.get(120, TimeUnit.SECONDS);
        assertEquals(1, cluster.executorCount());
        assertTrue(cluster.roundsRelaunched() >= 1 || cluster.roundsCompleted() > 6);
        assertSameModel(m);
        return victim;
    }

    private static void assertSameModel(LogisticRegressionModel m) {
        assertEquals(reference.intercept(), m.intercept(), 1e-9 * Math.max(1, Math.abs(reference.intercept())));
        double[] a = reference.coefficients();
        double[] b = m.coefficients();
        for (int j = 0; j < a.length; j++) {
            assertEquals(a[j], b[j], 1e-9 * Math.max(1, Math.abs(a[j])), "coefficient " + j);
        }
    }

    static void signal(String name, long pid) {
        try {
            new ProcessBuilder("kill", "-" + name, Long.toString(pid)).inheritIO().start().waitFor(10,
                TimeUnit.SECONDS);
        } catch (IOException e) {
            throw new IllegalStateException("kill -" + name + " " + pid + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
