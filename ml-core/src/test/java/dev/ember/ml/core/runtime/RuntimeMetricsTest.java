package dev.ember.ml.core.runtime;

import dev.ember.ml.core.data.Frame;
import dev.ember.ml.core.observe.FitStats;
import dev.ember.ml.core.observe.FitTrace;
import dev.ember.ml.core.observe.MetricNames;
import dev.ember.ml.core.observe.TraceScope;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.MDC;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What the in-process runtime records per pass and per task, and the fit context its workers see. */
@Timeout(60)
class RuntimeMetricsTest {
    private static final long SEED = 20261205L;
    private static final SimpleMeterRegistry REGISTRY = new SimpleMeterRegistry();

    @BeforeAll
    static void attach() {
        Metrics.addRegistry(REGISTRY);
    }

    @AfterAll
    static void detach() {
        Metrics.removeRegistry(REGISTRY);
    }

    private static long taskCount(String kernel) {
        Timer t = REGISTRY.find(MetricNames.TASK_DURATION).tags("executor", "local", "kernel", kernel).timer();
        return t == null ? 0 : t.count();
    }

    private static double counter(String name, String... tags) {
        Counter c = REGISTRY.find(name).tags(tags).counter();
        return c == null ? 0 : c.count();
    }

    @Test
    void shouldRecordPassesTasksRowsAndTheFitPerPartitionNotPerRow() {
        System.out.println("seed " + SEED);
        long tasksBefore = taskCount("VectorSum");
        double rowsBefore = counter(MetricNames.PASS_ROWS, "executor", "local", "kernel", "VectorSum");
        double partsBefore = counter(MetricNames.PASS_PARTITIONS, "runtime", "local", "kernel", "VectorSum");
        try (Runtime rt = Runtime.inProcess(new RuntimeConfig().threads(2))) {
            Frame f = new Frame(new GeneratedSource(SEED, 5, 300, 4), rt);
            FitTrace.enter("uid-metrics-1", "ProbeStage");
            try {
                FitStats stats = FitTrace.current().stats();
                String fitId = FitTrace.current().fitId();
                assertEquals(fitId, MDC.get("fitId"));
                for (int pass = 0; pass < 3; pass++) {
                    f.treeAggregate(AggregateCall.of(SumKernels.VectorSum.class,
                        KernelParams.builder().put("col", "x").put("width", 4L).build()), 2);
                }
                assertEquals("3", MDC.get("round"));
                assertEquals(3, stats.passes());
                assertEquals(15, stats.tasks());
                assertEquals(4500, stats.rows());
                FitTrace.succeeded("uid-metrics-1");
            } finally {
                FitTrace.exit("uid-metrics-1");
            }
        }
        assertNull(FitTrace.current());
        assertNull(MDC.get("fitId"));
        assertEquals(15, taskCount("VectorSum") - tasksBefore);
        assertEquals(4500, counter(MetricNames.PASS_ROWS, "executor", "local", "kernel", "VectorSum") - rowsBefore);
        assertEquals(15, counter(MetricNames.PASS_PARTITIONS, "runtime", "local", "kernel", "VectorSum")
            - partsBefore);
        assertEquals(1, counter(MetricNames.FITS, "stage", "ProbeStage", "outcome", "success", "level", "outer"));
        Timer fit = REGISTRY.find(MetricNames.FIT_DURATION).tags("stage", "ProbeStage").timer();
        assertEquals(1, fit.count());
        assertTrue(REGISTRY.find(MetricNames.KERNEL_TIME).tags("kernel", "VectorSum").timer().count() >= 15);
        assertTrue(REGISTRY.find(MetricNames.TASK_GC_PAUSE).tags("executor", "local").timer().count() >= 15);
    }

    @Test
    void shouldPutTheFitIdsInTheMdcOfEveryWorkerThreadAndShareTheTraceId() {
        try (Runtime rt = Runtime.inProcess(new RuntimeConfig().threads(2));
             TraceScope trace = TraceScope.open()) {
            Frame f = new Frame(new GeneratedSource(SEED, 6, 50, 2), rt);
            FitTrace.enter("uid-mdc", "MdcStage");
            try {
                assertEquals(trace.traceId(), FitTrace.current().traceId());
                long withIds = f.treeAggregate(AggregateCall.of(SumKernels.MdcProbe.class,
                    KernelParams.builder().build()), 2);
                assertEquals(6, withIds, "partitions whose thread had every MDC key: " + SumKernels.MdcProbe.SEEN);
            } finally {
                FitTrace.exit("uid-mdc");
            }
            assertEquals(trace.traceId(), MDC.get("traceId"), "the command's trace id is restored after the fit");
            long outside = f.treeAggregate(AggregateCall.of(SumKernels.MdcProbe.class,
                KernelParams.builder().build()), 2);
            assertEquals(0, outside, "no fit id outside a fit");
        }
    }

    @Test
    void shouldCountFailedTasksAndAFailedFit() {
        double before = counter(MetricNames.TASK_FAILURES, "executor", "local", "kernel", "Failing");
        try (Runtime rt = Runtime.inProcess(new RuntimeConfig().threads(2))) {
            Frame f = new Frame(new GeneratedSource(SEED, 4, 10, 2), rt);
            FitTrace.enter("uid-fail", "FailingStage");
            try {
                assertThrows(RuntimeException.class, () -> f.treeAggregate(AggregateCall.of(SumKernels.Failing.class,
                    KernelParams.builder().put("failOn", 2L).build()), 2));
            } finally {
                FitTrace.exit("uid-fail");
            }
        }
        assertEquals(1, counter(MetricNames.TASK_FAILURES, "executor", "local", "kernel", "Failing") - before);
        assertEquals(1, counter(MetricNames.FITS, "stage", "FailingStage", "outcome", "failure", "level", "outer"));
    }

    @Test
    void shouldCountARecomputationWhenAnEvictedPartitionIsNeededAgain() {
        try (Runtime rt = Runtime.inProcess(new RuntimeConfig().threads(1));
             PartitionCache cache = new PartitionCache(1)) {
            GeneratedSource src = new GeneratedSource(SEED, 3, 100, 4);
            for (int pass = 0; pass < 2; pass++) {
                for (int i = 0; i < 3; i++) {
                    int index = i;
                    cache.acquire(new PartitionCache.Key(src.id(), i), () -> src.compute(index, rt)).close();
                }
            }
            assertEquals(6, cache.stats().misses());
            assertEquals(3, cache.recomputations(), "the second pass computes all three again");
            cache.invalidate(src.id());
            cache.acquire(new PartitionCache.Key(src.id(), 0), () -> src.compute(0, rt)).close();
            assertEquals(3, cache.recomputations(), "a partition unpersisted on purpose is not a recomputation");
        }
    }

    @Test
    void shouldSumTheCachesOfSeveralInProcessRuntimesAndDropAClosedOne() {
        java.util.function.DoubleSupplier budget = () -> {
            io.micrometer.core.instrument.Gauge g = REGISTRY.find(MetricNames.CACHE_MAX_BYTES)
                .tags("executor", "local").gauge();
            return g == null ? 0 : g.value();
        };
        try (Runtime a = Runtime.inProcess(new RuntimeConfig().threads(1).cacheMaxBytes(1000))) {
            double withA = budget.getAsDouble();
            try (Runtime b = Runtime.inProcess(new RuntimeConfig().threads(1).cacheMaxBytes(2000))) {
                assertEquals(withA + 2000, budget.getAsDouble(), 0.0);
            }
            assertEquals(withA, budget.getAsDouble(), 0.0, "a closed runtime's cache leaves the sum");
        }
    }
}
