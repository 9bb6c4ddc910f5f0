package dev.ember.ml.algo.optim;

import org.apache.commons.math3.linear.CholeskyDecomposition;
import org.apache.commons.math3.linear.MatrixUtils;
import org.apache.commons.math3.linear.RealMatrix;

import java.util.SplittableRandom;

/** Objectives shared by the optimizer tests. */
final class TestProblems {
    private TestProblems() {
    }

    /** Rosenbrock's function {@code 100 (x1 - x0^2)^2 + (1 - x0)^2}, minimum 0 at (1, 1). */
    static double rosenbrock(double[] x, double[] g) {
        double a = x[1] - x[0] * x[0];
        double b = 1 - x[0];
        g[0] = -400 * a * x[0] - 2 * b;
        g[1] = 200 * a;
        return 100 * a * a + b * b;
    }

    /** A strongly convex quadratic {@code 0.5 x'Ax - b'x} with {@code A = B B' / n + 0.1 I}, B standard normal. */
    static final class Quadratic implements DiffFunction {
        final double[][] a;
        final double[] b;
        int calls;

        Quadratic(int n, long seed) {
            SplittableRandom rnd = new SplittableRandom(seed);
            double[][] bm = new double[n][n];
            for (double[] row : bm) {
                for (int j = 0; j < n; j++) {
                    row[j] = gaussian(rnd);
                }
            }
            a = new double[n][n];
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    double s = 0;
                    for (int k = 0; k < n; k++) {
                        s += bm[i][k] * bm[j][k];
                    }
                    a[i][j] = s / n + (i == j ? 0.1 : 0.0);
                }
            }
            b = new double[n];
            for (int i = 0; i < n; i++) {
                b[i] = gaussian(rnd);
            }
        }

        int dimension() {
            return b.length;
        }

        /** @return the gradient {@code Ax - b} into g, and the value */
        @Override
        public double valueAndGradient(double[] x, double[] g) {
            calls++;
            double v = 0;
            for (int i = 0; i < b.length; i++) {
                double ax = 0;
                for (int j = 0; j < b.length; j++) {
                    ax += a[i][j] * x[j];
                }
                g[i] = ax - b[i];
                v += x[i] * (0.5 * ax - b[i]);
            }
            return v;
        }

        /** @return the minimizer {@code A^-1 b}, by Cholesky */
        double[] closedForm() {
            RealMatrix m = MatrixUtils.createRealMatrix(a);
            return new CholeskyDecomposition(m).getSolver().solve(MatrixUtils.createRealVector(b)).toArray();
        }
    }

    static double gaussian(SplittableRandom rnd) {
        double u = rnd.nextDouble();
        double v = rnd.nextDouble();
        return Math.sqrt(-2 * Math.log1p(-u)) * Math.cos(2 * Math.PI * v);
    }

    static double relativeError(double[] x, double[] expected) {
        double num = 0;
        double den = 0;
        for (int i = 0; i < x.length; i++) {
            num += (x[i] - expected[i]) * (x[i] - expected[i]);
            den += expected[i] * expected[i];
        }
        return Math.sqrt(num / den);
    }

    static boolean nonIncreasing(double[] h) {
        for (int i = 1; i < h.length; i++) {
            if (h[i] > h[i - 1]) {
                return false;
            }
        }
        return true;
    }
}
