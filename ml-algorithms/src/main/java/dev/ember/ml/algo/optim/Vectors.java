package dev.ember.ml.algo.optim;

import dev.ember.ml.core.InvalidArgumentException;

/** Dense vector kernels on {@code double[]} for the optimizers; none allocates. */
final class Vectors {
    private Vectors() {
    }

    static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    static double norm(double[] a) {
        return Math.sqrt(dot(a, a));
    }

    /** out = x + alpha * d. */
    static void step(double[] x, double alpha, double[] d, double[] out) {
        for (int i = 0; i < x.length; i++) {
            out[i] = x[i] + alpha * d[i];
        }
    }

    /** out = -a. */
    static void negate(double[] a, double[] out) {
        for (int i = 0; i < a.length; i++) {
            out[i] = -a[i];
        }
    }

    /** Floor on the objective's scale in the gradient rule, as a fraction of the initial objective. */
    static final double SCALE_FLOOR = 1e-6;
    /** The step rule's bound is this times {@code sqrt(tol)} (a safety factor on the quasi-Newton estimate). */
    static final double STEP_FACTOR = 0.1;

    /**
     * The gradient stopping rule shared by both optimizers (see {@link OptimizerOptions}): relative to the
     * objective's scale, so that neither the size nor a drift of {@code x} can make it fire.
     *
     * @return {@code ||g|| <= tol * max(|f|, 1e-6 |f_0|)}
     */
    static boolean gradientConverged(double gradNorm, double f, double f0, double tol) {
        return gradNorm <= tol * Math.max(Math.abs(f), SCALE_FLOOR * Math.abs(f0));
    }

    /**
     * The step rule that confirms the function-value rule (see {@link OptimizerOptions}): the quasi-Newton
     * direction {@code d = -H g}, an estimate of the distance to the optimum, is small against {@code x}.
     *
     * @return {@code ||d||_inf <= 0.1 sqrt(tol) max(1, ||x||_inf)}
     */
    static boolean stepConverged(double[] d, double[] x, double tol) {
        return maxAbs(d) <= STEP_FACTOR * Math.sqrt(tol) * Math.max(1.0, maxAbs(x));
    }

    static double maxAbs(double[] a) {
        double m = 0;
        for (double v : a) {
            m = Math.max(m, Math.abs(v));
        }
        return m;
    }

    /**
     * Checks a caller's starting point.
     *
     * @return its dimension
     */
    static int checkStart(double[] x0) {
        if (x0 == null) {
            throw new InvalidArgumentException("x0: found null, expected a starting point");
        }
        if (x0.length == 0) {
            throw new InvalidArgumentException("x0: found dimension 0, expected at least 1");
        }
        for (int i = 0; i < x0.length; i++) {
            if (!Double.isFinite(x0[i])) {
                throw new InvalidArgumentException("x0[" + i + "]: found " + x0[i] + ", expected a finite number");
            }
        }
        return x0.length;
    }
}
