package dev.ember.ml.bench.linear;

import java.util.Arrays;

/** Small numeric helpers of the linear-model workloads. */
final class Sums {

    private Sums() {
    }

    /**
     * @param values numbers
     * @return their sum, compensated (Neumaier), so that it does not depend on rounding order at this size
     */
    static double sum(double[] values) {
        double s = 0;
        double c = 0;
        for (double v : values) {
            double t = s + v;
            c += Math.abs(s) >= Math.abs(v) ? (s - t) + v : (v - t) + s;
            s = t;
        }
        return s + c;
    }

    /**
     * @param values numbers, at least one
     * @return their median
     */
    static double median(double[] values) {
        double[] v = values.clone();
        Arrays.sort(v);
        int n = v.length;
        return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
    }

    /**
     * @param values numbers, at least one
     * @return the smallest
     */
    static double min(double[] values) {
        return Arrays.stream(values).min().orElseThrow();
    }
}
