package dev.ember.ml.algo.stat;

/**
 * The weight of each label value, for labels that are class indices 0, 1, ..., K - 1.
 *
 * @param weights weight per class index
 */
public record LabelSummary(double[] weights) {

    /** Copies the array. */
    public LabelSummary {
        weights = weights.clone();
    }

    @Override
    public double[] weights() {
        return weights.clone();
    }

    /** @return K, one more than the largest label seen */
    public int numClasses() {
        return weights.length;
    }
}
