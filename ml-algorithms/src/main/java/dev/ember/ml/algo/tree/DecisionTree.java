package dev.ember.ml.algo.tree;

import dev.ember.ml.algo.tree.hist.GrownTree;
import dev.ember.ml.core.InvalidArgumentException;

import java.util.Arrays;
import java.util.Locale;

/**
 * One fitted tree: an immutable node table, the root at 0. An internal node sends a row left when its feature is
 * {@code <= threshold}, and a missing (NaN) feature to the side {@link #missingLeft(int)} learned at training; a
 * leaf holds {@link #numOutputs()} values (class probabilities, a mean, or a boosting step).
 */
public final class DecisionTree {
    private final int[] feature;
    private final double[] threshold;
    private final boolean[] missingLeft;
    private final int[] left;
    private final int[] right;
    private final double[] gain;
    private final double[] weight;
    private final double[] count;
    private final double[][] value;

    DecisionTree(int[] feature, double[] threshold, boolean[] missingLeft, int[] left, int[] right, double[] gain,
                 double[] weight, double[] count, double[][] value) {
        this.feature = feature;
        this.threshold = threshold;
        this.missingLeft = missingLeft;
        this.left = left;
        this.right = right;
        this.gain = gain;
        this.weight = weight;
        this.count = count;
        this.value = value;
        for (int i = 0; i < left.length; i++) {
            if ((left[i] < 0) != (right[i] < 0) || left[i] >= left.length || right[i] >= left.length
                || (left[i] >= 0 && (left[i] <= i || right[i] <= i))) {
                throw new InvalidArgumentException("tree node " + i + ": found children " + left[i] + " and "
                    + right[i] + ", expected both -1 (a leaf) or both later nodes of the " + left.length);
            }
        }
    }

    static DecisionTree of(GrownTree g) {
        return new DecisionTree(g.feature(), g.threshold(), g.missingLeft(), g.left(), g.right(), g.gain(),
            g.weight(), g.count(), g.value());
    }

    /** @return the number of nodes */
    public int numNodes() {
        return feature.length;
    }

    /** @return the number of values per leaf */
    public int numOutputs() {
        return value[0].length;
    }

    /** @param node a node @return whether it is a leaf */
    public boolean isLeaf(int node) {
        return left[node] < 0;
    }

    /** @param node an internal node @return its split feature */
    public int feature(int node) {
        return feature[node];
    }

    /** @param node an internal node @return its threshold: values {@code <=} it go left */
    public double threshold(int node) {
        return threshold[node];
    }

    /** @param node an internal node @return whether missing values go left */
    public boolean missingLeft(int node) {
        return missingLeft[node];
    }

    /** @param node an internal node @return its left child */
    public int left(int node) {
        return left[node];
    }

    /** @param node an internal node @return its right child */
    public int right(int node) {
        return right[node];
    }

    /** @param node a node @return the gain of its split (0 at a leaf) */
    public double gain(int node) {
        return gain[node];
    }

    /** @param node a node @return its training rows (with bootstrap multiplicity) */
    public double count(int node) {
        return count[node];
    }

    /** @param node a node @return its training weight (hessian sum for boosted trees) */
    public double weight(int node) {
        return weight[node];
    }

    /** @param node a node @return its values (a copy) */
    public double[] value(int node) {
        return value[node].clone();
    }

    /** @return the number of leaves */
    public int numLeaves() {
        int n = 0;
        for (int l : left) {
            n += l < 0 ? 1 : 0;
        }
        return n;
    }

    /** @return the depth (a single leaf has depth 0) */
    public int depth() {
        return depth(0);
    }

    private int depth(int node) {
        return isLeaf(node) ? 0 : 1 + Math.max(depth(left[node]), depth(right[node]));
    }

    /**
     * @param x a row's features
     * @return the leaf it reaches
     */
    public int leaf(double[] x) {
        int node = 0;
        while (left[node] >= 0) {
            double v = x[feature[node]];
            boolean goLeft = Double.isNaN(v) ? missingLeft[node] : v <= threshold[node];
            node = goLeft ? left[node] : right[node];
        }
        return node;
    }

