package dev.ember.ml.runtime;

import dev.ember.ml.algo.classification.LogisticRegression;
import dev.ember.ml.algo.evaluation.BinaryClassificationEvaluator;
import dev.ember.ml.algo.feature.StringIndexer;
import dev.ember.ml.algo.feature.VectorAssembler;
import dev.ember.ml.core.MlException;
import dev.ember.ml.core.data.Frame;
import dev.ember.ml.core.io.CsvReader;
import dev.ember.ml.core.param.ParamMap;
import dev.ember.ml.core.runtime.AggregateCall;
import dev.ember.ml.core.runtime.KernelParams;
import dev.ember.ml.core.runtime.Runtime;
import dev.ember.ml.core.runtime.RuntimeConfig;
import dev.ember.ml.pipeline.Pipeline;
import dev.ember.ml.pipeline.tuning.CrossValidator;
import dev.ember.ml.pipeline.tuning.CrossValidatorModel;
import dev.ember.ml.pipeline.tuning.ParamGridBuilder;
import dev.ember.ml.testkit.IntegrationTest;
import dev.ember.ml.testkit.Seeds;
import dev.ember.ml.testkit.TestData;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Rounds submitted from several threads to one cluster runtime run at once on real executor JVMs (over Aeron):
 * their tasks interleave on the executors (overlap shown by the rounds' recorded task spans, not by timing
 * thresholds), each result equals the in-process one bit for bit, a failing round fails alone, and a parallel
 * cross-validation on the cluster equals the sequential one.
 */
@IntegrationTest
@Timeout(240)
class ConcurrentRoundsTest {
    @TempDir
    static Path tmp;
    static Path file;
    static ClusterRuntime cluster;

    @BeforeAll
    static void start() {
        // the fits below compare models exactly, in this JVM and on the executors: the loss kernels' scalar path
        ClusterTestData.deterministicKernels();
        // 8,000 rows in 4 row groups: 4 partitions, 2 per executor; one compute thread per executor, so rounds
        // in flight together must share each executor's one thread
        file = ClusterTestData.writeLogistic(tmp.resolve("rounds.parquet"), 8_000, 4, 2_000, 5);
        cluster = ClusterRuntime.localCluster(2, new RuntimeConfig().threads(1).cacheMaxBytes(64L << 20),
            new ClusterConfig());
    }

    @AfterAll
    static void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    private static double[] aggregate(Runtime rt, Class<? extends dev.ember.ml.core.runtime.AggregateKernel<double[]>>
        kernel, KernelParams params) {
        @SuppressWarnings({"unchecked", "rawtypes"})
        AggregateCall<double[]> call = (AggregateCall) AggregateCall.of((Class) kernel, params);
        return rt.treeAggregate(ClusterTestData.read(rt, file), call, 2);
    }

    private static double[] inProcess(Class<? extends dev.ember.ml.core.runtime.AggregateKernel<double[]>> kernel,
                                      KernelParams params) {
        try (Runtime local = Runtime.inProcess()) {
            return aggregate(local, kernel, params);
        }
    }

    /** Runs {@code tasks} on their own threads, released together. */
    private static <T> List<T> together(List<Callable<T>> tasks) throws Exception {
        CyclicBarrier go = new CyclicBarrier(tasks.size());
        ExecutorService threads = Executors.newFixedThreadPool(tasks.size());
        try {
            List<Future<T>> futures = new ArrayList<>();
            for (Callable<T> t : tasks) {
                futures.add(threads.submit(() -> {
                    go.await();
                    return t.call();
                }));
            }
            List<T> out = new ArrayList<>();
            for (Future<T> f : futures) {
                out.add(f.get());
            }
            return out;
        } finally {
            threads.shutdownNow();
        }
    }

    private static List<DriverAgent.RoundSpan> spansAfter(long roundId) {
        return cluster.roundSpans().stream().filter(s -> s.roundId() > roundId).toList();
    }

    private static long lastRound() {
        List<DriverAgent.RoundSpan> all = cluster.roundSpans();
        return all.isEmpty() ? 0 : all.get(all.size() - 1).roundId();
    }

