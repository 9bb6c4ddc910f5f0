package dev.ember.ml.examples;

import dev.ember.ml.algo.classification.LogisticRegression;
import dev.ember.ml.algo.classification.LogisticRegressionModel;
import dev.ember.ml.algo.evaluation.ConfusionMatrix;
import dev.ember.ml.algo.evaluation.MulticlassClassificationEvaluator;
import dev.ember.ml.algo.feature.StandardScaler;
import dev.ember.ml.algo.feature.StringIndexer;
import dev.ember.ml.algo.feature.VectorAssembler;
import dev.ember.ml.core.data.Frame;
import dev.ember.ml.core.io.CsvReader;
import dev.ember.ml.core.runtime.Runtime;
import dev.ember.ml.pipeline.Pipeline;
import dev.ember.ml.pipeline.PipelineModel;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;

/**
 * Reading a model by feature name: fits the quickstart pipeline on {@code breast_cancer.csv}, prints the five
 * largest coefficients of the logistic regression by the name of the measurement they weigh (the assembler names
 * each slot of the feature vector after its input column, the scaler keeps the names, the model keeps them and
 * saves them), and the confusion matrix of its predictions, its rows and columns named by the labels the
 * {@code StringIndexer} found.
 *
 * <p>Usage: {@code FeatureNamesExample [data.csv]}.
 */
public final class FeatureNamesExample {
    private FeatureNamesExample() {
    }

    /** @param args optional: the CSV file */
    public static void main(String[] args) {
        Path data = Path.of(args.length > 0 ? args[0] : "examples/data/breast_cancer.csv");
        PrintStream out = System.out;
        try (Runtime runtime = Runtime.inProcess()) {
            Frame raw = CsvReader.builder().runtime(runtime).read(data).cache();
            String[] measurements = raw.schema().names().stream()
                .filter(c -> !c.equals("diagnosis")).toArray(String[]::new);
            // $example on$
            PipelineModel model = new Pipeline(
                new StringIndexer().inputCol("diagnosis").outputCol("label"),
                new VectorAssembler().inputCols(measurements).outputCol("raw"),   // slots named after the columns
                new StandardScaler().inputCol("raw").outputCol("features").withMean(true),
                new LogisticRegression().regParam(0.01).elasticNetParam(0.5)).fit(raw);

            LogisticRegressionModel lr = model.stage(LogisticRegressionModel.class);
            lr.coefficientsByName().entrySet().stream()
                .sorted(Comparator.comparingDouble((Map.Entry<String, Double> e) -> -Math.abs(e.getValue())))
                .limit(5)
                .forEach(e -> out.printf("%-22s %+.4f%n", e.getKey(), e.getValue()));

            ConfusionMatrix confusion = new MulticlassClassificationEvaluator().confusionMatrix(model.transform(raw));
            out.print(confusion);          // rows: true diagnosis, columns: predicted, named by the indexer's labels
            // $example off$
        }
    }
}
