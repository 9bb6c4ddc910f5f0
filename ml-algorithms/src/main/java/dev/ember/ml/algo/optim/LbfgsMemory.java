package dev.ember.ml.algo.optim;

/**
 * The limited-memory inverse-Hessian approximation: the last {@code m} pairs {@code s_i = x_{i+1} - x_i},
 * {@code y_i = g_{i+1} - g_i} in a ring buffer, applied to a vector by the two-loop recursion (Nocedal and Wright,
 * "Numerical Optimization", 2nd ed., Algorithm 7.4) with the initial matrix {@code H0 = gamma I},
 * {@code gamma = s'y / y'y} of the newest pair (their eq. 7.20). All storage is allocated once.
 */
final class LbfgsMemory {
    /**
     * A pair is kept only if {@code s'y > CURVATURE_EPS * ||s|| ||y||}, so that every stored pair keeps the
     * approximation positive definite (N&amp;W section 7.2 skip rule).
     */
    private static final double CURVATURE_EPS = 1e-12;
    private final double[][] s;
    private final double[][] y;
    private final double[] rho;
    private final double[] alpha;
    private final int m;
    private int size;
    private int next;
    private double gamma = 1.0;

    LbfgsMemory(int m, int n) {
        this.m = m;
        this.s = new double[m][n];
        this.y = new double[m][n];
        this.rho = new double[m];
        this.alpha = new double[m];
    }

    int size() {
        return size;
    }

    void clear() {
        size = 0;
        next = 0;
        gamma = 1.0;
    }

    /**
     * Adds the pair {@code (xNew - x, gNew - g)} if it has positive curvature, replacing the oldest when full.
     *
     * @return true if the pair was stored
     */
    boolean update(double[] xNew, double[] x, double[] gNew, double[] g) {
        double sy = 0;
        double ss = 0;
        double yy = 0;
        for (int i = 0; i < x.length; i++) {
            double si = xNew[i] - x[i];
            double yi = gNew[i] - g[i];
            sy += si * yi;
            ss += si * si;
            yy += yi * yi;
        }
        if (!(sy > CURVATURE_EPS * Math.sqrt(ss * yy))) {
            return false;
        }
        double[] sNext = s[next];
        double[] yNext = y[next];
        for (int i = 0; i < x.length; i++) {
            sNext[i] = xNew[i] - x[i];
            yNext[i] = gNew[i] - g[i];
        }
        rho[next] = 1.0 / sy;
        gamma = sy / yy;
        next = (next + 1) % m;
        size = Math.min(size + 1, m);
        return true;
    }

    /** Two-loop recursion: {@code dir = -H v}; with no pairs stored, {@code dir = -v}. */
    void direction(double[] v, double[] dir) {
        System.arraycopy(v, 0, dir, 0, v.length);
        int newest = next - 1 + m;
        for (int j = 0; j < size; j++) {
            int i = (newest - j) % m;
            double a = rho[i] * Vectors.dot(s[i], dir);
            alpha[i] = a;
            double[] yi = y[i];
            for (int t = 0; t < dir.length; t++) {
                dir[t] -= a * yi[t];
            }
        }
        double scale = size == 0 ? 1.0 : gamma;
        for (int t = 0; t < dir.length; t++) {
            dir[t] *= scale;
        }
        for (int j = size - 1; j >= 0; j--) {
            int i = (newest - j) % m;
            double c = alpha[i] - rho[i] * Vectors.dot(y[i], dir);
            double[] si = s[i];
            for (int t = 0; t < dir.length; t++) {
                dir[t] += c * si[t];
            }
        }
        for (int t = 0; t < dir.length; t++) {
            dir[t] = -dir[t];
        }
    }
}
