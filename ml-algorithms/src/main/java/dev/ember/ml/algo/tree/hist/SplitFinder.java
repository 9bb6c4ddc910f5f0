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
    private final boolean regularizedCategories;

    /**
     * Boosting: the pseudo-count added to a category's hessian when categories are ordered by their mean gradient
     * ({@code G / (H + 10)}, LightGBM's {@code cat_smooth}), so that a rare category is not put at either end of
     * the order by its noise alone; also the fewest rows a category needs to be ordered at all.
     */
    static final double CATEGORY_SMOOTHING = 10;
    /** With at most this many categories present, a multi-output node tries every way to split them in two. */
    static final int EXHAUSTIVE_CATEGORIES = 10;
    /** Boosting: with at most this many categories present, one category against the rest (max_cat_to_onehot). */
    static final int ONE_VS_REST_CATEGORIES = 4;
    /** Boosting: the L2 penalty added when scoring a many-vs-many categorical split (LightGBM's cat_l2). */
    static final double CATEGORY_L2 = 10;
    /** Boosting: the fewest rows on each side of a many-vs-many categorical split (min_data_per_group). */
    static final int MIN_ROWS_PER_CATEGORY_GROUP = 100;
    /** Boosting: the most categories a many-vs-many split sends to its smaller side (max_cat_threshold). */
    static final int MAX_CATEGORIES_PER_SPLIT = 32;

    /**
     * A split of a node: the children's statistics, {@code K + 2} each.
     *
     * @param feature the split feature
     * @param bin the last bin going left of a numeric split, -1 for a categorical split
     * @param missingLeft whether the missing bin goes left
     * @param gain the split's gain
     * @param left the left child's statistics
     * @param right the right child's statistics
     * @param leftBins of a categorical split the categories going left, as a {@link BinSet} (missing values go
     *     by {@code missingLeft}); null for a numeric split
     */
    record Split(int feature, int bin, boolean missingLeft, double gain, double[] left, double[] right,
                 int[] leftBins) {
        Split(int feature, int bin, boolean missingLeft, double gain, double[] left, double[] right) {
            this(feature, bin, missingLeft, gain, left, right, null);
        }

        /** @return whether it sends a set of categories left */
        boolean categorical() {
            return leftBins != null;
        }
    }

    SplitFinder(FeatureBins bins, int numOutputs, GrowthOptions options) {
        this(bins, numOutputs, options, false);
    }

    /**
     * @param bins the features' bins
     * @param numOutputs K
     * @param options how the tree grows
     * @param regularizedCategories whether categorical splits follow LightGBM's regularized search (boosting):
     *     one category against the rest for at most {@link #ONE_VS_REST_CATEGORIES} categories, else ordered
     *     categories of at least {@link #CATEGORY_SMOOTHING} rows, scanned from both ends for at most
     *     {@link #MAX_CATEGORIES_PER_SPLIT} categories, {@link #MIN_ROWS_PER_CATEGORY_GROUP} rows a side, scored
     *     with {@link #CATEGORY_L2} more L2; otherwise (impurity trees) the exact best partition
     */
    SplitFinder(FeatureBins bins, int numOutputs, GrowthOptions options, boolean regularizedCategories) {
        this.bins = bins;
        this.k = numOutputs;
        this.s = numOutputs + 2;
        this.options = options;
        this.regularizedCategories = regularizedCategories && numOutputs == 1;
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
        return score(st, 0);
    }

    /** @return {@code sum_k G_k^2 / (H + l2 + extraL2)} */
    private double score(double[] st, double extraL2) {
        double h = st[k] + options.l2() + extraL2;
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
            if (bins.isCategorical(f)) {
                Split c = bestCategorical(hist, total, f, parent, minGain, bestGain);
                if (c != null) {
                    best = c;
                    bestGain = c.gain();
                }
                continue;
            }
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
            if (bins.isCategorical(f)) {
                Split c = bestCategorical(hist, total, f, parent, minGain, bestGain);
                if (c != null) {
                    best = c;
                    bestGain = c.gain();
                }
                continue;
            }
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

    /**
     * The best split of a categorical feature into two sets of categories (Fisher 1958; LightGBM's "many vs many"
     * split): the categories present in the node are ordered by their mean ({@code G / H}), and every prefix of
     * that order is tried as the left set, with the missing values on either side; for squared error and for two
     * classes this order holds the best partition (Breiman et al. 1984). With several outputs (class weights)
     * every partition is tried when at most {@link #EXHAUSTIVE_CATEGORIES} categories are present, else the order
     * is by the mean of the output of largest total. Missing values alone against all categories is tried too.
     * Boosting searches as LightGBM does instead ({@link #bestRegularizedCategorical}).
     *
     * @return the best split beating {@code bestGain} (by the same tie rule as numeric splits), or null
     */
    private Split bestCategorical(double[] hist, double[] total, int f, double parent, double minGain,
                                  double bestGain) {
        int nb = bins.numBins(f);
        int o = bins.offset(f);
        int miss = (o + nb) * s;
        double missCount = hist[miss + k + 1];
        int[] present = new int[nb];
        int m = 0;
        for (int b = 0; b < nb; b++) {
            if (hist[(o + b) * s + k + 1] > 0) {
                present[m++] = b;
            }
        }
        if (m + (missCount > 0 ? 1 : 0) < 2) {
            return null;
        }
        if (regularizedCategories) {
            return bestRegularizedCategorical(hist, total, f, nb, miss, missCount, present, m, parent, minGain,
                bestGain);
        }
        Split best = null;
        double[] left = new double[s];
        double[] right = new double[s];
        if (k > 1 && m <= EXHAUSTIVE_CATEGORIES) {
            // every non-empty proper subset containing the first present category (each partition once)
            for (int mask = 1; mask < (1 << m); mask += 2) {
                Arrays.fill(left, 0);
                int[] set = new int[BinSet.WORDS];
                for (int i = 0; i < m; i++) {
                    if ((mask >>> i & 1) != 0) {
                        BinSet.add(set, present[i]);
                        for (int j = 0; j < s; j++) {
                            left[j] += hist[(o + present[i]) * s + j];
                        }
                    }
                }
                Split c = tryCategorySet(hist, total, f, miss, missCount, set, left, right, parent, minGain,
                    bestGain, mask == (1 << m) - 1, 0);
                if (c != null) {
                    best = c;
                    bestGain = c.gain();
                }
            }
            return best;
        }
        int order = 0;
        if (k > 1) {
            for (int j = 1; j < k; j++) {
                order = Math.abs(total[j]) > Math.abs(total[order]) ? j : order;
            }
        }
        Integer[] sorted = new Integer[m];
        double[] key = new double[nb];
        for (int i = 0; i < m; i++) {
            int b = present[i];
            sorted[i] = b;
            key[b] = hist[(o + b) * s + order] / hist[(o + b) * s + k];
        }
        // ascending key, ties by category: the same order whatever the partitioning when the sums agree
        Arrays.sort(sorted, (a, b) -> key[a] != key[b] ? Double.compare(key[a], key[b]) : Integer.compare(a, b));
        Arrays.fill(left, 0);
        int[] set = new int[BinSet.WORDS];
        for (int i = 0; i < m; i++) {
            int b = sorted[i];
            BinSet.add(set, b);
            for (int j = 0; j < s; j++) {
                left[j] += hist[(o + b) * s + j];
            }
            Split c = tryCategorySet(hist, total, f, miss, missCount, set, left, right, parent, minGain, bestGain,
                i == m - 1, 0);
            if (c != null) {
                best = c;
                bestGain = c.gain();
            }
        }
        return best;
    }

    /** LightGBM's categorical split search for boosting (see the constructor). */
    private Split bestRegularizedCategorical(double[] hist, double[] total, int f, int nb, int miss, double missCount,
                                             int[] present, int m, double parent, double minGain, double bestGain) {
        int o = bins.offset(f);
        Split best = null;
        double[] left = new double[s];
        double[] right = new double[s];
        if (m <= ONE_VS_REST_CATEGORIES) {
            for (int i = 0; i < m; i++) {
                int b = present[i];
                System.arraycopy(hist, (o + b) * s, left, 0, s);
                int[] set = new int[BinSet.WORDS];
                BinSet.add(set, b);
                Split c = tryCategorySet(hist, total, f, miss, missCount, set, left, right, parent, minGain,
                    bestGain, m == 1, 0);
                if (c != null) {
                    best = c;
                    bestGain = c.gain();
                }
            }
            return best;
        }
        int[] used = new int[m];
        int u = 0;
        for (int i = 0; i < m; i++) {
            if (hist[(o + present[i]) * s + k + 1] >= CATEGORY_SMOOTHING) {
                used[u++] = present[i];
            }
        }
        Integer[] sorted = new Integer[u];
        double[] key = new double[nb];
        for (int i = 0; i < u; i++) {
            int b = used[i];
            sorted[i] = b;
            key[b] = hist[(o + b) * s] / (hist[(o + b) * s + k] + CATEGORY_SMOOTHING);
        }
        Arrays.sort(sorted, (a, b) -> key[a] != key[b] ? Double.compare(key[a], key[b]) : Integer.compare(a, b));
        int most = Math.min(MAX_CATEGORIES_PER_SPLIT, (u + 1) / 2);
        for (int dir = 0; dir < 2; dir++) {
            Arrays.fill(left, 0);
            int[] set = new int[BinSet.WORDS];
            for (int i = 0; i < most; i++) {
                int b = sorted[dir == 0 ? i : u - 1 - i];
                BinSet.add(set, b);
                for (int j = 0; j < s; j++) {
                    left[j] += hist[(o + b) * s + j];
                }
                if (left[k + 1] < MIN_ROWS_PER_CATEGORY_GROUP) {
                    continue;
                }
                if (total[k + 1] - left[k + 1] < MIN_ROWS_PER_CATEGORY_GROUP) {
                    break;
                }
                Split c = tryCategorySet(hist, total, f, miss, missCount, set, left, right, parent, minGain,
                    bestGain, false, CATEGORY_L2);
                if (c != null) {
                    best = c;
                    bestGain = c.gain();
                }
            }
        }
        return best;
    }

    /**
     * Tries the categories of {@code set} (with statistics {@code left}) on the left, the missing values on the
     * right and then on the left; {@code all} says the set holds every category present (then only the missing
     * values can go right); {@code extraL2} is added to the L2 penalty of the children's scores.
     */
    private Split tryCategorySet(double[] hist, double[] total, int f, int miss, double missCount,
                                 int[] set, double[] left, double[] right, double parent, double minGain,
                                 double bestGain, boolean all, double extraL2) {
        Split best = null;
        if (extraL2 > 0) {
            parent = score(total, extraL2);
        }
        if (!all || missCount > 0) {
            for (int j = 0; j < s; j++) {
                right[j] = total[j] - left[j];
            }
            double g = score(left, extraL2) + score(right, extraL2) - parent;
            if (valid(left, right) && g > minGain && g > bestGain + TIE * bestGain) {
                best = new Split(f, -1, false, g, left.clone(), right.clone(), set.clone());
                bestGain = g;
            }
        }
        if (missCount > 0 && !all) {
            double[] leftMiss = new double[s];
            for (int j = 0; j < s; j++) {
                leftMiss[j] = left[j] + hist[miss + j];
                right[j] = total[j] - leftMiss[j];
            }
            double g = score(leftMiss, extraL2) + score(right, extraL2) - parent;
            if (valid(leftMiss, right) && g > minGain && g > bestGain + TIE * bestGain) {
                best = new Split(f, -1, true, g, leftMiss, right.clone(), set.clone());
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
