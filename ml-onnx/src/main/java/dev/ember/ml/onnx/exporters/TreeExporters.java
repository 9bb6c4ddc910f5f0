package dev.ember.ml.onnx.exporters;

import dev.ember.ml.algo.tree.DecisionTree;
import dev.ember.ml.algo.tree.DecisionTreeClassificationModel;
import dev.ember.ml.algo.tree.GBTClassificationModel;
import dev.ember.ml.algo.tree.GBTRegressionModel;
import dev.ember.ml.algo.tree.RandomForestClassificationModel;
import dev.ember.ml.algo.tree.TreeEnsembleModel;
import dev.ember.ml.algo.tree.TreeParams;
import dev.ember.ml.onnx.OnnxGraphBuilder;
import dev.ember.ml.onnx.proto.OnnxMl.AttributeProto;
import dev.ember.ml.onnx.proto.OnnxMl.TensorProto;

import java.util.ArrayList;
import java.util.List;

/**
 * The tree models as one ONNX-ML {@code TreeEnsemble} node (opset 5), which compares and sums in the input's type,
 * double here, so the graph reaches the leaves Ember reaches and adds the same products. Each internal node is a
 * {@code BRANCH_LEQ} split ({@code x <= threshold} goes to Ember's left child), or for a categorical split a
 * {@code BRANCH_MEMBER} split whose set (in {@code membership_values}) is the categories Ember sends left; missing
 * values follow Ember's learned side; each leaf value is weighted by its tree's weight. A model with k outputs per leaf (class
 * probabilities) is written as k single-target {@code TreeEnsemble} nodes, one per output slot, concatenated.
 *
 * <p>What follows the sum is Ember's {@code TreeKernels.Predict}: forests of classifiers normalize the summed
 * probabilities (the argmax of the sums is the prediction), regression forests divide by the sum of the tree
 * weights, gradient-boosted models add the initial score (then, for the classifier, {@code Sigmoid}, raw
 * {@code [-F, F]} and prediction {@code F > 0}).
 */
final class TreeExporters {
    private static final byte BRANCH_LEQ = 0;
    private static final byte BRANCH_MEMBER = 6;

    private TreeExporters() {
    }

    /** Classifiers whose leaves hold class probabilities: decision trees and random forests. */
    static void forestClassifier(TreeEnsembleModel<?> m, OnnxGraphBuilder g, int numClasses) {
        String raw = ensemble(m, g, numClasses);
        String sum = g.op("ReduceSum", List.of(raw, g.constantLong(new long[] {1}, 1)),
            OnnxGraphBuilder.attr("keepdims", 1));
        String positive = g.op("Greater", List.of(sum, g.constant(new double[] {0}, 1)));
        String prob = g.op("Where", List.of(positive, g.op("Div", List.of(raw, sum)),
            g.constant(new double[] {1.0 / numClasses}, 1)));
        g.output(m.get(TreeParams.RAW_PREDICTION_COL), raw);
        g.output(m.get(TreeParams.PROBABILITY_COL), prob);
        g.output(m.get(TreeParams.PREDICTION_COL), LinearExporters.argmax(g, raw));
    }

    static void decisionTreeClassifier(DecisionTreeClassificationModel m, OnnxGraphBuilder g) {
        forestClassifier(m, g, m.numClasses());
    }

    static void randomForestClassifier(RandomForestClassificationModel m, OnnxGraphBuilder g) {
        forestClassifier(m, g, m.numClasses());
    }

    /** Regression forests (and single regression trees): the weighted mean of the trees. */
    static void forestRegressor(TreeEnsembleModel<?> m, OnnxGraphBuilder g) {
        double weightSum = 0;
        for (double w : m.treeWeights()) {
            weightSum += w;
        }
        String sum = g.flatten(ensemble(m, g, 1));
        g.output(m.get(TreeParams.PREDICTION_COL), g.op("Div", List.of(sum, g.constant(new double[] {weightSum},
            1))));
    }

