package dev.ember.ml.examples;

import dev.ember.ml.algo.evaluation.BinaryClassificationEvaluator;
import dev.ember.ml.algo.feature.StringIndexer;
import dev.ember.ml.algo.feature.VectorAssembler;
import dev.ember.ml.algo.tree.GBTClassificationModel;
import dev.ember.ml.algo.tree.GBTClassifier;
import dev.ember.ml.algo.tree.RandomForestClassificationModel;
import dev.ember.ml.algo.tree.RandomForestClassifier;
import dev.ember.ml.core.data.Frame;
import dev.ember.ml.core.io.CsvReader;
import dev.ember.ml.core.runtime.Runtime;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Trees on a real dataset: reads {@code breast_cancer.csv}, indexes the diagnosis, assembles the 30 measurements,
 * splits 80/20, and fits a histogram gradient-boosted classifier (leaf-wise, 15 leaves, 100 trees) and a random
 * forest (100 trees); prints their test AUC, the boosted model's top features by gain and its first tree.
 *
 * <p>Usage: {@code TreeEnsembleExample [data.csv]}.
 */
public final class TreeEnsembleExample {
    private TreeEnsembleExample() {
    }

    /** @param args optional: the CSV file */
    public static void main(String[] args) {
        Path data = Path.of(args.length > 0 ? args[0] : "examples/data/breast_cancer.csv");
        PrintStream out = System.out;
        try (Runtime runtime = Runtime.inProcess()) {
            Frame raw = CsvReader.builder().runtime(runtime).read(data);
            String[] measurements = raw.schema().fields().stream().filter(f -> f.type().isNumeric())
                .map(f -> f.name()).toArray(String[]::new);
            Frame assembled = new VectorAssembler().inputCols(measurements).transform(raw);
            Frame labeled = new StringIndexer().inputCol("diagnosis").outputCol("label")
                .stringOrderType("alphabetAsc").fit(assembled).transform(assembled).cache();
            Frame[] split = labeled.randomSplit(new double[] {0.8, 0.2}, 42);
            // $example on$
            GBTClassificationModel gbt = new GBTClassifier()
                .maxIter(100).stepSize(0.1)          // 100 trees, learning rate 0.1
                .maxLeaves(15).maxDepth(30)          // leaf-wise growth, as LightGBM's num_leaves
                .minInstancesPerNode(20)
                .fit(split[0]);
            RandomForestClassificationModel rf = new RandomForestClassifier().numTrees(100).maxDepth(12)
                .fit(split[0]);
            BinaryClassificationEvaluator auc = new BinaryClassificationEvaluator();
            out.printf("GBT test AUC %.4f, random forest test AUC %.4f%n", auc.evaluate(gbt.transform(split[1])),
                auc.evaluate(rf.transform(split[1])));
            double[] gain = gbt.featureImportances("gain");
            Integer[] order = new Integer[gain.length];
            Arrays.setAll(order, i -> i);
            Arrays.sort(order, (a, b) -> Double.compare(gain[b], gain[a]));
            for (int i = 0; i < 5; i++) {
                out.printf("  %-22s gain %.1f%n", measurements[order[i]], gain[order[i]]);
            }
            out.print(gbt.trees().get(0).toDebugString(2));
            // $example off$
        }
    }
}
