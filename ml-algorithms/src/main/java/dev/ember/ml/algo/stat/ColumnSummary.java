package dev.ember.ml.algo.stat;

/**
 * Weighted statistics of the columns of a feature block. With unit weights the variance is the sample variance
 * (n - 1 denominator); with weights it is Spark's unbiased weighted variance
 * {@code m2 / (W - sum(w^2) / W)}.
 *
 * @param count rows
 * @param weightSum sum of weights (= count without weights)
 * @param mean weighted column means
 * @param variance weighted sample variances
 * @param min column minima
 * @param max column maxima
 */
public record ColumnSummary(long count, double weightSum, double[] mean, double[] variance, double[] min,
                            double[] max) {

    /** Copies the arrays. */
    public ColumnSummary {
        mean = mean.clone();
        variance = variance.clone();
        min = min.clone();
        max = max.clone();
    }

    static ColumnSummary of(WeightedMoments m) {
        double[] var = new double[m.width()];
        double denom = m.weightSum - m.weightSqSum / m.weightSum;
        if (m.weightSum > 0 && denom > 0) {
            for (int j = 0; j < var.length; j++) {
                var[j] = Math.max(0, m.m2[j] / denom);
            }
        }
        return new ColumnSummary(m.count, m.weightSum, m.mean, var, m.min, m.max);
    }

    /** @return the number of columns */
    public int width() {
        return mean.length;
    }

    /** @return the weighted sample standard deviations */
    public double[] std() {
        double[] s = new double[variance.length];
        for (int j = 0; j < s.length; j++) {
            s[j] = Math.sqrt(variance[j]);
        }
        return s;
    }

    @Override
    public double[] mean() {
        return mean.clone();
    }

    @Override
    public double[] variance() {
        return variance.clone();
    }

    @Override
    public double[] min() {
        return min.clone();
    }

    @Override
    public double[] max() {
        return max.clone();
    }
}
