package dev.ember.ml.algo.tree.hist;

/**
 * A tree as grown: nodes numbered in creation order from the root 0; a leaf has {@code left = right = -1}.
 *
 * @param feature per node its split feature (-1 at leaves)
 * @param bin per node the last bin going left (-1 at leaves)
 * @param threshold per node its split threshold on raw values: {@code x <= threshold} goes left
 * @param missingLeft per node whether missing values go left
 * @param left per node its left child
 * @param right per node its right child
 * @param gain per node the gain of its split (0 at leaves)
 * @param weight per node its hessian sum (its weight, for impurity trees)
 * @param count per node its rows in the tree's sample
 * @param value per node its {@code K} outputs (class probabilities, a mean, or a scaled Newton step)
 * @param leftBins per node of a categorical split the categories going left ({@link BinSet}; its bin is -1, its
 *     threshold NaN, missing values go by {@code missingLeft}), else null
 */
public record GrownTree(int[] feature, int[] bin, double[] threshold, boolean[] missingLeft, int[] left,
                        int[] right, double[] gain, double[] weight, double[] count, double[][] value,
                        int[][] leftBins) {

    /**
     * @param node a node
     * @return of a categorical split the categories going left, ascending; null for a numeric split or a leaf
     */
    public int[] leftCategories(int node) {
        return leftBins[node] == null ? null : BinSet.members(leftBins[node]);
    }

    /** @return the number of nodes */
    public int numNodes() {
        return feature.length;
    }

    /** @return the tree in bin space for margin updates ({@link EnsembleTable}); output 0 only */
    double[] toTable() {
        int n = numNodes();
        double[] t = new double[n * EnsembleTable.WIDTH];
        for (int i = 0; i < n; i++) {
            int o = i * EnsembleTable.WIDTH;
            t[o] = feature[i];
            t[o + 1] = bin[i];
            t[o + 2] = missingLeft[i] ? 1 : 0;
            t[o + 3] = left[i];
            t[o + 4] = right[i];
            t[o + 5] = value[i][0];
            BinSet.put(leftBins[i], t, o + EnsembleTable.SET);
        }
        return t;
    }
}