    /**
     * Spark's debug format: one {@code If (feature f <= t)} / {@code Else (feature f > t)} pair per split, leaves
     * as {@code Predict: v}, indented by depth; the missing direction is printed with each split.
     *
     * @param indent the indentation of the root
     * @return the text
     */
    public String toDebugString(int indent) {
        StringBuilder sb = new StringBuilder();
        append(sb, 0, indent);
        return sb.toString();
    }

    private void append(StringBuilder sb, int node, int indent) {
        String pad = " ".repeat(indent);
        if (isLeaf(node)) {
            double[] v = value[node];
            sb.append(pad).append("Predict: ").append(v.length == 1 ? fmt(v[0]) : vector(v)).append('\n');
            return;
        }
        String f = "feature " + feature[node];
        String t = fmt(threshold[node]);
        sb.append(pad).append("If (").append(f).append(" <= ").append(t)
            .append(missingLeft[node] ? " or missing" : "").append(")\n");
        append(sb, left[node], indent + 1);
        sb.append(pad).append("Else (").append(f).append(" > ").append(t)
            .append(missingLeft[node] ? "" : " or missing").append(")\n");
        append(sb, right[node], indent + 1);
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%s", v);
    }

    private static String vector(double[] v) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < v.length; i++) {
            sb.append(i == 0 ? "" : ",").append(fmt(v[i]));
        }
        return sb.append(']').toString();
    }

    /** Columns of one node row in a saved node matrix, before its values. */
    static final int ROW_FIXED = 9;

    /** @return the nodes as matrix rows {@code [tree, feature, threshold, missingLeft, left, right, gain, weight,
     *     count, values...]} */
    double[][] toRows(int treeIndex) {
        int n = numNodes();
        double[][] rows = new double[n][];
        for (int i = 0; i < n; i++) {
            double[] r = new double[ROW_FIXED + value[i].length];
            r[0] = treeIndex;
            r[1] = feature[i];
            r[2] = threshold[i];
            r[3] = missingLeft[i] ? 1 : 0;
            r[4] = left[i];
            r[5] = right[i];
            r[6] = gain[i];
            r[7] = weight[i];
            r[8] = count[i];
            System.arraycopy(value[i], 0, r, ROW_FIXED, value[i].length);
            rows[i] = r;
        }
        return rows;
    }

    /** @return a tree from rows {@code [from, to)} of a saved node matrix */
    static DecisionTree fromRows(double[][] rows, int from, int to) {
        int n = to - from;
        int[] feature = new int[n];
        double[] threshold = new double[n];
        boolean[] missingLeft = new boolean[n];
        int[] left = new int[n];
        int[] right = new int[n];
        double[] gain = new double[n];
        double[] weight = new double[n];
        double[] count = new double[n];
        double[][] value = new double[n][];
        for (int i = 0; i < n; i++) {
            double[] r = rows[from + i];
            feature[i] = (int) r[1];
            threshold[i] = r[2];
            missingLeft[i] = r[3] != 0;
            left[i] = (int) r[4];
            right[i] = (int) r[5];
            gain[i] = r[6];
            weight[i] = r[7];
            count[i] = r[8];
            value[i] = Arrays.copyOfRange(r, ROW_FIXED, r.length);
        }
        return new DecisionTree(feature, threshold, missingLeft, left, right, gain, weight, count, value);
    }

    /** @return the flat encoding the prediction kernel reads: node count, then per node
     *     {@code [feature, threshold, missingLeft, left, right, values...]} */
    void appendFlat(double[] out, int at) {
        int k = numOutputs();
        out[at] = numNodes();
        int o = at + 1;
        for (int i = 0; i < numNodes(); i++) {
            out[o] = feature[i];
            out[o + 1] = threshold[i];
            out[o + 2] = missingLeft[i] ? 1 : 0;
            out[o + 3] = left[i];
            out[o + 4] = right[i];
            System.arraycopy(value[i], 0, out, o + 5, k);
            o += 5 + k;
        }
    }

    /** @return the length of {@link #appendFlat} */
    int flatLength() {
        return 1 + numNodes() * (5 + numOutputs());
    }
}
