package dev.ember.ml.core.tracking;

import dev.ember.ml.core.data.ColumnBuilder;
import dev.ember.ml.core.data.Frame;
import dev.ember.ml.core.runtime.Runtime;
import dev.ember.ml.core.runtime.RuntimeConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What an evaluation logs to the active run (metrics named by evaluator and context, steps, charts once per frame,
 * nothing inside a fit or without a run), and that loss points carry the time their iteration ended.
 */
class EvaluationTrackingTest {
    private static Runtime runtime;

    /** A renderer that writes the figure's name, so the test sees which charts were logged. */
    public static final class TextRenderer implements FigureRenderer {
        @Override
        public void render(Figure figure, Path png) {
            try {
                Files.writeString(png, figure.name());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    @BeforeAll
    static void startRuntime() {
        runtime = Runtime.inProcess(new RuntimeConfig().threads(2));
    }

    @AfterAll
    static void stopRuntime() {
        runtime.close();
    }

    @AfterEach
    void reset() {
        while (Tracking.activeRun().isPresent()) {
            Tracking.activeRun().get().end(RunStatus.KILLED);
        }
        Tracking.setTrackingUri(null);
    }

    private static RecordingStore store(String name) {
        String uri = "recording:eval-" + name + "-" + System.nanoTime();
        Tracking.setTrackingUri(uri);
        return (RecordingStore) Tracking.store(uri);
    }

    private static Frame frame() {
        return Frame.ofColumns(runtime, ColumnBuilder.ofDoubles("x", 1, 2, 3, 4));
    }

    private static Evaluation auc(double value) {
        return new Evaluation("BinaryClassificationEvaluator", Map.of("areaUnderROC", value),
            () -> List.of(new Figure.Curve("roc_curve", "ROC", "fpr", "tpr", new double[] {0, 1},
                new double[] {0, 1}, "AUC", true)));
    }

    @Test
    void shouldLogMetricsByEvaluatorAndContextWithStepsAndChartsOncePerFrame() {
        RecordingStore store = store("metrics");
        Frame predictions = frame();
        Frame other = frame();
        String id;
        try (Run run = Tracking.newRun().name("eval").start()) {
            id = run.id();
            assertTrue(Tracking.isEvaluationLogged());
            Tracking.onEvaluate(predictions, auc(0.9));
            Tracking.onEvaluate(predictions, auc(0.9));
            Tracking.onEvaluate(other, auc(0.8));
            try (EvaluationContext c = Tracking.evaluationContext("test")) {
                Tracking.onEvaluate(predictions, auc(0.7));
            }
        }
        List<MetricPoint> plain = store.history(id, "BinaryClassificationEvaluator.areaUnderROC");
        assertEquals(List.of(0L, 1L, 2L), plain.stream().map(MetricPoint::step).toList());
        assertEquals(List.of(0.9, 0.9, 0.8), plain.stream().map(MetricPoint::value).toList());
        List<MetricPoint> test = store.history(id, "test.BinaryClassificationEvaluator.areaUnderROC");
        assertEquals(1, test.size());
        assertEquals(0, test.get(0).step());
        assertEquals(List.of("evaluation/BinaryClassificationEvaluator.roc_curve.png",
                "evaluation/BinaryClassificationEvaluator.roc_curve.step2.png",
                "evaluation/test/BinaryClassificationEvaluator.roc_curve.png"),
            store.artifacts.get(id), "charts once per frame of predictions and context");
    }

    @Test
    void shouldLogNothingWithoutARunOrInsideAFit() {
        RecordingStore store = store("nested");
        assertTrue(!Tracking.isEvaluationLogged());
        Tracking.onEvaluate(frame(), auc(0.5));
        String id;
        try (Run run = Tracking.newRun().name("cv").start()) {
            id = run.id();
            try (FitScope fold = Tracking.enterFit(new MeanEstimator())) {
                assertTrue(!Tracking.isEvaluationLogged(), "a cross-validation's folds are not logged one by one");
                Tracking.onEvaluate(frame(), auc(0.5));
            }
        }
        assertTrue(store.history(id, "BinaryClassificationEvaluator.areaUnderROC").isEmpty());
        assertTrue(store.artifacts.getOrDefault(id, List.of()).isEmpty());
        assertEquals(1, store.created.size(), "no run of its own without an active run");
    }

    @Test
    void shouldTimeEachLossPointWhenItsIterationEnded() throws InterruptedException {
        RecordingStore store = store("loss");
        MeanEstimator est = new MeanEstimator();
        long[] marked = new long[3];
        String id;
        long loggedAfter;
        try (Run run = Tracking.newRun().name("loss").start()) {
            id = run.id();
            try (FitScope scope = Tracking.enterFit(est)) {
                for (int i = 0; i < 3; i++) {
                    Thread.sleep(40);
                    marked[i] = System.currentTimeMillis();
                    Tracking.markIteration();
                }
                Thread.sleep(40);
                loggedAfter = System.currentTimeMillis();
                est.fit(frame());
            }
        }
        List<MetricPoint> loss = store.history(id, "loss");
        assertEquals(3, loss.size());
        for (int i = 0; i < 3; i++) {
            long t = loss.get(i).timestampMillis();
            assertTrue(Math.abs(t - marked[i]) <= 5, "point " + i + " at " + t + ", its iteration ended at "
                + marked[i]);
            assertTrue(t < loggedAfter, "not the time it was logged");
        }
        assertTrue(loss.get(2).timestampMillis() - loss.get(0).timestampMillis() >= 60, loss.toString());
    }

    @Test
    void shouldSpreadLossPointsOverTheFitWhenTheOptimizerMarkedNone() {
        long[] t = FitLogger.lossTimes(5, new long[0], null, 1000);
        assertEquals(5, t.length);
        long[] marked = FitLogger.lossTimes(2, new long[] {10, 20, 30}, null, 1000);
        assertEquals(20, marked[0], "a fit in two phases: the last points");
        assertEquals(30, marked[1]);
    }
}
