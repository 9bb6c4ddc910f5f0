package dev.ember.ml.algo.tree;

import dev.ember.ml.core.FitMonitor;
import dev.ember.ml.core.Model;
import dev.ember.ml.algo.tree.hist.FeatureBins;
import dev.ember.ml.algo.tree.hist.GrowthOptions;
import dev.ember.ml.algo.tree.hist.GrownTree;
import dev.ember.ml.algo.tree.hist.HistogramTrainer;
import dev.ember.ml.algo.tree.hist.TreeTask;
import dev.ember.ml.algo.FeatureNames;
import dev.ember.ml.core.InvalidArgumentException;
import dev.ember.ml.core.InvalidStateException;
import dev.ember.ml.core.Provenance;
import dev.ember.ml.core.StageBase;
import dev.ember.ml.core.data.Frame;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.BiFunction;

/**
 * Gradient boosting (Friedman 2001) with Newton leaves (Chen and Guestrin 2016) on histograms (Ke et al. 2017):
 * the margins start at the loss's optimal constant (the log-odds of the mean label, or the mean; LightGBM's
 * {@code boost_from_average}), and tree {@code m} is grown on the gradients and hessians at the margins of the
 * trees before it, its leaves {@code stepSize * G / (H + regParam)}. With a validation indicator column the
 * validation rows are held out and boosting stops by Spark's rule: when the validation loss improves by less than
 * {@code validationTol * max(loss, 0.01)}, keeping the trees up to the best loss.
 */
final class BoostingTraining {
    private static final Logger LOG = LoggerFactory.getLogger(BoostingTraining.class);

    private BoostingTraining() {
    }

