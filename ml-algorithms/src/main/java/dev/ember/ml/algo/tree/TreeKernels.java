package dev.ember.ml.algo.tree;

import dev.ember.ml.algo.optim.FeatureBlock;
import dev.ember.ml.algo.tree.hist.BinSet;
import dev.ember.ml.core.InvalidArgumentException;
import dev.ember.ml.core.data.Column;
import dev.ember.ml.core.data.Partition;
import dev.ember.ml.core.data.Schema;
import dev.ember.ml.core.runtime.KernelParams;
import dev.ember.ml.core.runtime.MapKernel;

import java.nio.DoubleBuffer;
import java.util.ArrayList;
import java.util.List;

/** The prediction kernel of the tree models. */
final class TreeKernels {
    private TreeKernels() {
    }

    /**
     * @param forest the flat forest
     * @param sets where the tree's category sets start
     * @param how the node's {@code how} minus 2: {@code 2 j + missingLeft}
     * @param v the row's value
     * @return whether a categorical split sends {@code v} left: NaN by its missing direction, a category of its
     *     {@code j}-th set left, anything else (an unseen category) right
     */
    static boolean categoryLeft(double[] forest, int sets, int how, double v) {
        if (Double.isNaN(v)) {
            return (how & 1) != 0;
        }
        if (!(v >= 0 && v < DecisionTree.CATEGORY_LIMIT) || v != Math.rint(v)) {
            return false;
        }
        return BinSet.containsAt(forest, sets + BinSet.WORDS * (how >>> 1), (int) v);
    }

    /** Rows predicted together: each tree walks a whole block while its nodes are in cache. */
    static final int BLOCK = 256;

    /**
     * Predicts a block of rows at a time: for each tree, every row of the block walks it and adds the tree's
     * weight times its leaf's values. {@code kind} is {@code forestClassification} (raw = the weighted sum of the
     * trees' class probabilities, probability = raw normalized, prediction = its argmax), {@code forestRegression}
     * (the weighted mean), {@code logistic} (margin {@code F = initScore + sum}: raw {@code [-F, F]}, probability
     * {@code [1 - s(F), s(F)]}, prediction {@code F > 0}) or {@code squared} ({@code initScore + sum}).
     */
    static final class Predict implements MapKernel {
        @Override
        public Partition apply(Partition input, KernelParams params, Schema outputSchema) {
            Column xc = input.column(params.getString("featuresCol"));
            FeatureBlock x = new FeatureBlock(xc);
            double[] forest = params.getDoubleArray("forest");
            double[] weights = params.getDoubleArray("treeWeights");
            String kind = params.getString("kind");
            double init = params.getDouble("initScore");
            int k = (int) forest[1];
            int numTrees = (int) forest[0];
            int[] starts = new int[numTrees];
            int at = 2;
            for (int t = 0; t < numTrees; t++) {
                starts[t] = at;
                at += 2 + (int) forest[at] * (5 + k) + BinSet.WORDS * (int) forest[at + 1];
            }
            double weightSum = 0;
            for (double w : weights) {
                weightSum += w;
            }
            int n = xc.length();
            List<Column> out = new ArrayList<>();
            Column pred = Column.allocate(outputSchema.field(params.getString("predictionCol")), n);
            DoubleBuffer predB = pred.doubles();
            boolean classifier = kind.equals("forestClassification") || kind.equals("logistic");
            DoubleBuffer rawB = null;
            DoubleBuffer probB = null;
            int width = kind.equals("logistic") ? 2 : k;
            if (classifier) {
                Column raw = Column.allocate(outputSchema.field(params.getString("rawPredictionCol")), n);
                Column prob = Column.allocate(outputSchema.field(params.getString("probabilityCol")), n);
                rawB = raw.doubles();
                probB = prob.doubles();
                out.add(raw);
                out.add(prob);
            }
            out.add(pred);
            double[] acc = new double[BLOCK * k];
            boolean[] nullRow = new boolean[BLOCK];
            for (int b0 = 0; b0 < n; b0 += BLOCK) {
                int len = Math.min(BLOCK, n - b0);
                java.util.Arrays.fill(acc, 0);
                for (int i = 0; i < len; i++) {
                    nullRow[i] = xc.isNull(b0 + i);
                }
                for (int t = 0; t < numTrees; t++) {
                    int base = starts[t] + 2;
                    double w = weights[t];
                    int stride = 5 + k;
                    int sets = base + (int) forest[starts[t]] * stride;
                    for (int i = 0; i < len; i++) {
                        int node = 0;
                        int o = base;
                        while (forest[o + 3] >= 0) {
                            double v = nullRow[i] ? Double.NaN : x.get(b0 + i, (int) forest[o]);
                            double how = forest[o + 2];
                            boolean left = how < 2 ? (Double.isNaN(v) ? how != 0 : v <= forest[o + 1])
                                : categoryLeft(forest, sets, (int) how - 2, v);
                            node = (int) (left ? forest[o + 3] : forest[o + 4]);
                            o = base + node * stride;
                        }
                        for (int j = 0; j < k; j++) {
                            acc[i * k + j] += w * forest[o + 5 + j];
                        }
                    }
                }
                for (int i = 0; i < len; i++) {
                    int r = b0 + i;
                    switch (kind) {
                        case "forestClassification" -> {
                            double sum = 0;
                            int best = 0;
                            for (int j = 0; j < k; j++) {
                                double v = acc[i * k + j];
                                sum += v;
                                best = v > acc[i * k + best] ? j : best;
                                rawB.put(r * width + j, v);
                            }
                            for (int j = 0; j < k; j++) {
                                probB.put(r * width + j, sum > 0 ? acc[i * k + j] / sum : 1.0 / k);
                            }
                            predB.put(r, best);
                        }
                        case "logistic" -> {
                            double f = init + acc[i];
                            double p = 1 / (1 + Math.exp(-f));
                            rawB.put(2 * r, -f);
                            rawB.put(2 * r + 1, f);
                            probB.put(2 * r, 1 - p);
                            probB.put(2 * r + 1, p);
                            predB.put(r, f > 0 ? 1 : 0);
                        }
                        case "forestRegression" -> predB.put(r, acc[i] / weightSum);
                        case "squared" -> predB.put(r, init + acc[i]);
                        default -> throw new InvalidArgumentException("tree model kind: found '" + kind
                            + "', expected forestClassification, forestRegression, logistic or squared");
                    }
                }
            }
            return input.withColumns(out);
        }
    }
}
