package dev.ember.ml.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The timed repetitions of one contender.
 *
 * @param contender the contender
 * @param runs its measurements, in order
 */
public record ContenderResult(Contender contender, List<Measurement> runs) {

    /** Copies the runs. */
    public ContenderResult {
        runs = List.copyOf(runs);
    }

    /** @return the median of the timed seconds */
    public double medianSeconds() {
        return median(runs.stream().mapToDouble(Measurement::seconds).toArray());
    }

    /** @return the fastest repetition's seconds */
    public double minSeconds() {
        return runs.stream().mapToDouble(Measurement::seconds).min().orElse(Double.NaN);
    }

    /** @return the slowest repetition's seconds */
    public double maxSeconds() {
        return runs.stream().mapToDouble(Measurement::seconds).max().orElse(Double.NaN);
    }

    /**
     * @param key a metric key
     * @return the median over the repetitions that reported it, or null if none did
     */
    public Double medianMetric(String key) {
        List<Double> values = new ArrayList<>();
        for (Measurement m : runs) {
            Double v = m.metrics().get(key);
            if (v != null) {
                values.add(v);
            }
        }
        return values.isEmpty() ? null : median(values.stream().mapToDouble(Double::doubleValue).toArray());
    }

    static double median(double[] values) {
        if (values.length == 0) {
            return Double.NaN;
        }
        double[] v = values.clone();
        Arrays.sort(v);
        int n = v.length;
        return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
    }
}
