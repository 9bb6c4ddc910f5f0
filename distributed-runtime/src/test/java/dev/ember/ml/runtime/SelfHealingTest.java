package dev.ember.ml.runtime;

import dev.ember.ml.core.MlException;
import dev.ember.ml.core.data.Frame;
import dev.ember.ml.core.runtime.AggregateCall;
import dev.ember.ml.core.runtime.KernelParams;
import dev.ember.ml.core.runtime.Runtime;
import dev.ember.ml.core.runtime.RuntimeConfig;
import dev.ember.ml.testkit.IntegrationTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Self-healing on real executor JVMs: a straggler slowed by SIGSTOP/SIGCONT cycles gets a speculative copy, a
 * kernel in an endless loop gets its executor excluded (and replaced), a kernel out of memory moves its
 * partition to another executor; every result is bit-identical to the in-process one.
 */
@IntegrationTest
@Timeout(180)
class SelfHealingTest {
    @TempDir
    static Path tmp;
    static Path file;
    ClusterRuntime cluster;

    @BeforeAll
    static void data() {
        // 8,000 rows in 4 row groups: 4 partitions, 2 per executor (0-1 on the first, 2-3 on the second)
        file = ClusterTestData.writeLogistic(tmp.resolve("heal.parquet"), 8_000, 4, 2_000, 5);
    }

    @AfterEach
    void reap() {
        if (cluster != null) {
            for (Process p : cluster.processes()) {
                ExecutorFailureTest.signal("CONT", p.pid());
            }
            cluster.close();
        }
    }

    static <K extends dev.ember.ml.core.runtime.AggregateKernel<double[]>> double[] inProcess(Class<K> kernel,
                                                                                            KernelParams params) {
        try (Runtime local = Runtime.inProcess()) {
            Frame f = ClusterTestData.read(local, file);
            return local.treeAggregate(f, AggregateCall.of(kernel, params), 2);
        }
    }

    static double[] onCluster(ClusterRuntime rt, Class<? extends dev.ember.ml.core.runtime.AggregateKernel<double[]>>
        kernel, KernelParams params) {
        @SuppressWarnings({"unchecked", "rawtypes"})
        AggregateCall<double[]> call = (AggregateCall) AggregateCall.of((Class) kernel, params);
        return rt.treeAggregate(ClusterTestData.read(rt, file), call, 2);
    }

    static ClusterRuntime start(ClusterConfig config) {
        return ClusterRuntime.localCluster(2, new RuntimeConfig().threads(1).cacheMaxBytes(64L << 20), config);
    }

    @Test
    void shouldCopyAStragglerSlowedBySigstopAndKeepTheResultBitIdentical() throws Exception {
        KernelParams burn = KernelParams.builder().put("millis", 400L).build();
        double[] expected = inProcess(TestKernels.Burn.class, burn);
        cluster = start(new ClusterConfig().speculation(true).speculationQuantile(0.5));
        assertArrayEquals(expected, onCluster(cluster, TestKernels.Burn.class, burn), "warm-up round");
        // the executor of partitions 2 and 3 runs 100 ms of every 500 ms from now on
        long slow = cluster.executorPids().get(1);
        AtomicBoolean cycling = new AtomicBoolean(true);
        Thread cycler = new Thread(() -> {
            while (cycling.get()) {
                ExecutorFailureTest.signal("STOP", slow);
                sleep(400);
                ExecutorFailureTest.signal("CONT", slow);
                sleep(100);
            }
        }, "sigstop-cycler");
        cycler.start();
        long copiesBefore = cluster.speculativeCopies();
        double[] healed;
        long t0 = System.nanoTime();
        try {
            healed = onCluster(cluster, TestKernels.Burn.class, burn);
        } finally {
            cycling.set(false);
            cycler.join(5000);
            ExecutorFailureTest.signal("CONT", slow);
        }
        long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        System.out.printf("straggler round: %d ms, %d speculative copies, %d won%n", ms,
            cluster.speculativeCopies() - copiesBefore, cluster.speculativeWins());
        assertTrue(cluster.speculativeCopies() > copiesBefore, "no speculative copy of the slowed executor's tasks");
        assertTrue(cluster.speculativeWins() >= 1, "no speculative copy finished first");
        assertArrayEquals(expected, healed, "the result with speculative copies differs from in-process");
        assertEquals(2, cluster.executorCount(), "the slowed executor was declared lost");
    }

