package dev.ember.ml.pipeline.plan;

import dev.ember.ml.algo.classification.LogisticRegression;
import dev.ember.ml.algo.classification.LogisticRegressionModel;
import dev.ember.ml.algo.feature.StandardScaler;
import dev.ember.ml.algo.feature.StandardScalerModel;
import dev.ember.ml.algo.feature.StringIndexer;
import dev.ember.ml.algo.feature.StringIndexerModel;
import dev.ember.ml.algo.feature.VectorAssembler;
import dev.ember.ml.core.Estimator;
import dev.ember.ml.core.PipelineStage;
import dev.ember.ml.core.Transformer;
import dev.ember.ml.core.data.Frame;
import dev.ember.ml.core.io.CsvReader;
import dev.ember.ml.core.runtime.Runtime;
import dev.ember.ml.core.runtime.RuntimeConfig;
import dev.ember.ml.pipeline.Pipeline;
import dev.ember.ml.pipeline.PipelineModel;
import dev.ember.ml.testkit.TestData;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PlanPassCountTest {
    private static final int PARTITIONS = 4;

    @Test
    void shouldReadTheCachedSourceOnceForStatisticsAndPassOverTheCachedBlockPerEvaluationWhenCached() {
        try (Runtime rt = Runtime.inProcess(new RuntimeConfig().threads(2))) {
            Frame raw = CsvReader.builder().runtime(rt).numPartitions(PARTITIONS)
                .read(TestData.dataset("breast_cancer.csv")).cache();
            Pipeline pipeline = pipeline(raw);
            PipelineModel model = pipeline.fit(raw);
            ExecutedPlan plan = model.executedPlan().orElseThrow();
            System.out.println(plan.explain(true));
            LogisticRegressionModel lr = model.stage(LogisticRegressionModel.class);
            int evaluations = lr.summary().evaluations();
            // pass 1 reads the (cached) source for the scaler's moments and the pipeline fingerprint; pass 2 reads
            // it once more to build the logistic regression's cached block, gathering its summary on the way
            assertEquals(2.0, plan.sourcePasses(), "source passes");
            StepMetrics build = plan.metrics().get(indexOfPass(plan, 2));
            assertEquals(PARTITIONS, build.fusedComputes().partitions(), "assembler+scaler run once per partition");
            // every objective evaluation is one pass over the cached block, and the fused maps never re-run
            assertEquals(evaluations, plan.cachePassesDuringFit(3), "cache passes during the fit");
            StepMetrics fit = plan.metrics().get(indexOfPass(plan, 2) + 1);
            assertEquals(0, fit.fusedComputes().partitions(), "fused maps re-run during the fit");
            assertEquals(0, fit.sourceReads().partitions(), "source reads during the fit");
            assertFalse(rt.isPersisted(new FusedSource(raw.source(), List.of(), List.of("diagnosis"))),
                "nothing else cached");
            assertSameAsSequential(pipeline, raw, model);
        }
    }

    @Test
    void shouldReadAnUncachedFileOnceWhenALaterPassStartsFromTheRetainedOutput() {
        try (Runtime rt = Runtime.inProcess(new RuntimeConfig().threads(2))) {
            Frame raw = CsvReader.builder().runtime(rt).numPartitions(PARTITIONS)
                .read(TestData.dataset("breast_cancer.csv"));
            Pipeline pipeline = pipeline(raw);
            PipelineModel model = pipeline.fit(raw);
            ExecutedPlan plan = model.executedPlan().orElseThrow();
            // pass 1 reads the file, gathers the scaler's moments and keeps its output; pass 2 starts from that
            // output through the fitted scaler and builds the logistic regression's cache
            assertEquals(1.0, plan.sourcePasses(), "file reads (passes)\n" + plan.explain(true));
            // byte counts for people: "rows 569, 135.6 KiB", never a bare count of bytes
            assertTrue(plan.explain(true).matches("(?s).*rows 569, \\d+\\.\\d KiB, time .*"), plan.explain(true));
            assertFalse(plan.explain(true).contains("bytes "), plan.explain(true));
            PhysicalStep second = plan.plan().physical().steps().stream()
                .filter(s -> s.kind() == PhysicalStep.Kind.PASS && s.estimator() == 3).findFirst().orElseThrow();
            assertEquals(2, second.readsFrom(), "pass 2 reads the scaler's retained input");
            assertEquals(model.stage(LogisticRegressionModel.class).summary().evaluations(),
                plan.cachePassesDuringFit(3));
            assertEquals(0, rt.cacheStats().cachedPartitions(), "automatic cache released after the fit");
            assertSameAsSequential(pipeline, raw, model);
        }
    }

    @Test
    void shouldMakeOnePreamblePassBeforeTheEvaluationsWhenALogisticRegressionIsFittedAlone() {
        try (Runtime rt = Runtime.inProcess(new RuntimeConfig().threads(2))) {
            Frame raw = CsvReader.builder().runtime(rt).numPartitions(PARTITIONS)
                .read(TestData.dataset("breast_cancer.csv"));
            PipelineModel prep = new Pipeline(pipeline(raw).stages().subList(0, 3).toArray(new PipelineStage[0]))
                .fit(raw);
            Frame features = prep.transform(raw).cache();
            ProbeSource probe = new ProbeSource(features.source(), "features");
            LogisticRegressionModel lr = new LogisticRegression().regParam(0.01).elasticNetParam(0.5)
                .fit(new Frame(probe, rt));
            // the summary and the fingerprint share one pass; then one pass per objective evaluation
            assertEquals(lr.summary().evaluations() + 1.0, probe.metrics().passes(PARTITIONS));
        }
    }

    @Test
    void shouldPrintTheGoldenPlanWhenExplained() throws IOException {
        try (Runtime rt = Runtime.inProcess(new RuntimeConfig().threads(1))) {
            Frame raw = CsvReader.builder().runtime(rt).numPartitions(PARTITIONS)
                .read(TestData.dataset("breast_cancer.csv"));
            String explained = pipeline(raw).explain(raw);
            Path golden = TestData.repoRoot().resolve("ml-pipelines/src/test/resources/plans/breast_cancer_plan.txt");
            assertEquals(Files.readString(golden, StandardCharsets.UTF_8), explained);
        }
    }

    static Pipeline pipeline(Frame raw) {
        return pipeline(raw, 0.01);
    }

    static Pipeline pipeline(Frame raw, double regParam) {
        StringIndexerModel labels = new StringIndexer().inputCol("diagnosis").outputCol("label").fit(raw);
        String[] measurements = raw.schema().names().stream().filter(n -> !n.equals("diagnosis"))
            .toArray(String[]::new);
        return new Pipeline(labels,
            new VectorAssembler().inputCols(measurements).outputCol("raw").with(VectorAssembler.ELEMENT_TYPE, "double"),
            new StandardScaler().inputCol("raw").outputCol("features").with(StandardScaler.WITH_MEAN, true),
            new LogisticRegression().regParam(regParam).elasticNetParam(0.5));
    }

    static int indexOfPass(ExecutedPlan plan, int pass) {
        int seen = 0;
        List<PhysicalStep> steps = plan.plan().physical().steps();
        for (int i = 0; i < steps.size(); i++) {
            if (PhysicalPlan.isPass(steps.get(i)) && ++seen == pass) {
                return i;
            }
        }
        throw new AssertionError("no pass " + pass);
    }

    /** The old sequential fit: each estimator fitted on the transformed output of the stages before it. */
    static List<Transformer> sequential(Pipeline pipeline, Frame frame) {
        List<Transformer> out = new ArrayList<>();
        Frame current = frame;
        for (PipelineStage s : pipeline.stages()) {
            Transformer t = s instanceof Estimator<?> e ? e.fit(current) : (Transformer) s;
            out.add(t);
            current = t.transform(current);
        }
        return out;
    }

    static void assertSameAsSequential(Pipeline pipeline, Frame raw, PipelineModel planned) {
        List<Transformer> seq = sequential(pipeline, raw);
        StandardScalerModel s1 = (StandardScalerModel) seq.get(2);
        StandardScalerModel s2 = planned.stage(StandardScalerModel.class);
        assertArrayEquals(s1.mean(), s2.mean(), 1e-12);
        assertArrayEquals(s1.std(), s2.std(), 1e-12);
        LogisticRegressionModel l1 = (LogisticRegressionModel) seq.get(3);
        LogisticRegressionModel l2 = planned.stage(LogisticRegressionModel.class);
        assertArrayEquals(l1.coefficients(), l2.coefficients(), 1e-12);
        assertArrayEquals(l1.intercepts(), l2.intercepts(), 1e-12);
        assertEquals(l1.summary().evaluations(), l2.summary().evaluations());
    }
}