    static void gbtRegressor(GBTRegressionModel m, OnnxGraphBuilder g) {
        String sum = g.flatten(ensemble(m, g, 1));
        g.output(m.get(TreeParams.PREDICTION_COL), g.op("Add", List.of(g.constant(new double[] {m.initScore()}, 1),
            sum)));
    }

    static void gbtClassifier(GBTClassificationModel m, OnnxGraphBuilder g) {
        String f = g.op("Add", List.of(g.constant(new double[] {m.initScore()}, 1), g.flatten(ensemble(m, g, 1))));
        String p1 = g.asColumn(g.op("Sigmoid", List.of(f)));
        String p0 = g.op("Sub", List.of(g.constant(new double[] {1}, 1), p1));
        g.output(m.get(TreeParams.RAW_PREDICTION_COL), LinearExporters.negPos(g, f));
        g.output(m.get(TreeParams.PROBABILITY_COL), g.op("Concat", List.of(p0, p1), OnnxGraphBuilder.attr("axis",
            1)));
        g.output(m.get(TreeParams.PREDICTION_COL), LinearExporters.above(g, f, 0));
    }

    /**
     * @return the {@code [N, targets]} double tensor of the weighted sums of the trees' leaf values
     */
    private static String ensemble(TreeEnsembleModel<?> m, OnnxGraphBuilder g, int targets) {
        String x = g.inputAsDouble(m.get(TreeParams.FEATURES_COL));
        if (targets == 1) {
            return ensemble(m, g, x, 0);
        }
        List<String> columns = new ArrayList<>();
        for (int c = 0; c < targets; c++) {
            columns.add(ensemble(m, g, x, c));
        }
        return g.op("Concat", columns, OnnxGraphBuilder.attr("axis", 1));
    }

    /** @return the {@code [N, 1]} sums of the trees' leaf values of one output slot */
    private static String ensemble(TreeEnsembleModel<?> m, OnnxGraphBuilder g, String x, int target) {
        EnsembleArrays arrays = new EnsembleArrays();
        List<DecisionTree> trees = m.trees();
        double[] weights = m.treeWeights();
        for (int t = 0; t < trees.size(); t++) {
            arrays.addTree(trees.get(t), weights[t], target);
        }
        List<AttributeProto> attrs = new ArrayList<>(List.of(
            OnnxGraphBuilder.attr("aggregate_function", 1),
            OnnxGraphBuilder.attr("n_targets", 1),
            OnnxGraphBuilder.attr("post_transform", 0),
            OnnxGraphBuilder.attr("tree_roots", arrays.roots.stream().mapToLong(Long::longValue).toArray()),
            OnnxGraphBuilder.attr("nodes_featureids", longs(arrays.featureIds)),
            OnnxGraphBuilder.attr("nodes_modes", OnnxGraphBuilder.uint8Tensor(arrays.modes())),
            OnnxGraphBuilder.attr("nodes_splits", OnnxGraphBuilder.doubleTensor("", doubles(arrays.splits),
                arrays.splits.size())),
            OnnxGraphBuilder.attr("nodes_truenodeids", longs(arrays.trueIds)),
            OnnxGraphBuilder.attr("nodes_trueleafs", longs(arrays.trueLeafs)),
            OnnxGraphBuilder.attr("nodes_falsenodeids", longs(arrays.falseIds)),
            OnnxGraphBuilder.attr("nodes_falseleafs", longs(arrays.falseLeafs)),
            OnnxGraphBuilder.attr("nodes_missing_value_tracks_true", longs(arrays.missingTrue)),
            OnnxGraphBuilder.attr("leaf_targetids", longs(arrays.leafTargets)),
            OnnxGraphBuilder.attr("leaf_weights", OnnxGraphBuilder.doubleTensor("", doubles(arrays.leafWeights),
                arrays.leafWeights.size()))));
        if (!arrays.members.isEmpty()) {
            attrs.add(OnnxGraphBuilder.attr("membership_values", OnnxGraphBuilder.doubleTensor("",
                doubles(arrays.members), arrays.members.size())));
        }
        return g.op(OnnxGraphBuilder.ML_DOMAIN, "TreeEnsemble", List.of(x), attrs.toArray(AttributeProto[]::new));
    }

