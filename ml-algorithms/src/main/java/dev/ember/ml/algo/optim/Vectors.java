package dev.ember.ml.algo.optim;

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

    /**
     * The gradient stopping rule shared by both optimizers (see {@link OptimizerOptions}).
     *
     * @return {@code ||g|| <= tol * max(1, ||x||)}
     */
    static boolean gradientConverged(double gradNorm, double[] x, double tol) {
        return gradNorm <= tol * Math.max(1.0, norm(x));
    }

    /**
     * Checks a caller's starting point.
     *
     * @return its dimension
     */
    static int checkStart(double[] x0) {
        if (x0 == null) {
            throw new IllegalArgumentException("x0: found null, expected a starting point");
        }
        if (x0.length == 0) {
            throw new IllegalArgumentException("x0: found dimension 0, expected at least 1");
        }
        for (int i = 0; i < x0.length; i++) {
            if (!Double.isFinite(x0[i])) {
                throw new IllegalArgumentException("x0[" + i + "]: found " + x0[i] + ", expected a finite number");
            }
        }
        return x0.length;
    }
}