    @Test
    void shouldExcludeAnExecutorWhoseKernelNeverReturnsAndReRunElsewhere() throws Exception {
        KernelParams spin = KernelParams.builder().put("partition", 1L)
            .put("marker", tmp.resolve("spin-" + System.nanoTime()).toString()).build();
        KernelParams done = KernelParams.builder().put("partition", -1L).put("marker", "unused").build();
        double[] expected = inProcess(TestKernels.SpinOnce.class, done);
        ClusterConfig config = new ClusterConfig().taskTimeoutMs(120_000);
        cluster = start(config);
        // a first round reads the file, loads the classes and compiles (seconds on a loaded machine): warm up
        // under a long timeout, then shorten it on the running cluster
        assertArrayEquals(expected, onCluster(cluster, TestKernels.SpinOnce.class, done), "warm-up round");
        config.taskTimeoutMs(2500);
        long stuckPid = cluster.executorPids().get(0);
        double[] healed = onCluster(cluster, TestKernels.SpinOnce.class, spin);
        assertArrayEquals(expected, healed, "the result after excluding the stuck executor differs");
        assertEquals(1, cluster.executorsExcluded());
        assertTrue(ProcessHandle.of(stuckPid).map(h -> {
            try {
                h.onExit().get(20, TimeUnit.SECONDS);
                return true;
            } catch (Exception e) {
                return false;
            }
        }).orElse(true), "the excluded executor " + stuckPid + " is still running");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (cluster.executorCount() < 2 && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertEquals(2, cluster.executorCount(), "no executor replaced the excluded one");
        assertTrue(!cluster.executorPids().contains(stuckPid));
        assertArrayEquals(expected, onCluster(cluster, TestKernels.SpinOnce.class, done), "after the replacement");
    }

    @Test
    void shouldReportOutOfMemoryWithThePartitionAndMoveItToAnotherExecutor() throws Exception {
        ClusterConfig config = new ClusterConfig().executorJvmOptions(List.of("-Xmx192m",
            "-XX:MaxDirectMemorySize=64m"));
        cluster = start(config);
        long bytes = 1L << 30;
        KernelParams always = KernelParams.builder().put("partition", 1L).put("bytes", bytes).put("marker", "")
            .build();
        MlException e = assertThrows(MlException.class, () -> onCluster(cluster, TestKernels.Hog.class, always));
        System.out.println("out of memory everywhere: " + e.getMessage());
        assertTrue(e.getMessage().contains("ran out of memory on partition 1 (2000 rows"), e.getMessage());
        assertTrue(e.getMessage().contains("bytes in memory"), e.getMessage());
        assertTrue(e.getMessage().contains("OutOfMemoryError"), e.getMessage());
        assertEquals(2, cluster.executorCount(), "an executor died of the out-of-memory error");
        KernelParams offHeap = KernelParams.builder().put("partition", 2L).put("bytes", 256L << 20).put("marker", "")
            .put("offHeap", true).build();
        MlException direct = assertThrows(MlException.class, () -> onCluster(cluster, TestKernels.Hog.class, offHeap));
        assertTrue(direct.getMessage().contains("ran out of memory on partition 2 (2000 rows")
            && direct.getMessage().contains("direct buffer memory"), direct.getMessage());

        KernelParams once = KernelParams.builder().put("partition", 1L).put("bytes", bytes)
            .put("marker", tmp.resolve("hog-" + System.nanoTime()).toString()).build();
        double[] expected = inProcess(TestKernels.Hog.class,
            KernelParams.builder().put("partition", -1L).put("bytes", 8L).put("marker", "").build());
        long before = cluster.outOfMemoryRelaunches();
        assertArrayEquals(expected, onCluster(cluster, TestKernels.Hog.class, once),
            "the result after moving the partition differs");
        assertEquals(before + 1, cluster.outOfMemoryRelaunches());
        assertEquals(2, cluster.executorCount());
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
