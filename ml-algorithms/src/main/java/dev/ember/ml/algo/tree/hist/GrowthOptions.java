package dev.ember.ml.algo.tree.hist;

import dev.ember.ml.core.InvalidArgumentException;

/**
 * How one tree grows.
 *
 * @param maxDepth the deepest a node may be (the root is at depth 0)
 * @param maxLeaves 0 for depth-wise growth (every splittable node of a level split in one round, as Spark and
 *     XGBoost do), else leaf-wise growth up to this many leaves (the leaf of largest gain split first, one round
 *     per split, as LightGBM does)
 * @param minInstancesPerNode the fewest rows (with their bootstrap multiplicity) each child must keep
 * @param minHessianPerNode the least hessian (weight, for impurity trees) each child must keep
 * @param minInfoGain the least gain per unit of the node's hessian (weight) a split must bring: for Gini and
 *     variance trees Spark's information gain
 * @param l2 the L2 penalty on leaf values ({@code regParam}); 0 for impurity trees
 * @param featuresPerNode how many features each node draws as candidates (all of them for no subsetting)
 * @param leafScale the factor on leaf values (the step size of boosting; 1 otherwise)
 */
public record GrowthOptions(int maxDepth, int maxLeaves, int minInstancesPerNode, double minHessianPerNode,
                            double minInfoGain, double l2, int featuresPerNode, double leafScale) {
    /** Checks the ranges. */
    public GrowthOptions {
        if (maxDepth < 0 || maxLeaves < 0 || maxLeaves == 1 || minInstancesPerNode < 1 || minHessianPerNode < 0
            || minInfoGain < 0 || l2 < 0 || featuresPerNode < 1) {
            throw new InvalidArgumentException("growth options out of range: " + this);
        }
    }
}