    /** The flat attribute arrays of {@code TreeEnsemble}: interior nodes and leaves numbered separately. */
    private static final class EnsembleArrays {
        final List<Long> roots = new ArrayList<>();
        final List<Long> featureIds = new ArrayList<>();
        final List<Double> splits = new ArrayList<>();
        final List<Long> trueIds = new ArrayList<>();
        final List<Long> trueLeafs = new ArrayList<>();
        final List<Long> falseIds = new ArrayList<>();
        final List<Long> falseLeafs = new ArrayList<>();
        final List<Long> missingTrue = new ArrayList<>();
        final List<Long> leafTargets = new ArrayList<>();
        final List<Double> leafWeights = new ArrayList<>();
        final List<Boolean> member = new ArrayList<>();
        final List<Double> members = new ArrayList<>();

        /** @return per interior node its mode: {@code BRANCH_MEMBER} for categorical splits, else BRANCH_LEQ */
        byte[] modes() {
            byte[] m = new byte[member.size()];
            for (int i = 0; i < m.length; i++) {
                m[i] = member.get(i) ? BRANCH_MEMBER : BRANCH_LEQ;
            }
            return m;
        }

        void addTree(DecisionTree tree, double weight, int target) {
            if (tree.isLeaf(0)) {
                // a tree without a split: one node whose both branches reach the leaf
                long leaf = addLeaf(tree, 0, weight, target);
                roots.add((long) featureIds.size());
                addNode(0, 0, leaf, true, leaf, true, false);
                return;
            }
            roots.add((long) featureIds.size());
            addInterior(tree, 0, weight, target);
        }

        /** Adds an internal node and its subtree, depth first; @return its index */
        private long addInterior(DecisionTree tree, int node, double weight, int target) {
            int at = featureIds.size();
            addNode(tree.feature(node), tree.threshold(node), 0, false, 0, false, tree.missingLeft(node));
            if (tree.isCategorical(node)) {
                // the sets of the member nodes in node order, each closed by a NaN
                member.set(at, true);
                splits.set(at, 0.0);
                for (int c : tree.leftCategories(node)) {
                    members.add((double) c);
                }
                members.add(Double.NaN);
            }
            int left = tree.left(node);
            int right = tree.right(node);
            boolean leftLeaf = tree.isLeaf(left);
            boolean rightLeaf = tree.isLeaf(right);
            long l = leftLeaf ? addLeaf(tree, left, weight, target) : addInterior(tree, left, weight, target);
            long r = rightLeaf ? addLeaf(tree, right, weight, target) : addInterior(tree, right, weight, target);
            trueIds.set(at, l);
            trueLeafs.set(at, leftLeaf ? 1L : 0L);
            falseIds.set(at, r);
            falseLeafs.set(at, rightLeaf ? 1L : 0L);
            return at;
        }

        private void addNode(int feature, double split, long trueId, boolean trueLeaf, long falseId,
                             boolean falseLeaf, boolean missingGoesTrue) {
            featureIds.add((long) feature);
            splits.add(split);
            trueIds.add(trueId);
            trueLeafs.add(trueLeaf ? 1L : 0L);
            falseIds.add(falseId);
            falseLeafs.add(falseLeaf ? 1L : 0L);
            missingTrue.add(missingGoesTrue ? 1L : 0L);
            member.add(false);
        }

        private long addLeaf(DecisionTree tree, int node, double weight, int target) {
            leafTargets.add(0L);
            leafWeights.add(weight * tree.value(node)[target]);
            return leafWeights.size() - 1;
        }
    }

    private static long[] longs(List<Long> v) {
        return v.stream().mapToLong(Long::longValue).toArray();
    }

    private static double[] doubles(List<Double> v) {
        return v.stream().mapToDouble(Double::doubleValue).toArray();
    }
}
