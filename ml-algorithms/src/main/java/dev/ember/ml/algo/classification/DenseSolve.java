package dev.ember.ml.algo.classification;

import dev.ember.ml.algo.optim.LinearAlgebra;

/** Small dense linear solves for {@link HingeSolver}'s driver-side Newton and KKT systems. */
final class DenseSolve {
    private DenseSolve() {
    }

    /**
     * Solves {@code (a + shift I) x = b} for symmetric {@code a} by Cholesky.
     *
     * @param a a symmetric matrix (not modified)
     * @param shift added to the diagonal
     * @param b the right-hand side
     * @return the solution, or null when the shifted matrix is not numerically positive definite
     */
    static double[] cholesky(double[][] a, double shift, double[] b) {
        int n = b.length;
        double[][] l = new double[n][n];
        double maxDiag = 0;
        for (int i = 0; i < n; i++) {
            maxDiag = Math.max(maxDiag, a[i][i] + shift);
        }
        for (int i = 0; i < n; i++) {
            for (int j = 0; j <= i; j++) {
                double s = a[i][j] + (i == j ? shift : 0);
                for (int k = 0; k < j; k++) {
                    s -= l[i][k] * l[j][k];
                }
                if (i == j) {
                    if (!(s > 1e-14 * maxDiag)) {
                        return null;
                    }
                    l[i][i] = Math.sqrt(s);
                } else {
                    l[i][j] = s / l[j][j];
                }
            }
        }
        return LinearAlgebra.substitute(l, b);
    }

    /**
     * Solves {@code a x = b} by Gaussian elimination with partial pivoting.
     *
     * @param a a square matrix (overwritten)
     * @param b the right-hand side (not modified)
     * @return the solution, or null when a pivot falls below {@code 1e-13} of the largest entry
     */
    static double[] lu(double[][] a, double[] b) {
        int n = b.length;
        double[] x = b.clone();
        double scale = 0;
        for (double[] row : a) {
            for (double v : row) {
                scale = Math.max(scale, Math.abs(v));
            }
        }
        for (int c = 0; c < n; c++) {
            int piv = c;
            for (int r = c + 1; r < n; r++) {
                if (Math.abs(a[r][c]) > Math.abs(a[piv][c])) {
                    piv = r;
                }
            }
            if (!(Math.abs(a[piv][c]) > 1e-13 * scale)) {
                return null;
            }
            double[] t = a[c];
            a[c] = a[piv];
            a[piv] = t;
            double tb = x[c];
            x[c] = x[piv];
            x[piv] = tb;
            for (int r = c + 1; r < n; r++) {
                double f = a[r][c] / a[c][c];
                if (f == 0) {
                    continue;
                }
                for (int k = c; k < n; k++) {
                    a[r][k] -= f * a[c][k];
                }
                x[r] -= f * x[c];
            }
        }
        for (int r = n - 1; r >= 0; r--) {
            double s = x[r];
            for (int k = r + 1; k < n; k++) {
                s -= a[r][k] * x[k];
            }
            x[r] = s / a[r][r];
        }
        return x;
    }
}