    @Test
    void shouldRunRoundsOfThreeThreadsAtOnceWithTheInProcessResults() throws Exception {
        KernelParams burn = KernelParams.builder().put("millis", 60L).build();
        double[] expected = inProcess(TestKernels.Burn.class, burn);
        assertArrayEquals(expected, aggregate(cluster, TestKernels.Burn.class, burn), "warm-up round");
        long before = lastRound();
        List<Callable<List<double[]>>> work = new ArrayList<>();
        for (int t = 0; t < 3; t++) {
            work.add(() -> List.of(aggregate(cluster, TestKernels.Burn.class, burn),
                aggregate(cluster, TestKernels.Burn.class, burn)));
        }
        List<List<double[]>> results = together(work);
        for (List<double[]> perThread : results) {
            for (double[] r : perThread) {
                assertArrayEquals(expected, r, "a concurrent round's result differs from in-process");
            }
        }
        List<DriverAgent.RoundSpan> spans = spansAfter(before);
        assertEquals(6, spans.size(), spans.toString());
        long threads = spans.stream().map(DriverAgent.RoundSpan::thread).distinct().count();
        assertEquals(3, threads, "rounds by thread: " + spans);
        // every two threads had rounds whose tasks ran at the same time on the executors
        for (DriverAgent.RoundSpan a : spans) {
            for (DriverAgent.RoundSpan b : spans) {
                if (a.thread().compareTo(b.thread()) < 0) {
                    boolean overlapped = spans.stream().filter(x -> x.thread().equals(a.thread())).anyMatch(x ->
                        spans.stream().filter(y -> y.thread().equals(b.thread())).anyMatch(x::overlaps));
                    assertTrue(overlapped, a.thread() + " and " + b.thread() + " never overlapped: " + spans);
                }
            }
        }
        System.out.println("concurrent rounds: " + spans);
    }

    @Test
    void shouldFailOnlyTheRoundWhoseKernelFails() throws Exception {
        KernelParams burn = KernelParams.builder().put("millis", 60L).build();
        double[] expected = inProcess(TestKernels.Burn.class, burn);
        KernelParams failing = KernelParams.builder().put("millis", 60L).put("partition", 3L).build();
        List<Callable<Object>> work = List.of(
            () -> aggregate(cluster, TestKernels.Burn.class, burn),
            () -> assertThrows(MlException.class, () -> aggregate(cluster, TestKernels.BurnThenFail.class, failing)),
            () -> aggregate(cluster, TestKernels.Burn.class, burn));
        List<Object> out = together(work);
        assertArrayEquals(expected, (double[]) out.get(0), "the round beside the failing one");
        assertArrayEquals(expected, (double[]) out.get(2), "the round beside the failing one");
        String message = ((MlException) out.get(1)).getMessage();
        assertTrue(message.contains("partition 3") && message.contains("a test kernel fails on partition 3"),
            message);
        assertEquals(2, cluster.executorCount());
        assertArrayEquals(expected, aggregate(cluster, TestKernels.Burn.class, burn), "a round after the failure");
    }

    private static Frame breastCancer(Runtime rt) {
        Frame raw = CsvReader.builder().runtime(rt).numPartitions(4).read(TestData.dataset("breast_cancer.csv"));
        List<String> measurements = new ArrayList<>(raw.schema().names());
        measurements.remove("diagnosis");
        Pipeline prep = new Pipeline(new StringIndexer().inputCol("diagnosis").outputCol("label"),
            new VectorAssembler().inputCols(measurements.toArray(String[]::new)).outputCol("features"));
        return prep.fit(raw).transform(raw).select("features", "label").cacheNow();
    }

    private static CrossValidatorModel crossValidate(Frame data, int parallelism, long seed) {
        LogisticRegression lr = new LogisticRegression().maxIter(30);
        List<ParamMap> grid = new ParamGridBuilder().addGrid(lr, LogisticRegression.REG_PARAM, 0.01, 0.1).build();
        return new CrossValidator().estimator(lr).estimatorParamMaps(grid)
            .evaluator(new BinaryClassificationEvaluator()).numFolds(3).seed(seed).parallelism(parallelism)
            .fit(data);
    }

    @Test
    void shouldCrossValidateInParallelOnTheClusterAsSequentially() {
        long seed = Seeds.announce("ConcurrentRoundsTest.crossValidate", 23L);
        Frame data = breastCancer(cluster);
        CrossValidatorModel sequential = crossValidate(data, 1, seed);
        long before = lastRound();
        CrossValidatorModel parallel = crossValidate(data, 2, seed);
        assertArrayEquals(sequential.avgMetrics(), parallel.avgMetrics(), 0.0, "parallel CV on the cluster");
        assertArrayEquals(sequential.stdMetrics(), parallel.stdMetrics(), 0.0);
        try (Runtime local = Runtime.inProcess()) {
            assertArrayEquals(crossValidate(breastCancer(local), 2, seed).avgMetrics(), parallel.avgMetrics(), 0.0,
                "parallel CV on the cluster vs in-process");
        }
        List<DriverAgent.RoundSpan> spans = spansAfter(before);
        long overlapping = 0;
        for (int i = 0; i < spans.size(); i++) {
            for (int j = i + 1; j < spans.size(); j++) {
                if (!spans.get(i).thread().equals(spans.get(j).thread()) && spans.get(i).overlaps(spans.get(j))) {
                    overlapping++;
                }
            }
        }
        System.out.printf("parallel CV on the cluster: %d rounds, %d pairs of rounds of two threads overlapped%n",
            spans.size(), overlapping);
        assertTrue(overlapping > 0, "the folds' rounds never ran at the same time: " + spans.size() + " rounds");
    }
}
