package dev.ember.ml.algo.tree;

import dev.ember.ml.algo.tree.hist.FeatureBins;
import dev.ember.ml.algo.tree.hist.GrowthOptions;
import dev.ember.ml.algo.tree.hist.HistogramTrainer;
import dev.ember.ml.algo.tree.hist.TreeTask;
import dev.ember.ml.algo.FeatureNames;
import dev.ember.ml.core.Provenance;
import dev.ember.ml.core.StageBase;
import dev.ember.ml.core.data.Frame;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Fits decision trees and random forests (Breiman 2001): each tree grows depth-wise on its own sample of rows
 * (Poisson bootstrap multiplicities when {@code bootstrap}) with its own feature subsets per node, over the
 * shared binned rows; leaves hold class probabilities (Gini trees) or means (variance trees).
 */
final class ForestTraining {
    private ForestTraining() {
    }

    /**
     * @param stage the estimator (its params)
     * @param frame the training data
     * @param bins the features' bins
     * @param numClasses classes, or 0 for regression
     * @param numTrees trees to grow
     * @param subsamplingRate each tree's row fraction
     * @param bootstrap draw rows with replacement
     * @param featuresPerNode features each node considers
     * @param provenance the fit's recorder
     * @return the trees
     */
    static Forest fit(StageBase<?> stage, Frame frame, FeatureBins bins, int numClasses, int numTrees,
                      double subsamplingRate, boolean bootstrap, int featuresPerNode, Provenance.Recorder provenance) {
        TreeTask task = numClasses > 0 ? TreeTask.CLASSIFICATION : TreeTask.REGRESSION;
        HistogramTrainer.Rows rows = new HistogramTrainer.Rows(stage.get(TreeParams.FEATURES_COL),
            stage.get(TreeParams.LABEL_COL), stage.get(TreeParams.WEIGHT_COL), "", task, Math.max(1, numClasses), 0,
            stage.get(TreeParams.SEED), subsamplingRate, bootstrap, stage.get(TreeParams.AGGREGATION_DEPTH));
        GrowthOptions options = new GrowthOptions(stage.get(TreeParams.MAX_DEPTH), 0,
            stage.get(TreeParams.MIN_INSTANCES_PER_NODE), 0, stage.get(TreeParams.MIN_INFO_GAIN), 0,
            featuresPerNode, 1);
        List<DecisionTree> trees = new ArrayList<>();
        try (HistogramTrainer trainer = HistogramTrainer.start(frame, bins, rows)) {
            for (int t = 0; t < numTrees; t++) {
                trees.add(DecisionTree.of(trainer.grow(t, options)));
            }
            provenance.metric("rounds", trainer.rounds()).metric("binnedBytes", trainer.binnedBytes());
        }
        double[] weights = new double[numTrees];
        Arrays.fill(weights, 1.0);
        provenance.metric("numTrees", numTrees)
            .metric("totalNumNodes", trees.stream().mapToInt(DecisionTree::numNodes).sum());
        return new Forest(trees, weights, bins.numFeatures(), numClasses,
            0, numClasses > 0 ? "forestClassification" : "forestRegression",
            FeatureNames.of(frame.schema(), stage.get(TreeParams.FEATURES_COL)))
            .withCategoryNames(CategoricalFeatures.categories(frame.schema(), stage.get(TreeParams.FEATURES_COL),
                bins.numFeatures()));
    }
}
