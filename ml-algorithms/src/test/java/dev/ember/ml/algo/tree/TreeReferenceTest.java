package dev.ember.ml.algo.tree;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ember.ml.core.data.Frame;
import dev.ember.ml.core.runtime.Runtime;
import dev.ember.ml.core.runtime.RuntimeConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Trees against scikit-learn and LightGBM ({@code reference/trees/tree_references.py} wrote
 * {@code trees.json}): exact single trees split where scikit-learn's exact {@code DecisionTreeClassifier} does;
 * boosted test AUC and forest test accuracy are within 0.005 of LightGBM's and scikit-learn's with the same
 * settings (the split of the script: rows with index % 4 == 0 are the test set).
 */
class TreeReferenceTest {
    private static Runtime runtime;
    private static JsonNode reference;

    @BeforeAll
    static void setUp() throws IOException {
        runtime = Runtime.inProcess(new RuntimeConfig().threads(2));
        try (InputStream in = TreeReferenceTest.class.getResourceAsStream("/reference/trees/trees.json")) {
            reference = new ObjectMapper().readTree(in);
        }
    }

    @AfterAll
    static void tearDown() {
        runtime.close();
    }

    private static final String[][] EXACT = {{"iris.csv", "species"}, {"wine.csv", "cultivar"},
        {"sonar.csv", "Class"}, {"glass.csv", "Type"}};

    @Test
    void shouldSplitWhereAnExactTreeSplitsWhenEveryValueHasItsBin() {
        for (String[] d : EXACT) {
            TreeFixtures.Rows rows = TreeFixtures.rows(runtime, d[0], d[1]);
            DecisionTree tree = new DecisionTreeClassifier().maxDepth(4).fit(rows.frame(runtime, 3, "double"))
                .tree();
            List<JsonNode> theirs = new ArrayList<>();
            reference.path("exactTrees").path(d[0]).forEach(theirs::add);
            int[] at = {0};
            List<Integer> all = new ArrayList<>();
            for (int i = 0; i < rows.y().length; i++) {
                all.add(i);
            }
            compare(d[0], tree, 0, theirs, at, rows, all);
            assertEquals(theirs.size(), at[0], d[0] + ": node count");
        }
        System.out.println("exact trees: " + ties + " tied splits not compared further");
    }

    /**
     * Walks both trees in preorder: the same leaves, and at each split the same feature sending the same
     * training rows left (scikit-learn's threshold is the midpoint of the node's neighbouring values, Ember's of
     * the feature's neighbouring distinct values: different numbers for the same split). Where the two split
     * differently their splits must tie (scikit-learn breaks ties at random), and that subtree is not compared.
     */
    private static void compare(String name, DecisionTree t, int node, List<JsonNode> theirs, int[] at,
                                TreeFixtures.Rows data, List<Integer> rows) {
        double[][] x = data.x();
        JsonNode n = theirs.get(at[0]++);
        String where = name + ", node " + (at[0] - 1) + " of scikit-learn's preorder";
        assertEquals(n.path("leaf").asBoolean(), t.isLeaf(node), where + ": leaf");
        if (t.isLeaf(node)) {
            return;
        }
        double theirThreshold = n.path("threshold").asDouble();
        int theirFeature = n.path("feature").asInt();
        if (theirFeature != t.feature(node)) {
            double theirs1 = giniDecrease(data, rows, r -> (float) x[r][theirFeature] <= theirThreshold);
            double ours = giniDecrease(data, rows, r -> x[r][t.feature(node)] <= t.threshold(node));
            assertEquals(theirs1, ours, 1e-12, where + ": feature " + t.feature(node) + " instead of "
                + theirFeature + " without a tie");
            ties++;
            skipSubtree(theirs, at, 2);
            return;
        }
        List<Integer> left = new ArrayList<>();
        List<Integer> right = new ArrayList<>();
        for (int r : rows) {
            double v = x[r][t.feature(node)];
            assertEquals((float) v <= theirThreshold, v <= t.threshold(node), where + ": row " + r + " value " + v
                + " goes to another side (thresholds " + theirThreshold + " and " + t.threshold(node) + ")");
            (v <= t.threshold(node) ? left : right).add(r);
        }
        compare(name, t, t.left(node), theirs, at, data, left);
        compare(name, t, t.right(node), theirs, at, data, right);
    }

    private static int ties;

    private static void skipSubtree(List<JsonNode> preorder, int[] at, int pending) {
        while (pending > 0) {
            pending += preorder.get(at[0]++).path("leaf").asBoolean() ? -1 : 1;
        }
    }

