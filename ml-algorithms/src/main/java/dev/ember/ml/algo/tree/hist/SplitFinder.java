package dev.ember.ml.algo.tree.hist;

import java.util.Arrays;

/**
 * Finds a node's best split from its histogram: for each candidate feature, a scan of the cumulative bin
 * statistics, with the missing bin tried on both sides (the better side becomes the split's default direction;
 * with no missing values there it defaults to the heavier child), and one split separating the missing values
 * from all others. Near-ties (within a relative 1e-10, below the rounding of summing in another order) go to the
 * lower feature and bin, so the same tree grows whatever the partitioning.
 */
final class SplitFinder {
    private static final double TIE = 1e-10;

    private final FeatureBins bins;
    private final int k;
    private final int s;
    private final GrowthOptions options;

    /** A split of a node: the children's statistics, {@code K + 2} each. */
    record Split(int feature, int bin, boolean missingLeft, double gain, double[] left, double[] right) {
    }

    SplitFinder(FeatureBins bins, int numOutputs, GrowthOptions options) {
        this.bins = bins;
        this.k = numOutputs;
        this.s = numOutputs + 2;
        this.options = options;
    }

    /** @return the node's total statistics: the sum of feature 0's slots */
    double[] totals(double[] hist) {
        double[] t = new double[s];
        int o = bins.offset(0);
        for (int b = 0; b <= bins.numBins(0); b++) {
            for (int j = 0; j < s; j++) {
                t[j] += hist[(o + b) * s + j];
            }
        }
        return t;
    }

    /** @return {@code sum_k G_k^2 / (H + l2)} */
    double score(double[] st) {
        double h = st[k] + options.l2();
        if (h <= 0) {
            return 0;
        }
        double sum = 0;
        for (int j = 0; j < k; j++) {
            sum += st[j] * st[j];
        }
        return sum / h;
    }

    /**
     * @param hist the node's histogram
     * @param total its totals
     * @param features the candidate features, ascending
     * @return the best valid split, or null if none brings a positive gain
     */
    Split best(double[] hist, double[] total, int[] features) {
        double parent = score(total);
        double bestGain = 0;
        double minGain = Math.max(options.minInfoGain() * total[k], 1e-12 * Math.abs(parent));
        if (k == 1) {
            return bestOfOneOutput(hist, total, features, parent, minGain);
        }
        Split best = null;
        double[] left = new double[s];
        double[] leftMiss = new double[s];
        double[] right = new double[s];
        for (int f : features) {
            int nb = bins.numBins(f);
            int o = bins.offset(f);
            int miss = (o + nb) * s;
            double missCount = hist[miss + k + 1];
            Arrays.fill(left, 0);
            for (int b = 0; b < nb; b++) {
                for (int j = 0; j < s; j++) {
                    left[j] += hist[(o + b) * s + j];
                }
                boolean last = b == nb - 1;
                if (last && missCount == 0) {
                    break;
                }
                // missing values right (for the last bin: all non-missing values left, missing right)
                for (int j = 0; j < s; j++) {
                    right[j] = total[j] - left[j];
                }
                double g = gain(left, right, parent);
                if (valid(left, right) && g > minGain && g > bestGain + TIE * bestGain) {
                    boolean missingLeft = missCount == 0 && left[k] >= right[k];
                    best = new Split(f, b, missingLeft, g, left.clone(), right.clone());
                    bestGain = g;
                }
                if (missCount > 0 && !last) {
                    for (int j = 0; j < s; j++) {
                        leftMiss[j] = left[j] + hist[miss + j];
                        right[j] = total[j] - leftMiss[j];
                    }
                    double gm = gain(leftMiss, right, parent);
                    if (valid(leftMiss, right) && gm > minGain && gm > bestGain + TIE * bestGain) {
                        best = new Split(f, b, true, gm, leftMiss.clone(), right.clone());
                        bestGain = gm;
                    }
                }
            }
        }
        return best;
    }

    /**
     * {@link #best} for one output (boosting, regression), with the slots' gradient, hessian and count in locals
     * instead of arrays: the same additions, scores and comparisons in the same order, so the same split.
     */
    private Split bestOfOneOutput(double[] hist, double[] total, int[] features, double parent, double minGain) {
        double tg = total[0];
        double th = total[1];
        double tc = total[2];
        double bestGain = 0;
        Split best = null;
        for (int f : features) {
            int nb = bins.numBins(f);
            int o = bins.offset(f);
            int miss = (o + nb) * 3;
            double missG = hist[miss];
            double missH = hist[miss + 1];
            double missC = hist[miss + 2];
            double lg = 0;
            double lh = 0;
            double lc = 0;
            for (int b = 0; b < nb; b++) {
                int q = (o + b) * 3;
                lg += hist[q];
                lh += hist[q + 1];
                lc += hist[q + 2];
                boolean last = b == nb - 1;
                if (last && missC == 0) {
                    break;
                }
                double rg = tg - lg;
                double rh = th - lh;
                double rc = tc - lc;
                double g = score1(lg, lh) + score1(rg, rh) - parent;
                if (valid1(lh, lc, rh, rc) && g > minGain && g > bestGain + TIE * bestGain) {
                    boolean missingLeft = missC == 0 && lh >= rh;
                    best = new Split(f, b, missingLeft, g, new double[] {lg, lh, lc}, new double[] {rg, rh, rc});
                    bestGain = g;
                }
                if (missC > 0 && !last) {
                    double mg = lg + missG;
                    double mh = lh + missH;
                    double mc = lc + missC;
                    double rmg = tg - mg;
                    double rmh = th - mh;
                    double rmc = tc - mc;
                    double gm = score1(mg, mh) + score1(rmg, rmh) - parent;
                    if (valid1(mh, mc, rmh, rmc) && gm > minGain && gm > bestGain + TIE * bestGain) {
                        best = new Split(f, b, true, gm, new double[] {mg, mh, mc}, new double[] {rmg, rmh, rmc});
                        bestGain = gm;
                    }
                }
            }
        }
        return best;
    }

    /** {@link #score} of one output's {@code [g, h]}: {@code g^2 / (h + l2)} ({@code 0 + g*g} is {@code g*g}). */
    private double score1(double g, double h) {
        double hh = h + options.l2();
        if (hh <= 0) {
            return 0;
        }
        return g * g / hh;
    }

    /** {@link #valid} of one output's children. */
    private boolean valid1(double lh, double lc, double rh, double rc) {
        return lc >= options.minInstancesPerNode() && rc >= options.minInstancesPerNode()
            && lh >= options.minHessianPerNode() && rh >= options.minHessianPerNode() && lh > 0 && rh > 0;
    }

    private double gain(double[] l, double[] r, double parent) {
        return score(l) + score(r) - parent;
    }

    private boolean valid(double[] l, double[] r) {
        return l[k + 1] >= options.minInstancesPerNode() && r[k + 1] >= options.minInstancesPerNode()
            && l[k] >= options.minHessianPerNode() && r[k] >= options.minHessianPerNode() && l[k] > 0 && r[k] > 0;
    }
}
