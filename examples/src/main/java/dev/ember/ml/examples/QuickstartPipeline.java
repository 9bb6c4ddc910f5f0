package dev.ember.ml.examples;

import dev.ember.ml.algo.classification.LogisticRegression;
import dev.ember.ml.algo.classification.LogisticRegressionModel;
import dev.ember.ml.algo.evaluation.BinaryClassificationEvaluator;
import dev.ember.ml.algo.evaluation.MulticlassClassificationEvaluator;
import dev.ember.ml.algo.feature.StandardScaler;
import dev.ember.ml.algo.feature.StandardScalerModel;
import dev.ember.ml.algo.feature.StringIndexer;
import dev.ember.ml.algo.feature.VectorAssembler;
import dev.ember.ml.core.Provenance;
import dev.ember.ml.core.data.Frame;
import dev.ember.ml.core.io.CsvReader;
import dev.ember.ml.core.persist.StageIO;
import dev.ember.ml.core.runtime.ByteSizes;
import dev.ember.ml.core.runtime.CacheStats;
import dev.ember.ml.core.runtime.Runtime;
import dev.ember.ml.core.tracking.Run;
import dev.ember.ml.core.tracking.Tracking;
import dev.ember.ml.pipeline.Pipeline;
import dev.ember.ml.pipeline.PipelineModel;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * The quickstart: reads {@code breast_cancer.csv} with an inferred schema, splits it 80/20 into training and test
 * rows ({@code randomSplit}, the same rows whatever the partitioning), fits a pipeline on the training rows (index
 * the diagnosis label, assemble the 30 measurements into a feature block, standardize it, logistic regression with
 * elastic net) on the in-process runtime, evaluates it on the held-out test rows, saves the fitted pipeline, loads
 * it back and checks that it predicts exactly the same probabilities. The fit is logged to MLflow: the store {@code MLFLOW_TRACKING_URI} names,
 * by default the embedded file store {@code ./mlruns}.
 *
 * <p>Usage: {@code QuickstartPipeline [data.csv] [model-dir]}.
 */
public final class QuickstartPipeline {
    /** The seed of the train/test split; printed, so a run can be repeated. */
    static final long SPLIT_SEED = 42;

    private QuickstartPipeline() {
    }

    /**
     * @param args optional: the CSV file, and the directory to save the model into
     * @throws IOException if the model directory cannot be replaced
     */
    public static void main(String[] args) throws IOException {
        Path data = Path.of(args.length > 0 ? args[0] : "examples/data/breast_cancer.csv");
        Path modelDir = Path.of(args.length > 1 ? args[1] : "target/quickstart/breast-cancer-pipeline");
        PrintStream out = System.out;

        try (Runtime runtime = Runtime.inProcess()) {
            // $example on$
            long t0 = System.nanoTime();
            Frame raw = CsvReader.builder().runtime(runtime).read(data).cache();
            Frame[] split = raw.randomSplit(new double[] {0.8, 0.2}, SPLIT_SEED);
            Frame train = split[0];
            Frame test = split[1];
            String[] measurements = raw.schema().names().stream()
                .filter(c -> !c.equals("diagnosis")).toArray(String[]::new);

            Pipeline pipeline = new Pipeline(
                new StringIndexer().inputCol("diagnosis").outputCol("label"),
                new VectorAssembler().inputCols(measurements).outputCol("raw"),
                new StandardScaler().inputCol("raw").outputCol("features").withMean(true),
                new LogisticRegression().regParam(0.01).elasticNetParam(0.5));
            PipelineModel model;
            String runId;
            try (Run run = Tracking.newRun().experiment("quickstart").name("breast-cancer-pipeline").start()) {
                model = pipeline.fit(train);               // logged: params, provenance, loss history, the model
                runId = run.id();
            }
            model.save(replace(modelDir));
            PipelineModel loaded = StageIO.load(modelDir, PipelineModel.class);
            // $example off$
            double seconds = (System.nanoTime() - t0) / 1e9;

            out.printf("Ember quickstart on %s (%s)%n", data, runtime);
            out.printf("read %d rows x %d columns in %d partitions; schema:%n%s", raw.count(),
                raw.schema().size(), raw.numPartitions(), raw.schema().treeString());
            StandardScalerModel scaler = model.stage(StandardScalerModel.class);
            double[] mean = scaler.mean();
            double[] std = scaler.std();
            out.println("fitted StandardScaler (first 5 of " + mean.length + " measurements):");
            for (int j = 0; j < 5; j++) {
                out.printf("  %-22s mean %12.6f  std %12.6f%n", measurements[j], mean[j], std[j]);
            }
            Provenance p = model.provenance();
            out.printf("provenance: data %s, %d rows, content %s; Ember %s, Java %s, %s; fit %d ms%n",
                p.data().schemaHash(), p.data().rowCount(), p.data().contentHash(), p.emberVersion(),
                p.javaVersion(), p.os(), p.wallTimeMillis());

            LogisticRegressionModel lr = model.stage(LogisticRegressionModel.class);
            long nonZero = java.util.Arrays.stream(lr.coefficients()).filter(c -> c != 0).count();
            out.printf("logistic regression: %d of %d coefficients non-zero (elastic net), %d iterations, %s%n",
                nonZero, lr.coefficients().length, lr.summary().iterations(), lr.summary().convergence());
            out.printf("split (seed %d): %d training rows, %d test rows%n", SPLIT_SEED, train.count(), test.count());
            double trainAuc = new BinaryClassificationEvaluator().evaluate(model.transform(train));
            Frame predictions = model.transform(test);
            double auc = new BinaryClassificationEvaluator().evaluate(predictions);
            double pr = new BinaryClassificationEvaluator().metric("areaUnderPR").evaluate(predictions);
            double accuracy = new MulticlassClassificationEvaluator().metric("accuracy").evaluate(predictions);
            double logLoss = new MulticlassClassificationEvaluator().metric("logLoss").evaluate(predictions);
            out.printf("test set: areaUnderROC %.4f, areaUnderPR %.4f, accuracy %.4f, log-loss %.4f"
                + " (training areaUnderROC %.4f)%n", auc, pr, accuracy, logLoss, trainAuc);

            double[][] before = predictions.collectVectors("probability");
            double[][] after = loaded.transform(test).collectVectors("probability");
            double maxDiff = 0;
            for (int i = 0; i < before.length; i++) {
                for (int j = 0; j < before[i].length; j++) {
                    maxDiff = Math.max(maxDiff, Math.abs(before[i][j] - after[i][j]));
                }
            }
            out.printf("saved to %s and loaded back: max |difference| of predicted probabilities = %s%n",
                modelDir, maxDiff);
            CacheStats c = runtime.cacheStats();
            out.printf("cache: %d partitions, %s off-heap (budget %s), %d hits, %d misses%n",
                c.cachedPartitions(), ByteSizes.format(c.usedBytes()), ByteSizes.format(c.maxBytes()), c.hits(),
                c.misses());
            Tracking.flush(Tracking.trackingUri(), 30_000);
            out.printf("MLflow run %s in %s (experiment quickstart): see it with%n"
                + "  MLFLOW_ALLOW_FILE_STORE=true mlflow ui --backend-store-uri ./mlruns%n", runId,
                Tracking.trackingUri());
            out.printf("total %.2f s%n", seconds);
            if (maxDiff != 0) {
                throw new IllegalStateException("the loaded model transforms differently: max difference " + maxDiff);
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
        return dir;
    }
}
