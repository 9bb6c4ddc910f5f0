package dev.ember.ml.runtime;

import dev.ember.ml.algo.classification.LogisticRegression;
import dev.ember.ml.algo.feature.StandardScaler;
import dev.ember.ml.algo.feature.StringIndexer;
import dev.ember.ml.algo.feature.StringIndexerModel;
import dev.ember.ml.algo.feature.VectorAssembler;
import dev.ember.ml.core.data.Frame;
import dev.ember.ml.core.io.CsvReader;
import dev.ember.ml.core.runtime.Runtime;
import dev.ember.ml.core.runtime.RuntimeConfig;
import dev.ember.ml.pipeline.Pipeline;
import dev.ember.ml.pipeline.PipelineModel;
import dev.ember.ml.pipeline.plan.ExecutedPlan;
import dev.ember.ml.pipeline.plan.NodeMetrics;
import dev.ember.ml.pipeline.plan.StepMetrics;
import dev.ember.ml.testkit.IntegrationTest;
import dev.ember.ml.testkit.TestData;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code explain(analyze)} of a pipeline fitted on a local cluster shows the executors' figures per node (passes,
 * rows, bytes, cache hits, time), which the executors measure in their counting nodes and send back with each
 * task's status: the counts equal the in-process fit's, node by node.
 */
@IntegrationTest
@Timeout(180)
class ExplainAnalyzeClusterTest {
    private static final int PARTITIONS = 4;

    @BeforeAll
    static void scalarKernels() {
        // predictions are compared exactly, in this JVM and on the executors: the loss kernels' scalar path
        ClusterTestData.deterministicKernels();
    }

    private static Pipeline pipeline(Frame raw) {
        StringIndexerModel labels = new StringIndexer().inputCol("diagnosis").outputCol("label").fit(raw);
        String[] measurements = raw.schema().names().stream().filter(n -> !n.equals("diagnosis"))
            .toArray(String[]::new);
        return new Pipeline(labels,
            new VectorAssembler().inputCols(measurements).outputCol("raw").with(VectorAssembler.ELEMENT_TYPE, "double"),
            new StandardScaler().inputCol("raw").outputCol("features").with(StandardScaler.WITH_MEAN, true),
            new LogisticRegression().regParam(0.01).elasticNetParam(0.5).maxIter(10));
    }

    private static PipelineModel fit(Runtime rt, boolean cacheSource) {
        Frame raw = CsvReader.builder().runtime(rt).numPartitions(PARTITIONS)
            .read(TestData.dataset("breast_cancer.csv"));
        if (cacheSource) {
            raw = raw.cache();
        }
        return pipeline(raw).fit(raw);
    }

    private static void assertSameCounts(NodeMetrics expected, NodeMetrics actual, String what) {
        if (expected == null) {
            assertNull(actual, what);
            return;
        }
        assertEquals(expected.partitions(), actual.partitions(), what + ": partitions");
        assertEquals(expected.rows(), actual.rows(), what + ": rows");
        assertEquals(expected.bytes(), actual.bytes(), what + ": bytes");
        assertTrue(expected.partitions() == 0 || actual.nanos() > 0, what + ": no time measured");
    }

    private static void assertSameFigures(ExecutedPlan local, ExecutedPlan cluster) {
        assertEquals(local.metrics().size(), cluster.metrics().size());
        for (int i = 0; i < local.metrics().size(); i++) {
            StepMetrics l = local.metrics().get(i);
            StepMetrics c = cluster.metrics().get(i);
            String step = "step " + i + "\n" + cluster.explain(true);
            assertSameCounts(l.sourceReads(), c.sourceReads(), "source, " + step);
            assertSameCounts(l.fusedComputes(), c.fusedComputes(), "fused map, " + step);
            assertSameCounts(l.cacheReads(), c.cacheReads(), "cache, " + step);
            assertSameCounts(l.retainedReads(), c.retainedReads(), "retained output, " + step);
        }
        assertEquals(local.sourcePasses(), cluster.sourcePasses());
        assertEquals(local.cachePassesDuringFit(3), cluster.cachePassesDuringFit(3));
        assertTrue(cluster.sourcePasses() >= 1 && cluster.cachePassesDuringFit(3) >= 1, cluster.explain(true));
    }

    @Test
    void shouldShowTheExecutorsFiguresPerNodeAsInProcess() {
        try (Runtime local = Runtime.inProcess(new RuntimeConfig().threads(2));
             Runtime cluster = Runtime.localCluster(2)) {
            for (boolean cached : new boolean[] {true, false}) {
                PipelineModel expected = fit(local, cached);
                PipelineModel actual = fit(cluster, cached);
                ExecutedPlan lp = expected.executedPlan().orElseThrow();
                ExecutedPlan cp = actual.executedPlan().orElseThrow();
                System.out.println((cached ? "cached" : "uncached") + " source, local-cluster[2]:\n"
                    + cp.explain(true));
                assertSameFigures(lp, cp);
                String text = cp.explain(true);
                assertTrue(text.matches("(?s).*source: passes 1, rows 569, \\d+\\.\\d KiB, time \\d+\\.\\d ms.*"),
                    text);
                if (cached) {
                    assertTrue(text.matches("(?s).*cache: passes \\d+, rows \\d+, .*, hits \\d+ of \\d+ partition"
                        + " reads.*"), text);
                }
                assertArrayEquals(expected.transform(fitInput(local)).collectDoubles("prediction"),
                    actual.transform(fitInput(cluster)).collectDoubles("prediction"), "predictions");
            }
        }
    }

    private static Frame fitInput(Runtime rt) {
        return CsvReader.builder().runtime(rt).numPartitions(PARTITIONS).read(TestData.dataset("breast_cancer.csv"));
    }
}
