package dev.ember.ml.features.window;

import dev.ember.ml.features.Aggregation;

/**
 * A mergeable partial aggregate of one input: count, sum, min, max, mean and sum of squared deviations (Chan et
 * al.'s parallel update, 1979) and the latest non-null value. Null inputs (NaN) are skipped.
 */
public final class WindowState {
    long n;
    double sum;
    double min = Double.POSITIVE_INFINITY;
    double max = Double.NEGATIVE_INFINITY;
    double mean;
    double m2;
    double last = Double.NaN;
    boolean hasLast;

    /** Empties the state. */
    public void reset() {
        n = 0;
        sum = 0;
        min = Double.POSITIVE_INFINITY;
        max = Double.NEGATIVE_INFINITY;
        mean = 0;
        m2 = 0;
        last = Double.NaN;
        hasLast = false;
    }

    /** @param x the next input in time order; NaN (null) is skipped */
    public void add(double x) {
        if (Double.isNaN(x)) {
            return;
        }
        n++;
        sum += x;
        min = Math.min(min, x);
        max = Math.max(max, x);
        double d = x - mean;
        mean += d / n;
        m2 += d * (x - mean);
        last = x;
        hasLast = true;
    }

    /** @param o a state of later events (its last value wins) */
    public void merge(WindowState o) {
        if (o.n == 0) {
            return;
        }
        if (n == 0) {
            n = o.n;
            sum = o.sum;
            min = o.min;
            max = o.max;
            mean = o.mean;
            m2 = o.m2;
        } else {
            long total = n + o.n;
            double d = o.mean - mean;
            mean += d * o.n / total;
            m2 += o.m2 + d * d * ((double) n * o.n / total);
            n = total;
            sum += o.sum;
            min = Math.min(min, o.min);
            max = Math.max(max, o.max);
        }
        last = o.last;
        hasLast = o.hasLast;
    }

    /** @return the number of non-null inputs */
    public long count() {
        return n;
    }

    /**
     * @param f an aggregation
     * @return its value, NaN for null (empty window, or stddev of fewer than two inputs)
     */
    public double value(Aggregation f) {
        return switch (f) {
            case COUNT -> n;
            case SUM -> n == 0 ? Double.NaN : sum;
            case MEAN -> n == 0 ? Double.NaN : sum / n;
            case MIN -> n == 0 ? Double.NaN : min;
            case MAX -> n == 0 ? Double.NaN : max;
            case STDDEV -> n < 2 ? Double.NaN : Math.sqrt(Math.max(0, m2 / (n - 1)));
            case LAST -> hasLast ? last : Double.NaN;
        };
    }
}
