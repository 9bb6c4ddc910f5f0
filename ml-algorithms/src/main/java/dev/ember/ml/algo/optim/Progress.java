package dev.ember.ml.algo.optim;

import java.util.Arrays;

/**
 * The objective's value per iteration, and the function-value stopping rule over it (see
 * {@link OptimizerOptions}).
 */
final class Progress {
    /** Breeze's floor on the scale of a relative improvement, as a fraction of the initial objective. */
    private static final double INITIAL_FLOOR = 1e-6;
    /**
     * A step that improved the objective by at most this times its magnitude changed it at rounding level: a
     * line search that fails after it means there is nothing left to gain.
     */
    static final double STALL = 1e-13;
    private double[] values;
    private int size;

    Progress(int maxIter) {
        values = new double[Math.min(maxIter, 1023) + 1];
    }

    void add(double f) {
        if (size == values.length) {
            values = Arrays.copyOf(values, 2 * size);
        }
        values[size++] = f;
    }

    /** @return true if the average improvement over the last min(k, window) iterations is within tol */
    boolean functionConverged(double tol) {
        int k = size - 1;
        if (k < 1) {
            return false;
        }
        int w = Math.min(k, OptimizerOptions.FUNCTION_WINDOW);
        double now = values[k];
        double before = values[k - w];
        double scale = Math.max(Math.max(Math.abs(now), Math.abs(before)), INITIAL_FLOOR * Math.abs(values[0]));
        return (before - now) / w <= tol * scale;
    }

    double[] history() {
        return Arrays.copyOf(values, size);
    }
}
