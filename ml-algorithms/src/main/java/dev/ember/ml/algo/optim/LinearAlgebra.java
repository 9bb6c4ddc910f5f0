package dev.ember.ml.algo.optim;

/** Dense symmetric solves for the small driver-side systems ({@link ProximalNewton}, the hinge solver's KKT steps). */
public final class LinearAlgebra {
    private LinearAlgebra() {
    }

    /**
     * Solves {@code A x = b} for a symmetric positive semi-definite {@code A} by Cholesky; if {@code A} is singular
     * to rounding, by Cholesky of {@code A + e I} with the smallest {@code e = 1e-12 tr(A)/n * 10^k} that works
     * (the regularized Newton step).
     *
     * @param a the matrix (not modified)
     * @param b the right-hand side
     * @return the solution, or null if no shift up to {@code tr(A)/n} made the matrix positive definite
     */
    static double[] solveSymmetric(double[][] a, double[] b) {
        int n = b.length;
        double trace = 0;
        for (int i = 0; i < n; i++) {
            trace += a[i][i];
        }
        double mean = trace / n;
        for (double shift = 0; shift <= mean; shift = shift == 0 ? 1e-12 * mean : shift * 100) {
            double[][] l = cholesky(a, shift);
            if (l != null) {
                return substitute(l, b);
            }
            if (!(mean > 0)) {
                return null;
            }
        }
        return null;
    }

    /** @return the lower Cholesky factor of {@code A + shift I}, or null if it is not positive definite */
    static double[][] cholesky(double[][] a, double shift) {
        int n = a.length;
        double[][] l = new double[n][n];
        for (int j = 0; j < n; j++) {
            double d = a[j][j] + shift;
            for (int k = 0; k < j; k++) {
                d -= l[j][k] * l[j][k];
            }
            if (!(d > 1e-14 * (a[j][j] + shift))) {
                return null;
            }
            double root = Math.sqrt(d);
            l[j][j] = root;
            for (int i = j + 1; i < n; i++) {
                double s = a[i][j];
                for (int k = 0; k < j; k++) {
                    s -= l[i][k] * l[j][k];
                }
                l[i][j] = s / root;
            }
        }
        return l;
    }

    /**
     * Solves {@code L L^T x = b} by forward and back substitution.
     *
     * @param l a lower-triangular Cholesky factor (only its lower triangle is read)
     * @param b the right-hand side
     * @return x
     */
    public static double[] substitute(double[][] l, double[] b) {
        int n = b.length;
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            double s = b[i];
            for (int k = 0; k < i; k++) {
                s -= l[i][k] * y[k];
            }
            y[i] = s / l[i][i];
        }
        double[] x = new double[n];
        for (int i = n - 1; i >= 0; i--) {
            double s = y[i];
            for (int k = i + 1; k < n; k++) {
                s -= l[k][i] * x[k];
            }
            x[i] = s / l[i][i];
        }
        return x;
    }
}
