package dev.ember.ml.algo.optim;

import dev.ember.ml.core.tracking.Tracking;

import java.util.Arrays;

/**
 * The objective's value per iteration, and the function-value stopping rule over it (see
 * {@link OptimizerOptions}). Each value added marks the fit's iteration time ({@link Tracking#markIteration}), so
 * the logged loss points carry the time they were measured.
 */
final class Progress {
    /** Breeze's floor on the scale of a relative improvement, as a fraction of the initial objective. */
    private static final double INITIAL_FLOOR = 1e-6;
    /**
     * A step that improved the objective by at most this times its magnitude changed it at rounding level: a
     * line search that fails after it means there is nothing left to gain.
     */
    static final double STALL = 1e-13;
    /** Changes of the objective up to this times its magnitude are rounding (a few dozen units in the last place). */
    static final double ROUNDING = 1e-14;
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
        Tracking.markIteration();
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
