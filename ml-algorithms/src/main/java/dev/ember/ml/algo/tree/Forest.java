package dev.ember.ml.algo.tree;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ember.ml.algo.FeatureNames;
import dev.ember.ml.core.InvalidArgumentException;
import dev.ember.ml.core.persist.PersistenceException;
import dev.ember.ml.core.persist.StageReader;
import dev.ember.ml.core.persist.StageWriter;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The trees of a model with their weights and how their outputs combine ({@code kind}, see
 * {@link TreeKernels.Predict}). Saved as one node matrix {@code nodes.npy} (one row per node of every tree:
 * {@code [tree, feature, threshold, missingLeft, left, right, gain, weight, count, values...]}), the tree weights
 * {@code treeWeights.npy} and a {@code forest} JSON object; the categorical splits' sets in
 * {@code categorySplits.npy} (one row per such node: {@code [tree, node, 8 words of the left category set]}) and
 * the categories' names under {@code categories} in the JSON (format version 2; a version 1 model has neither).
 *
 * @param trees the trees
 * @param treeWeights their weights
 * @param numFeatures the feature width
 * @param numClasses classes for classifiers, 0 for regressors
 * @param initScore the margin before the first tree (boosting)
 * @param kind forestClassification, forestRegression, logistic or squared
 * @param featureNames the slot names of the features column it was fitted on, or null when not known
 * @param categoryNames per categorical feature the names of its categories (for {@link #toDebugString}); empty
 *     when none is categorical
 */
record Forest(List<DecisionTree> trees, double[] treeWeights, int numFeatures, int numClasses, double initScore,
              String kind, List<String> featureNames, Map<Integer, List<String>> categoryNames) {

    Forest(List<DecisionTree> trees, double[] treeWeights, int numFeatures, int numClasses, double initScore,
           String kind) {
        this(trees, treeWeights, numFeatures, numClasses, initScore, kind, null, Map.of());
    }

    Forest(List<DecisionTree> trees, double[] treeWeights, int numFeatures, int numClasses, double initScore,
           String kind, List<String> featureNames) {
        this(trees, treeWeights, numFeatures, numClasses, initScore, kind, featureNames, Map.of());
    }

    /** @param names the features' names (null: none) @return this forest with them */
    Forest withFeatureNames(List<String> names) {
        return new Forest(trees, treeWeights, numFeatures, numClasses, initScore, kind, names, categoryNames);
    }

    /** @param names per categorical feature its categories' names @return this forest with them */
    Forest withCategoryNames(Map<Integer, List<String>> names) {
        return new Forest(trees, treeWeights, numFeatures, numClasses, initScore, kind, featureNames, names);
    }

    Forest {
        trees = List.copyOf(trees);
        if (trees.isEmpty() || treeWeights.length != trees.size()) {
            throw new InvalidArgumentException("forest: found " + trees.size() + " trees and " + treeWeights.length
                + " weights, expected at least one tree and one weight per tree");
        }
        treeWeights = treeWeights.clone();
        featureNames = featureNames == null || featureNames.size() != numFeatures ? null : List.copyOf(featureNames);
        categoryNames = categoryNames == null ? Map.of() : Map.copyOf(categoryNames);
    }

    /** @return the flat encoding of {@link TreeKernels.Predict}: tree count, outputs, then each tree */
    double[] flat() {
        int n = 2;
        for (DecisionTree t : trees) {
            n += t.flatLength();
        }
        double[] out = new double[n];
        out[0] = trees.size();
        out[1] = trees.get(0).numOutputs();
        int at = 2;
        for (DecisionTree t : trees) {
            t.appendFlat(out, at);
            at += t.flatLength();
        }
        return out;
    }

    /**
     * Spark's feature importances: per tree each feature's summed split gain (a node's gain is its impurity
     * decrease times its weight) normalized to sum 1, averaged over the trees and normalized again.
     */
    /** @return per class, the training weight at the trees' roots, summed (zero: the class had no rows) */
    double[] rootClassWeights() {
        double[] out = new double[numClasses];
        for (DecisionTree t : trees) {
            double[] v = t.value(0);
            for (int c = 0; c < Math.min(out.length, v.length); c++) {
                out[c] += v[c] * t.weight(0);
            }
        }
        return out;
    }

    double[] importances() {
        double[] total = new double[numFeatures];
        for (DecisionTree t : trees) {
            double[] imp = new double[numFeatures];
            double sum = 0;
            for (int i = 0; i < t.numNodes(); i++) {
                if (!t.isLeaf(i)) {
                    imp[t.feature(i)] += t.gain(i);
                    sum += t.gain(i);
                }
            }
            for (int f = 0; f < numFeatures && sum > 0; f++) {
                total[f] += imp[f] / sum;
            }
        }
        return normalized(total);
    }

    /** @return per feature the summed gain of its splits over all trees */
    double[] gains() {
        double[] g = new double[numFeatures];
        for (DecisionTree t : trees) {
            for (int i = 0; i < t.numNodes(); i++) {
                if (!t.isLeaf(i)) {
                    g[t.feature(i)] += t.gain(i);
                }
            }
        }
        return g;
    }

    /** @return per feature the number of splits on it over all trees */
    double[] splitCounts() {
        double[] c = new double[numFeatures];
        for (DecisionTree t : trees) {
            for (int i = 0; i < t.numNodes(); i++) {
                if (!t.isLeaf(i)) {
                    c[t.feature(i)]++;
                }
            }
        }
        return c;
    }

    private static double[] normalized(double[] v) {
        double s = 0;
        for (double x : v) {
            s += x;
        }
        if (s > 0) {
            for (int i = 0; i < v.length; i++) {
                v[i] /= s;
            }
        }
        return v;
    }

    /** @return every tree's debug text under a {@code Tree i (weight w):} header */
    String toDebugString(String header) {
        int nodes = trees.stream().mapToInt(DecisionTree::numNodes).sum();
        StringBuilder sb = new StringBuilder(header).append(" with ").append(trees.size())
            .append(trees.size() == 1 ? " tree" : " trees").append(", ").append(nodes).append(" nodes\n");
        for (int i = 0; i < trees.size(); i++) {
            if (trees.size() > 1) {
                sb.append("  Tree ").append(i).append(" (weight ").append(treeWeights[i]).append("):\n");
            }
            sb.append(trees.get(i).toDebugString(trees.size() > 1 ? 4 : 2, categoryNames));
        }
        return sb.toString();
    }

    void write(StageWriter writer) {
        List<double[]> rows = new ArrayList<>();
        for (int i = 0; i < trees.size(); i++) {
            rows.addAll(List.of(trees.get(i).toRows(i)));
        }
        writer.matrix("nodes", rows.toArray(double[][]::new));
        List<double[]> categoryRows = new ArrayList<>();
        for (int i = 0; i < trees.size(); i++) {
            categoryRows.addAll(trees.get(i).categoryRows(i));
        }
        if (!categoryRows.isEmpty()) {
            writer.matrix("categorySplits", categoryRows.toArray(double[][]::new));
        }
        writer.array("treeWeights", treeWeights);
        ObjectNode meta = JsonNodeFactory.instance.objectNode();
        meta.put("numTrees", trees.size());
        meta.put("numFeatures", numFeatures);
        meta.put("numClasses", numClasses);
        meta.put("initScore", initScore);
        meta.put("kind", kind);
        if (!categoryNames.isEmpty()) {
            ObjectNode cats = meta.putObject("categories");
            new java.util.TreeMap<>(categoryNames).forEach((f, names) -> names.forEach(
                cats.putArray(f.toString())::add));
        }
        writer.json("forest", meta);
        FeatureNames.write(writer, featureNames);
    }

    static Forest read(StageReader reader) {
        JsonNode meta = reader.json("forest");
        double[][] rows = reader.matrix("nodes");
        int numTrees = meta.path("numTrees").asInt(-1);
        List<DecisionTree> trees = new ArrayList<>();
        int from = 0;
        for (int t = 0; t < numTrees; t++) {
            int to = from;
            while (to < rows.length && rows[to][0] == t) {
                to++;
            }
            if (to == from) {
                throw new PersistenceException(reader.dir() + ": nodes.npy has no rows of tree " + t + ", expected "
                    + numTrees + " trees in order");
            }
            trees.add(DecisionTree.fromRows(rows, from, to));
            from = to;
        }
        if (from != rows.length) {
            throw new PersistenceException(reader.dir() + ": nodes.npy has " + (rows.length - from)
                + " rows past tree " + (numTrees - 1) + ", expected " + numTrees + " trees");
        }
        if (reader.hasArray("categorySplits")) {
            double[][] cat = reader.matrix("categorySplits");
            for (double[] r : cat) {
                if (r.length == 0 || !(r[0] >= 0 && r[0] < trees.size()) || r[0] != Math.rint(r[0])) {
                    throw new PersistenceException(reader.dir() + ": categorySplits.npy has a row of tree "
                        + (r.length == 0 ? "(none)" : r[0]) + ", expected trees 0.." + (trees.size() - 1));
                }
            }
            for (int t = 0; t < trees.size(); t++) {
                List<double[]> mine = new ArrayList<>();
                for (double[] r : cat) {
                    if (r[0] == t) {
                        mine.add(r);
                    }
                }
                if (!mine.isEmpty()) {
                    try {
                        trees.set(t, trees.get(t).withCategoryRows(mine));
                    } catch (InvalidArgumentException e) {
                        throw new PersistenceException(reader.dir() + ": categorySplits.npy, tree " + t + ": "
                            + e.getMessage());
                    }
                }
            }
        }
        Map<Integer, List<String>> names = new java.util.TreeMap<>();
        meta.path("categories").fields().forEachRemaining(e -> {
            List<String> l = new ArrayList<>();
            e.getValue().forEach(n -> l.add(n.asText()));
            try {
                names.put(Integer.parseInt(e.getKey()), l);
            } catch (NumberFormatException ex) {
                throw new PersistenceException(reader.dir() + ": forest categories name feature '" + e.getKey()
                    + "', expected feature numbers");
            }
        });
        return new Forest(trees, reader.array("treeWeights"), meta.path("numFeatures").asInt(),
            meta.path("numClasses").asInt(), meta.path("initScore").asDouble(), meta.path("kind").asText(),
            FeatureNames.read(reader), names);
    }
}
