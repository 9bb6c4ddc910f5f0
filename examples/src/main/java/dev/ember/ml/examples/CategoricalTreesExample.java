package dev.ember.ml.examples;

import dev.ember.ml.algo.evaluation.RegressionEvaluator;
import dev.ember.ml.algo.feature.StringIndexer;
import dev.ember.ml.algo.feature.VectorAssembler;
import dev.ember.ml.algo.tree.GBTRegressionModel;
import dev.ember.ml.algo.tree.GBTRegressor;
import dev.ember.ml.core.data.Frame;
import dev.ember.ml.core.io.CsvReader;
import dev.ember.ml.core.runtime.Runtime;

import java.io.PrintStream;
import java.nio.file.Path;

/**
 * A string column as a categorical tree feature: reads {@code iris.csv}, indexes {@code species} with
 * {@code StringIndexer} (which records the species' names on its output), assembles it beside two measurements
 * ({@code VectorAssembler} keeps the slot categorical), and boosts a regressor of the petal width whose trees
 * split on sets of species; prints the test RMSE and the first tree, whose splits name the species.
 *
 * <p>Usage: {@code CategoricalTreesExample [iris.csv]}.
 */
public final class CategoricalTreesExample {
    private CategoricalTreesExample() {
    }

    /** @param args optional: the CSV file */
    public static void main(String[] args) {
        Path data = Path.of(args.length > 0 ? args[0] : "examples/data/iris.csv");
        PrintStream out = System.out;
        try (Runtime runtime = Runtime.inProcess()) {
            Frame raw = CsvReader.builder().runtime(runtime).read(data);
            // $example on$
            Frame indexed = new StringIndexer().inputCol("species").outputCol("species_index")
                .fit(raw).transform(raw);
            Frame assembled = new VectorAssembler()
                .inputCols("sepal_length", "sepal_width", "species_index")   // slot 2 is categorical
                .transform(indexed).withColumn("label", "petal_width").cache();
            Frame[] split = assembled.randomSplit(new double[] {0.8, 0.2}, 7);
            GBTRegressionModel gbt = new GBTRegressor().maxIter(50).stepSize(0.1).maxDepth(3)
                .minInstancesPerNode(5).fit(split[0]);
            double rmse = new RegressionEvaluator().evaluate(gbt.transform(split[1]));
            out.printf("test RMSE %.4f (petal width, cm)%n", rmse);
            out.print(gbt.toDebugString(0));             // "If (feature 2 in {setosa})"
            // $example off$
        }
    }
}
