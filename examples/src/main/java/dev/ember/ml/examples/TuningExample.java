package dev.ember.ml.examples;

import dev.ember.ml.algo.classification.LogisticRegression;
import dev.ember.ml.algo.evaluation.BinaryClassificationEvaluator;
import dev.ember.ml.algo.feature.StandardScaler;
import dev.ember.ml.algo.feature.StringIndexer;
import dev.ember.ml.algo.feature.VectorAssembler;
import dev.ember.ml.core.data.Frame;
import dev.ember.ml.core.io.CsvReader;
import dev.ember.ml.core.param.ParamMap;
import dev.ember.ml.core.persist.StageIO;
import dev.ember.ml.core.runtime.Runtime;
import dev.ember.ml.core.tracking.Run;
import dev.ember.ml.core.tracking.Tracking;
import dev.ember.ml.pipeline.Pipeline;
import dev.ember.ml.pipeline.PipelineModel;
import dev.ember.ml.pipeline.tuning.CrossValidator;
import dev.ember.ml.pipeline.tuning.CrossValidatorModel;
import dev.ember.ml.pipeline.tuning.ParamGridBuilder;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Tuning: splits {@code breast_cancer.csv} into training and test rows ({@code randomSplit}), prepares the
 * features on the training rows (index the label, assemble, standardize), cross-validates a logistic regression
 * over regParam x elasticNetParam (3 folds, two settings at a time), prints every setting's mean and standard
 * deviation of the fold AUCs, scores the best model on the test rows, and saves and reloads the
 * cross-validation model. The cross-validation is an MLflow run with one child run per setting (the store
 * {@code MLFLOW_TRACKING_URI} names, by default {@code ./mlruns}).
 *
 * <p>Usage: {@code TuningExample [data.csv] [model-dir]}.
 */
public final class TuningExample {
    private TuningExample() {
    }

    /**
     * @param args optional: the CSV file, and the directory to save the model into
     * @throws IOException if the model directory cannot be replaced
     */
    public static void main(String[] args) throws IOException {
        Path data = Path.of(args.length > 0 ? args[0] : "examples/data/breast_cancer.csv");
        Path modelDir = Path.of(args.length > 1 ? args[1] : "target/tuning/breast-cancer-cv");
        PrintStream out = System.out;
        try (Runtime runtime = Runtime.inProcess()) {
            // $example on$
            Frame raw = CsvReader.builder().runtime(runtime).read(data).cache();
            Frame[] split = raw.randomSplit(new double[] {0.8, 0.2}, 7);
            String[] measurements = raw.schema().names().stream()
                .filter(c -> !c.equals("diagnosis")).toArray(String[]::new);
            PipelineModel prep = new Pipeline(
                new StringIndexer().inputCol("diagnosis").outputCol("label"),
                new VectorAssembler().inputCols(measurements).outputCol("raw"),
                new StandardScaler().inputCol("raw").outputCol("features").withMean(true))
                .fit(split[0]);
            Frame train = prep.transform(split[0]).select("features", "label").cacheNow();
            Frame test = prep.transform(split[1]).select("features", "label");

            LogisticRegression lr = new LogisticRegression();
            List<ParamMap> grid = new ParamGridBuilder()
                .addGrid(lr, LogisticRegression.REG_PARAM, 0.001, 0.01, 0.1)
                .addGrid(lr, LogisticRegression.ELASTIC_NET_PARAM, 0.0, 0.5)
                .build();
            CrossValidator cv = new CrossValidator().estimator(lr).estimatorParamMaps(grid)
                .evaluator(new BinaryClassificationEvaluator()).numFolds(3).seed(42).parallelism(2);
            CrossValidatorModel model;
            try (Run run = Tracking.newRun().experiment("tuning").name("breast-cancer-cv").start()) {
                model = cv.fit(train);                       // one child run per setting, fold AUCs as steps
            }
            double testAuc = new BinaryClassificationEvaluator().evaluate(model.transform(test));
            // $example off$

            out.printf("training rows %d, test rows %d%n", train.count(), test.count());
            out.printf("%-45s %12s %12s%n", "setting", "mean AUC", "std AUC");
            double[] avg = model.avgMetrics();
            double[] std = model.stdMetrics();
            for (int i = 0; i < avg.length; i++) {
                out.printf("%-45s %12.6f %12.6f%s%n", model.settings().get(i), avg[i], std[i],
                    i == model.bestIndex() ? "  <- best" : "");
            }
            out.printf("best setting %s: test areaUnderROC %.4f%n", model.settings().get(model.bestIndex()), testAuc);
            model.save(replace(modelDir));
            CrossValidatorModel loaded = StageIO.load(modelDir, CrossValidatorModel.class);
            double reloadedAuc = new BinaryClassificationEvaluator().evaluate(loaded.transform(test));
            out.printf("saved to %s and loaded back: test areaUnderROC %.4f%n", modelDir, reloadedAuc);
            Tracking.flush(Tracking.trackingUri(), 30_000);
            if (reloadedAuc != testAuc) {
                throw new IllegalStateException("the loaded model scores differently: " + reloadedAuc + " vs "
                    + testAuc);
            }
        }
    }

    private static Path replace(Path dir) throws IOException {
        if (Files.exists(dir)) {
            try (Stream<Path> s = Files.walk(dir)) {
                for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
        Files.createDirectories(dir.getParent());
        return dir;
    }
}