    private static double giniDecrease(TreeFixtures.Rows data, List<Integer> rows,
                                       java.util.function.IntPredicate goesLeft) {
        java.util.Map<Double, Integer> l = new java.util.HashMap<>();
        java.util.Map<Double, Integer> r = new java.util.HashMap<>();
        for (int row : rows) {
            (goesLeft.test(row) ? l : r).merge(data.y()[row], 1, Integer::sum);
        }
        return sumSquaresOver(l) + sumSquaresOver(r);
    }

    private static double sumSquaresOver(java.util.Map<Double, Integer> counts) {
        double n = counts.values().stream().mapToInt(Integer::intValue).sum();
        return n == 0 ? 0 : counts.values().stream().mapToDouble(c -> (double) c * c).sum() / n;
    }

    /** Thresholds to 6 significant digits: scikit-learn takes midpoints of float32 copies of the values. */
    private static String round(double v) {
        return String.format(java.util.Locale.ROOT, "%.6g", v);
    }

    private static final String[][] BINARY = {{"breast_cancer.csv", "diagnosis"}, {"sonar.csv", "Class"},
        {"ionosphere.csv", "Class"}, {"pima_indians_diabetes.csv", "diabetes"}};

    @Test
    void shouldBoostAsWellAsLightGbmWithTheSameSettings() {
        GBTClassifier gbt = new GBTClassifier().maxIter(100).stepSize(0.1).maxLeaves(15).maxDepth(30)
            .minInstancesPerNode(20);
        StringBuilder report = new StringBuilder();
        for (String[] d : BINARY) {
            Frame[] tt = TreeFixtures.split(runtime, d[0], d[1], 2, "float");
            double[] p = probabilityOfOne(gbt.fit(tt[0]).transform(tt[1]));
            double auc = auc(tt[1].collectDoubles("label"), p);
            double lgb = reference.path("boosting").path(d[0]).path("lightgbmAuc").asDouble();
            report.append(String.format("%s: Ember %.4f LightGBM %.4f%n", d[0], auc, lgb));
            assertTrue(auc >= lgb - 0.005, d[0] + ": test AUC " + auc + ", LightGBM's " + lgb + "\n" + report);
        }
        System.out.print(report);
    }

    private static final String[][] MULTICLASS = {{"wine.csv", "cultivar"},
        {"vehicle.csv", "Class"}, {"satellite.csv", "classes"}, {"letter_recognition.csv", "lettr"},
        {"digits.csv", "digit"}};

    @Test
    void shouldClassifyAsWellAsScikitLearnForestsWithTheSameSettings() {
        StringBuilder report = new StringBuilder();
        for (String[] d : MULTICLASS) {
            Frame[] tt = TreeFixtures.split(runtime, d[0], d[1], 2, "float");
            double accSum = 0;
            int seeds = 3;
            for (long seed = 1; seed <= seeds; seed++) {
                RandomForestClassificationModel m = new RandomForestClassifier().numTrees(50).maxDepth(12)
                    .seed(seed).fit(tt[0]);
                accSum += accuracy(tt[1].collectDoubles("label"), m.transform(tt[1]).collectDoubles("prediction"));
            }
            double acc = accSum / seeds;
            double sk = reference.path("forests").path(d[0]).path("sklearnAccuracy").asDouble();
            report.append(String.format("%s: Ember %.4f scikit-learn %.4f%n", d[0], acc, sk));
            assertTrue(acc >= sk - 0.005, d[0] + ": test accuracy " + acc + ", scikit-learn's " + sk + "\n"
                + report);
        }
        System.out.print(report);
    }

    static double[] probabilityOfOne(Frame predictions) {
        return Arrays.stream(predictions.collectVectors("probability")).mapToDouble(p -> p[1]).toArray();
    }

    static double accuracy(double[] y, double[] pred) {
        int ok = 0;
        for (int i = 0; i < y.length; i++) {
            ok += y[i] == pred[i] ? 1 : 0;
        }
        return (double) ok / y.length;
    }

    /** The area under the ROC curve, ties counted half (Mann-Whitney). */
    static double auc(double[] y, double[] score) {
        Integer[] order = new Integer[y.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Double.compare(score[a], score[b]));
        double rankSumPos = 0;
        long pos = 0;
        int i = 0;
        while (i < order.length) {
            int j = i;
            while (j < order.length && score[order[j]] == score[order[i]]) {
                j++;
            }
            double midRank = (i + j + 1) / 2.0;
            for (int k = i; k < j; k++) {
                if (y[order[k]] == 1) {
                    rankSumPos += midRank;
                    pos++;
                }
            }
            i = j;
        }
        long neg = y.length - pos;
        return (rankSumPos - pos * (pos + 1) / 2.0) / (pos * (double) neg);
    }
}
