package dev.ember.ml.algo.tree.hist;

import java.util.Locale;

/**
 * What the per-row statistics of a histogram are. Every task fills {@code K} target sums, one weight (hessian)
 * sum and a row count per bin, and every split maximizes the same gain
 * {@code sum_k G_Lk^2 / (H_L + l2) + G_Rk^2 / (H_R + l2) - G_k^2 / (H + l2)}; leaves hold {@code G_k / (H + l2)}:
 *
 * <ul>
 *   <li>{@link #CLASSIFICATION}: {@code G_k} the weight of class {@code k}, {@code H} the weight: the gain is the
 *   Gini impurity decrease times the node weight, leaves hold class probabilities;</li>
 *   <li>{@link #REGRESSION}: {@code G} the weighted label sum, {@code H} the weight: the variance decrease times
 *   the node weight, leaves hold means;</li>
 *   <li>{@link #LOGISTIC} and {@link #SQUARED}: gradient boosting, {@code G} the negative gradient and {@code H}
 *   the hessian of the loss at the current margins: leaves hold Newton steps (Friedman 2001; Chen and Guestrin
 *   2016).</li>
 * </ul>
 */
public enum TreeTask {
    /** Gini classification trees. */
    CLASSIFICATION,
    /** Variance regression trees. */
    REGRESSION,
    /** Boosting with the logistic loss on labels 0 and 1. */
    LOGISTIC,
    /** Boosting with the squared loss {@code (y - F)^2 / 2}. */
    SQUARED;

    /** @return whether trees are fitted to gradients of margins kept per row */
    public boolean boosting() {
        return this == LOGISTIC || this == SQUARED;
    }

    /** @return the name in kernel params */
    String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    static TreeTask of(String key) {
        return valueOf(key.toUpperCase(Locale.ROOT));
    }

    /**
     * @param y a label
     * @param f a margin
     * @return the loss of one row (log loss, or squared error {@code (y - f)^2})
     */
    double loss(double y, double f) {
        if (this == LOGISTIC) {
            return Math.max(f, 0) - y * f + Math.log1p(Math.exp(-Math.abs(f)));
        }
        double r = y - f;
        return r * r;
    }
}
