package dev.ember.ml.pipeline;

import dev.ember.ml.algo.classification.LinearSVC;
import dev.ember.ml.algo.classification.LogisticRegression;
import dev.ember.ml.algo.feature.StandardScaler;
import dev.ember.ml.algo.feature.StandardScalerModel;
import dev.ember.ml.algo.feature.VectorAssembler;
import dev.ember.ml.core.InvalidArgumentException;
import dev.ember.ml.core.PipelineStage;
import dev.ember.ml.core.data.Frame;
import dev.ember.ml.core.io.CsvReader;
import dev.ember.ml.core.param.ParamMap;
import dev.ember.ml.core.runtime.Runtime;
import dev.ember.ml.core.runtime.RuntimeConfig;
import dev.ember.ml.testkit.StageContract;
import dev.ember.ml.testkit.TestData;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PipelineParamsTest {
    private static final String[] IRIS = {"sepal_length", "sepal_width", "petal_length", "petal_width"};

    private static VectorAssembler assembler() {
        return new VectorAssembler().inputCols(IRIS).with(VectorAssembler.ELEMENT_TYPE, "double");
    }

    private static double columnMean(double[][] rows, int j) {
        double s = 0;
        for (double[] r : rows) {
            s += r[j];
        }
        return s / rows.length;
    }

    @Test
    void shouldGiveTwoStagesOfOneClassDifferentValuesWhenFittedWithAMapKeyedByUid() {
        StandardScaler a = new StandardScaler().outputCol("a");
        StandardScaler b = new StandardScaler().outputCol("b");
        Pipeline p = new Pipeline(assembler(), a, b);
        ParamMap extra = ParamMap.empty().put(a, StandardScaler.WITH_MEAN, true).put(b, StandardScaler.WITH_MEAN,
            false);
        try (Runtime rt = Runtime.inProcess(new RuntimeConfig().threads(2))) {
            Frame iris = CsvReader.builder().runtime(rt).numPartitions(3).read(TestData.dataset("iris.csv"));
            PipelineModel m = p.fit(iris, extra);
            StandardScalerModel ma = (StandardScalerModel) m.stages().get(1);
            StandardScalerModel mb = (StandardScalerModel) m.stages().get(2);
            assertTrue(ma.get(StandardScaler.WITH_MEAN));
            assertFalse(mb.get(StandardScaler.WITH_MEAN));
            Frame out = m.transform(iris);
            assertEquals(0, columnMean(out.collectVectors("a"), 2), 1e-12, "a is centred");
            assertTrue(columnMean(out.collectVectors("b"), 2) > 1, "b is not centred");
            assertFalse(p.stages().get(1).isSet(StandardScaler.WITH_MEAN), "the pipeline itself is unchanged");

            PipelineModel flipped = m.copy(ParamMap.empty().put(a, StandardScaler.WITH_MEAN, false));
            assertFalse(flipped.stages().get(1).get(StandardScaler.WITH_MEAN), "a model copy reaches its stages");
            assertTrue(columnMean(flipped.transform(iris).collectVectors("a"), 2) > 1);
            StageContract.checkNestedCopy(m, ParamMap.empty().put(b, StandardScaler.WITH_MEAN, true));
        }
    }

    @Test
    void shouldReachStagesOfNestedPipelinesWhenCopying() {
        StandardScaler outer = new StandardScaler().outputCol("z1");
        StandardScaler inner = new StandardScaler().inputCol("z1").outputCol("z2");
        LogisticRegression lr = new LogisticRegression().with(LogisticRegression.FEATURES_COL, "z2");
        Pipeline innerPipeline = new Pipeline(inner, lr);
        Pipeline p = new Pipeline(assembler(), outer, innerPipeline);
        ParamMap extra = ParamMap.empty()
            .put(inner, StandardScaler.WITH_MEAN, true)
            .put(outer, StandardScaler.WITH_STD, false)
            .put(lr, LogisticRegression.MAX_ITER, 5);
        PipelineStage copy = StageContract.checkNestedCopy(p, extra);
        Pipeline nested = (Pipeline) ((Pipeline) copy).stages().get(2);
        assertNotSame(innerPipeline, nested);
        assertEquals(5, nested.stages().get(1).get(LogisticRegression.MAX_ITER));
        assertTrue(nested.stages().get(0).get(StandardScaler.WITH_MEAN));
        assertFalse(((Pipeline) copy).stages().get(1).get(StandardScaler.WITH_MEAN));
        assertFalse(((Pipeline) copy).stages().get(1).get(StandardScaler.WITH_STD));
    }

    @Test
    void shouldFitNestedStagesWithTheirOwnValues() {
        StandardScaler inner = new StandardScaler().outputCol("z");
        Pipeline p = new Pipeline(assembler(), new Pipeline(inner));
        try (Runtime rt = Runtime.inProcess(new RuntimeConfig().threads(2))) {
            Frame iris = CsvReader.builder().runtime(rt).numPartitions(2).read(TestData.dataset("iris.csv"));
            PipelineModel m = p.fit(iris, ParamMap.empty().put(inner, StandardScaler.WITH_MEAN, true));
            PipelineModel innerModel = (PipelineModel) m.stages().get(1);
            assertTrue(innerModel.stages().get(0).get(StandardScaler.WITH_MEAN));
            assertEquals(0, columnMean(m.transform(iris).collectVectors("z"), 0), 1e-12);
        }
    }

    @Test
    void shouldRefuseDuplicateStageUidsAlsoInNestedPipelines() {
        StandardScaler s = new StandardScaler();
        InvalidArgumentException e = assertThrows(InvalidArgumentException.class, () -> new Pipeline(s, s));
        assertTrue(e.getMessage().startsWith("duplicate stage uid " + s.uid() + ": found at "), e.getMessage());
        StandardScaler sameUid = s.with(StandardScaler.WITH_MEAN, true);
        e = assertThrows(InvalidArgumentException.class,
            () -> new Pipeline(assembler(), s, new Pipeline(sameUid)));
        assertTrue(e.getMessage().contains("duplicate stage uid " + s.uid()), e.getMessage());
        assertTrue(e.getMessage().contains("stage 0"), e.getMessage());
        Pipeline inner = new Pipeline(new StandardScaler());
        e = assertThrows(InvalidArgumentException.class, () -> new Pipeline(inner, inner));
        assertTrue(e.getMessage().contains("duplicate stage uid " + inner.uid()), e.getMessage());
    }

    @Test
    void shouldKeepLinearSvcAndLogisticRegressionParamsApart() {
        LogisticRegression lr = new LogisticRegression();
        LinearSVC svc = new LinearSVC();
        Pipeline p = new Pipeline(assembler(), lr, svc);
        Pipeline c = p.copy(ParamMap.of(LogisticRegression.MAX_ITER, 3).put(svc, LinearSVC.REG_PARAM, 0.25));
        assertEquals(3, c.stages().get(1).get(LogisticRegression.MAX_ITER));
        assertEquals(100, c.stages().get(2).get(LinearSVC.MAX_ITER), "LogisticRegression's maxIter is not LinearSVC's");
        assertEquals(0.25, c.stages().get(2).get(LinearSVC.REG_PARAM));
        assertEquals(0.0, c.stages().get(1).get(LogisticRegression.REG_PARAM));
    }
}