    /**
     * @param stage the estimator (its params)
     * @param frame the training data
     * @param bins the features' bins
     * @param task {@link TreeTask#LOGISTIC} or {@link TreeTask#SQUARED}
     * @param meanLabel the weighted mean label
     * @param featuresPerNode features each node considers
     * @param provenance the fit's recorder
     * @param modelOf the model of a forest and its loss history, for a {@link FitMonitor} installed on this thread:
     *     after each tree it sees the ensemble so far as a model (iteration = trees so far, objective = the mean
     *     training loss before the last tree, the newest known), and a monitor that throws stops adding trees
     * @return the trees and the training loss before each
     */
    static Boosted fit(StageBase<?> stage, Frame frame, FeatureBins bins, TreeTask task, double meanLabel,
                      int featuresPerNode, Provenance.Recorder provenance,
                      BiFunction<Forest, double[], ? extends Model> modelOf) {
        FitMonitor monitor = FitMonitor.current().orElse(null);
        double init = task == TreeTask.LOGISTIC
            ? Math.log(clamp(meanLabel) / (1 - clamp(meanLabel))) : meanLabel;
        String validationCol = stage.get(TreeParams.VALIDATION_INDICATOR_COL);
        HistogramTrainer.Rows rows = new HistogramTrainer.Rows(stage.get(TreeParams.FEATURES_COL),
            stage.get(TreeParams.LABEL_COL), stage.get(TreeParams.WEIGHT_COL), validationCol, task, 1, init,
            stage.get(TreeParams.SEED), stage.get(TreeParams.SUBSAMPLING_RATE), false,
            stage.get(TreeParams.AGGREGATION_DEPTH));
        GrowthOptions options = new GrowthOptions(stage.get(TreeParams.MAX_DEPTH), stage.get(TreeParams.MAX_LEAVES),
            stage.get(TreeParams.MIN_INSTANCES_PER_NODE), stage.get(TreeParams.MIN_HESSIAN_PER_LEAF),
            stage.get(TreeParams.MIN_INFO_GAIN), stage.get(TreeParams.REG_PARAM), featuresPerNode,
            stage.get(TreeParams.STEP_SIZE));
        int maxIter = stage.get(TreeParams.MAX_ITER);
        double tol = stage.get(TreeParams.VALIDATION_TOL);
        boolean validate = !validationCol.isEmpty();
        List<DecisionTree> trees = new ArrayList<>();
        double best = Double.POSITIVE_INFINITY;
        int bestM = 0;
        double[] losses = new double[4];
        List<Double> history = new ArrayList<>();
        long t0 = System.nanoTime();
        try (HistogramTrainer trainer = HistogramTrainer.start(frame, bins, rows)) {
            long t1 = System.nanoTime();
            provenance.metric("binningSeconds", (t1 - t0) / 1e9);
            for (int m = 0; m <= maxIter; m++) {
                GrownTree tree = m < maxIter ? trainer.grow(m, options) : null;
                losses = tree == null ? trainer.evaluateLosses(m) : trainer.lastLosses();
                history.add(losses[1] > 0 ? losses[0] / losses[1] : Double.NaN);
                dev.ember.ml.core.tracking.Tracking.markIteration();
                if (validate && m >= 1) {
                    if (losses[3] <= 0) {
                        throw new InvalidArgumentException("column '" + validationCol + "': found no validation"
                            + " rows (true), expected some to stop early on");
                    }
                    double current = losses[2] / losses[3];
                    if (m == 1) {
                        best = current;
                        bestM = 1;
                    } else if (best - current < tol * Math.max(current, 0.01)) {
                        LOG.info("{}: stopping after {} trees, validation loss {} (best {} at {} trees)",
                            stage.uid(), m, current, best, bestM);
                        break;
                    } else if (current < best) {
                        best = current;
                        bestM = m;
                    }
                }
                if (tree == null) {
                    break;
                }
                trees.add(DecisionTree.of(tree));
                trainer.addBoostedTree(tree);
                if (monitor != null) {
                    List<DecisionTree> sofar = List.copyOf(trees);
                    double[] lossesSoFar = history.stream().mapToDouble(Double::doubleValue).toArray();
                    monitor.onIteration(sofar.size(), lossesSoFar[lossesSoFar.length - 1],
                        () -> modelOf.apply(forest(sofar, bins, task, init, frame, stage), lossesSoFar));
                }
            }
            provenance.metric("rounds", trainer.rounds()).metric("binnedBytes", trainer.binnedBytes())
                .metric("growingSeconds", (System.nanoTime() - t1) / 1e9);
        }
        if (validate && bestM > 0) {
            trees = new ArrayList<>(trees.subList(0, Math.min(bestM, trees.size())));
            provenance.metric("validationLoss", best);
        }
        if (losses[1] > 0) {
            provenance.metric("trainingLoss", losses[0] / losses[1]);
        }
        provenance.metric("numTrees", trees.size())
            .metric("totalNumNodes", trees.stream().mapToInt(DecisionTree::numNodes).sum());
        if (trees.isEmpty()) {
            throw new InvalidStateException("boosting kept no tree");
        }
        Forest forest = forest(trees, bins, task, init, frame, stage);
        return new Boosted(forest, history.stream().mapToDouble(Double::doubleValue).toArray());
    }

    private static Forest forest(List<DecisionTree> trees, FeatureBins bins, TreeTask task, double init, Frame frame,
                                 StageBase<?> stage) {
        double[] weights = new double[trees.size()];
        Arrays.fill(weights, 1.0);
        return new Forest(trees, weights, bins.numFeatures(), task == TreeTask.LOGISTIC ? 2 : 0, init,
            task == TreeTask.LOGISTIC ? "logistic" : "squared",
            FeatureNames.of(frame.schema(), stage.get(TreeParams.FEATURES_COL)))
            .withCategoryNames(CategoricalFeatures.categories(frame.schema(), stage.get(TreeParams.FEATURES_COL),
                bins.numFeatures()));
    }

    /**
     * A boosting fit's result.
     *
     * @param forest the trees kept
     * @param lossHistory the mean training loss (log loss, or squared error) at the margins of 0, 1, ... trees
     */
    record Boosted(Forest forest, double[] lossHistory) {
    }

    private static double clamp(double p) {
        return Math.min(1 - 1e-15, Math.max(1e-15, p));
    }
}
