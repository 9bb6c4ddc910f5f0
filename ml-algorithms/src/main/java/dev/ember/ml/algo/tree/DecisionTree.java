package dev.ember.ml.algo.tree;

import dev.ember.ml.algo.tree.hist.BinSet;
import dev.ember.ml.algo.tree.hist.GrownTree;
import dev.ember.ml.core.InvalidArgumentException;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * One fitted tree: an immutable node table, the root at 0. An internal node sends a row left when its feature is
 * {@code <= threshold}, or for a categorical split ({@link #isCategorical(int)}) when its feature is one of the
 * node's {@link #leftCategories(int)} (any other value, an unseen category included, goes right), and a missing
 * (NaN) feature to the side {@link #missingLeft(int)} learned at training; a leaf holds {@link #numOutputs()}
 * values (class probabilities, a mean, or a boosting step).
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
    private final int[][] leftCategories;

    DecisionTree(int[] feature, double[] threshold, boolean[] missingLeft, int[] left, int[] right, double[] gain,
                 double[] weight, double[] count, double[][] value) {
        this(feature, threshold, missingLeft, left, right, gain, weight, count, value, new int[feature.length][]);
    }

    DecisionTree(int[] feature, double[] threshold, boolean[] missingLeft, int[] left, int[] right, double[] gain,
                 double[] weight, double[] count, double[][] value, int[][] leftCategories) {
        this.leftCategories = leftCategories;
        for (int i = 0; i < leftCategories.length; i++) {
            int[] c = leftCategories[i];
            if (c != null && (left[i] < 0 || c.length == 0 || c[0] < 0 || c[c.length - 1] >= CATEGORY_LIMIT
                || !java.util.stream.IntStream.range(1, c.length).allMatch(j -> c[j - 1] < c[j]))) {
                throw new InvalidArgumentException("tree node " + i + ": found left categories "
                    + Arrays.toString(c) + ", expected an ascending set of indices 0.." + (CATEGORY_LIMIT - 1)
                    + " at a split node");
            }
        }
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

    /** Category indices a categorical split can name: those of a byte of bins. */
    static final int CATEGORY_LIMIT = 32 * BinSet.WORDS;

    static DecisionTree of(GrownTree g) {
        int[][] cats = new int[g.numNodes()][];
        for (int i = 0; i < cats.length; i++) {
            cats[i] = g.leftCategories(i);
        }
        return new DecisionTree(g.feature(), g.threshold(), g.missingLeft(), g.left(), g.right(), g.gain(),
            g.weight(), g.count(), g.value(), cats);
    }

    /** @param node an internal node @return whether its split sends a set of categories left */
    public boolean isCategorical(int node) {
        return leftCategories[node] != null;
    }

    /** @param node a categorical split @return the categories it sends left, ascending (a copy), else null */
    public int[] leftCategories(int node) {
        return leftCategories[node] == null ? null : leftCategories[node].clone();
    }

    /** @return whether category value {@code v} is in the ascending set {@code cats} */
    private static boolean inCategories(int[] cats, double v) {
        return v >= 0 && v < CATEGORY_LIMIT && v == Math.rint(v) && Arrays.binarySearch(cats, (int) v) >= 0;
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

    /** @param node an internal node @return its threshold: values {@code <=} it go left (NaN: categorical) */
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
            boolean goLeft = Double.isNaN(v) ? missingLeft[node]
                : leftCategories[node] != null ? inCategories(leftCategories[node], v) : v <= threshold[node];
            node = goLeft ? left[node] : right[node];
        }
        return node;
    }

    /**
     * Spark's debug format: one {@code If (feature f <= t)} / {@code Else (feature f > t)} pair per split
     * ({@code If (feature f in {a,b})} / {@code Else (feature f not in {a,b})} for a categorical split), leaves as
     * {@code Predict: v}, indented by depth; the missing direction is printed with each split.
     *
     * @param indent the indentation of the root
     * @return the text
     */
    public String toDebugString(int indent) {
        return toDebugString(indent, java.util.Map.of());
    }

    /**
     * @param indent the indentation of the root
     * @param categoryNames per categorical feature the names of its categories, printed in place of the indices
     * @return {@link #toDebugString(int)} naming the categories
     */
    String toDebugString(int indent, java.util.Map<Integer, java.util.List<String>> categoryNames) {
        StringBuilder sb = new StringBuilder();
        append(sb, 0, indent, categoryNames);
        return sb.toString();
    }

    private void append(StringBuilder sb, int node, int indent,
                        java.util.Map<Integer, java.util.List<String>> categoryNames) {
        String pad = " ".repeat(indent);
        if (isLeaf(node)) {
            double[] v = value[node];
            sb.append(pad).append("Predict: ").append(v.length == 1 ? fmt(v[0]) : vector(v)).append('\n');
            return;
        }
        String f = "feature " + feature[node];
        String goesLeft;
        String goesRight;
        if (leftCategories[node] != null) {
            String set = categorySet(leftCategories[node], categoryNames.get(feature[node]));
            goesLeft = f + " in " + set;
            goesRight = f + " not in " + set;
        } else {
            String t = fmt(threshold[node]);
            goesLeft = f + " <= " + t;
            goesRight = f + " > " + t;
        }
        sb.append(pad).append("If (").append(goesLeft).append(missingLeft[node] ? " or missing" : "").append(")\n");
        append(sb, left[node], indent + 1, categoryNames);
        sb.append(pad).append("Else (").append(goesRight).append(missingLeft[node] ? "" : " or missing")
            .append(")\n");
        append(sb, right[node], indent + 1, categoryNames);
    }

    private static String categorySet(int[] cats, java.util.List<String> names) {
        StringBuilder sb = new StringBuilder("{");
        for (int i = 0; i < cats.length; i++) {
            sb.append(i == 0 ? "" : ",");
            sb.append(names != null && cats[i] < names.size() ? names.get(cats[i]) : String.valueOf(cats[i]));
        }
        return sb.append('}').toString();
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

    /** Columns of a saved categorical split row: {@code [tree, node]}, then the set's words. */
    static final int CATEGORY_ROW = 2 + CATEGORY_LIMIT / 32;

    /** @return per categorical split one row {@code [tree, node, 8 words of the left category set]} */
    List<double[]> categoryRows(int treeIndex) {
        List<double[]> out = new ArrayList<>();
        for (int i = 0; i < numNodes(); i++) {
            if (leftCategories[i] != null) {
                double[] r = new double[CATEGORY_ROW];
                r[0] = treeIndex;
                r[1] = i;
                BinSet.put(BinSet.of(leftCategories[i]), r, 2);
                out.add(r);
            }
        }
        return out;
    }

    /** @return this tree with the categorical splits of the saved rows {@code [tree, node, words...]} */
    DecisionTree withCategoryRows(List<double[]> rows) {
        int[][] cats = new int[numNodes()][];
        for (double[] r : rows) {
            int node = (int) r[1];
            if (r.length != CATEGORY_ROW || node < 0 || node >= numNodes() || node != r[1]) {
                throw new InvalidArgumentException("categorical split row " + Arrays.toString(r) + ": expected "
                    + CATEGORY_ROW + " values naming one of the tree's " + numNodes() + " nodes");
            }
            cats[node] = BinSet.members(BinSet.get(r, 2));
        }
        return new DecisionTree(feature, threshold, missingLeft, left, right, gain, weight, count, value, cats);
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

    /**
     * Writes the flat encoding the prediction kernel reads: node count, categorical split count, then per node
     * {@code [feature, threshold, how, left, right, values...]}, then the categorical splits' sets, 8 words each.
     * {@code how} is {@code missingLeft} (0 or 1) for a numeric split and {@code 2 + 2 j + missingLeft} for the
     * categorical split whose set is the {@code j}-th.
     */
    void appendFlat(double[] out, int at) {
        int k = numOutputs();
        out[at] = numNodes();
        out[at + 1] = numCategorical();
        int o = at + 2;
        int sets = o + numNodes() * (5 + k);
        int j = 0;
        for (int i = 0; i < numNodes(); i++) {
            out[o] = feature[i];
            out[o + 1] = threshold[i];
            out[o + 2] = missingLeft[i] ? 1 : 0;
            if (leftCategories[i] != null) {
                out[o + 2] += 2 + 2 * j;
                BinSet.put(BinSet.of(leftCategories[i]), out, sets + BinSet.WORDS * j);
                j++;
            }
            out[o + 3] = left[i];
            out[o + 4] = right[i];
            System.arraycopy(value[i], 0, out, o + 5, k);
            o += 5 + k;
        }
    }

    private int numCategorical() {
        int n = 0;
        for (int[] c : leftCategories) {
            n += c == null ? 0 : 1;
        }
        return n;
    }

    /** @return the length of {@link #appendFlat} */
    int flatLength() {
        return 2 + numNodes() * (5 + numOutputs()) + BinSet.WORDS * numCategorical();
    }
}
