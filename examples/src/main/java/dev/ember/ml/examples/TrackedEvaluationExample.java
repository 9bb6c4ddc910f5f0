package dev.ember.ml.examples;

import dev.ember.ml.algo.classification.LogisticRegression;
import dev.ember.ml.algo.evaluation.BinaryClassificationEvaluator;
import dev.ember.ml.algo.evaluation.MulticlassClassificationEvaluator;
import dev.ember.ml.algo.feature.StandardScaler;
import dev.ember.ml.algo.feature.StringIndexer;
import dev.ember.ml.algo.feature.VectorAssembler;
import dev.ember.ml.core.data.Frame;
import dev.ember.ml.core.io.CsvReader;
import dev.ember.ml.core.runtime.Runtime;
import dev.ember.ml.core.tracking.EvaluationContext;
import dev.ember.ml.core.tracking.Run;
import dev.ember.ml.core.tracking.Tracking;
import dev.ember.ml.pipeline.Pipeline;
import dev.ember.ml.pipeline.PipelineModel;

import java.io.PrintStream;
import java.nio.file.Path;

/**
 * A fit and its evaluation logged to MLflow as an MLflow user expects: the pipeline's params, timed loss history,
 * the model (a LoggedModel on an MLflow 3 server) with a signature of its inputs, the training data as a dataset
 * input, and the test-set metrics with ROC, precision-recall and confusion-matrix images.
 *
 * <p>Usage: {@code TrackedEvaluationExample [data.csv] [tracking-uri]} (default {@code examples/data/breast_cancer.csv}
 * and {@code MLFLOW_TRACKING_URI}, else {@code ./mlruns}).
 */
public final class TrackedEvaluationExample {
    private TrackedEvaluationExample() {
    }

    /**
     * @param args optional path of the CSV and tracking URI
     */
    public static void main(String[] args) {
        Path data = Path.of(args.length > 0 ? args[0] : "examples/data/breast_cancer.csv");
        if (args.length > 1) {
            Tracking.setTrackingUri(args[1]);
        }
        PrintStream out = System.out;
        try (Runtime runtime = Runtime.inProcess()) {
            Frame raw = CsvReader.builder().runtime(runtime).read(data).cache();
            String[] measurements = raw.schema().names().stream()
                .filter(c -> !c.equals("diagnosis")).toArray(String[]::new);
            Frame[] split = raw.randomSplit(new double[] {0.8, 0.2}, 7);
            Pipeline pipeline = new Pipeline(
                new StringIndexer().inputCol("diagnosis").outputCol("label"),
                new VectorAssembler().inputCols(measurements).outputCol("raw"),
                new StandardScaler().inputCol("raw").outputCol("features").with(StandardScaler.WITH_MEAN, true),
                new LogisticRegression().regParam(0.01));
            // $example on$
            try (Run run = Tracking.newRun().experiment("evaluation").name("breast-cancer").start()) {
                PipelineModel model = pipeline.fit(split[0]);     // params, timed loss, LoggedModel, dataset input
                try (EvaluationContext test = Tracking.evaluationContext("test")) {
                    Frame predictions = model.transform(split[1]);
                    double[] areas = new BinaryClassificationEvaluator().evaluateAll(predictions);   // + ROC, PR
                    double accuracy = new MulticlassClassificationEvaluator().metric("accuracy")
                        .evaluate(predictions);                                                    // + confusion
                    out.printf("test areaUnderROC %.4f, areaUnderPR %.4f, accuracy %.4f (run %s)%n", areas[0],
                        areas[1], accuracy, run.id());
                }
            }
            // $example off$
            Tracking.flush(Tracking.trackingUri(), 30_000);
            out.println("logged to " + Tracking.trackingUri());
        }
    }
}
