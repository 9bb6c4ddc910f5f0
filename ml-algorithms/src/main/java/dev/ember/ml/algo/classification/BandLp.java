package dev.ember.ml.algo.classification;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * The hinge linear program restricted to the rows of a band, solved exactly on the driver for {@link HingeSolver}.
 *
 * <p>With the rows classified at a centre {@code theta_k} (slack {@code z_i = 1 - a_i . theta_k}): the band rows
 * {@code B} keep their hinge, the rows above the band enter linearly (their sum {@code g = sum_U u_i a_i} and
 * constant {@code cU}), the rows below drop out. The model
 *
 * <pre>
 *   M(theta_k + d) = cU - g . d + sum_B u_i max(0, z_i - a_i . d),     |d|_inf &lt;= R
 * </pre>
 *
 * is minimized through its dual, {@code max sum_B alpha_i z_i - R ||A_B' alpha + g||_1} over
 * {@code 0 <= alpha_i <= u_i}, written with split residuals {@code s+, s-} as a bounded-variable linear program
 * with one equality row per free coordinate ({@code A_B' alpha - s+ + s- = -g}) and solved by a revised primal
 * simplex (dense basis inverse refactorized every 32 pivots, Dantzig pricing with Bland's rule after degenerate
 * runs, Harris's bounded ratio test; when a degenerate vertex still stalls it, a 1e-9 perturbation of the
 * right-hand side, removed afterwards from the final basis). The residual columns give a feasible starting basis,
 * so there is no phase 1. The primal step {@code d} is the
 * simplex multiplier vector: rows with {@code alpha_i} basic lie exactly on the margin, rows at {@code u_i} above
 * it, rows at 0 below it. When the residuals end at zero, {@code alpha} is dual feasible for the unboxed model
 * and {@code cU + sum alpha_i z_i} is a lower bound of the model's minimum.
 */
final class BandLp {
    private static final int REFACTOR_EVERY = 32;
    private static final int DEGENERATE_RUN = 30;
    private static final double FEASIBILITY = 1e-13;
    private static final double PERTURBATION = 1e-9;
    private static final long PERTURBATION_SEED = 9;

    /** Feasibility tolerance of a bound. */
    private static double featol(double bound) {
        return FEASIBILITY * Math.max(1e-3, Math.abs(bound));
    }

    private BandLp() {
    }

    /**
     * What a solve found.
     *
     * @param step the primal step {@code d} (zero on coordinates that are not free)
     * @param alpha the band rows' dual values
     * @param dualValue {@code sum alpha_i z_i - R ||residual||_1} (the boxed model's minimum minus {@code cU})
     * @param residual {@code ||A_B' alpha + g||_1}: zero when {@code alpha} is stationary (the box is not binding)
     * @param pivots simplex pivots taken
     */
    record Solution(double[] step, double[] alpha, double dualValue, double residual, int pivots) {
    }

    /**
     * Minimizes the band model.
     *
     * @param a the band rows (signed, standardized; length p each)
     * @param u their upper dual bounds (weight / total weight)
     * @param z their slacks at the centre
     * @param g the linear term of the rows above the band
     * @param free which coordinates are free (the others get a zero step)
     * @param radius the box radius {@code R} on the step
     * @param maxPivots pivot limit
     * @return the solution, or null when the pivot limit was reached or the basis became singular
     */
    static Solution solve(double[][] a, double[] u, double[] z, double[] g, boolean[] free, double radius,
                          int maxPivots) {
        int p = g.length;
        int[] rowOf = new int[p];
        int m = 0;
        for (int j = 0; j < p; j++) {
            rowOf[j] = free[j] ? m++ : -1;
        }
        int nb = a.length;
        int n = nb + 2 * m;
        // columns: alpha_i (a_i restricted to the free coordinates), then s+_j = -e_j, s-_j = +e_j
        double[][] col = new double[nb][m];
        for (int i = 0; i < nb; i++) {
            for (int j = 0; j < p; j++) {
                if (rowOf[j] >= 0) {
                    col[i][rowOf[j]] = a[i][j];
                }
            }
        }
        double[] cost = new double[n];
        double[] upper = new double[n];
        for (int i = 0; i < nb; i++) {
            cost[i] = z[i];
            upper[i] = u[i];
        }
        for (int k = nb; k < n; k++) {
            cost[k] = -radius;
            upper[k] = Double.POSITIVE_INFINITY;
        }
        double[] b = new double[m];
        for (int j = 0; j < p; j++) {
            if (rowOf[j] >= 0) {
                b[rowOf[j]] = -g[j];
            }
        }
        Simplex s = start(col, cost, upper, b, m, nb, z);
        if (!s.run(Math.min(maxPivots, 10 * (nb + m) + 100))) {
            // stalled on a degenerate vertex (typical of separable data, whose dual optimum is alpha = 0): solve
            // with a slightly perturbed right-hand side, whose vertices are not degenerate, then restore it from
            // the final basis (the multipliers, hence the primal step, do not depend on the right-hand side)
            double bScale = 0;
            for (double v : b) {
                bScale = Math.max(bScale, Math.abs(v));
            }
            for (int i = 0; i < nb; i++) {
                for (int k = 0; k < m; k++) {
                    bScale = Math.max(bScale, u[i] * Math.abs(col[i][k]));
                }
            }
            double[] perturbed = b.clone();
            SplittableRandom random = new SplittableRandom(PERTURBATION_SEED);
            for (int k = 0; k < m; k++) {
                perturbed[k] += PERTURBATION * bScale * (0.5 + random.nextDouble());
            }
            s = start(col, cost, upper, perturbed, m, nb, z);
            if (!s.run(maxPivots)) {
                return null;
            }
            s.b = b;
            if (!s.refactor() || !s.run(maxPivots)) {
                return null;
            }
        }
        double[] y = s.multipliers();
        if (y == null) {
            return null;
        }
        double[] step = new double[p];
        for (int j = 0; j < p; j++) {
            step[j] = rowOf[j] >= 0 ? y[rowOf[j]] : 0;
        }
        double[] x = s.values();
        double[] alpha = Arrays.copyOf(x, nb);
        double value = 0;
        double residual = 0;
        for (int i = 0; i < nb; i++) {
            value += alpha[i] * z[i];
        }
        // the residual recomputed from alpha (not from the residual columns' values): exact up to rounding
        double[] r = b.clone();
        for (int k = 0; k < m; k++) {
            r[k] = -r[k];
        }
        for (int i = 0; i < nb; i++) {
            if (alpha[i] != 0) {
                for (int k = 0; k < m; k++) {
                    r[k] += alpha[i] * col[i][k];
                }
            }
        }
        for (double v : r) {
            residual += Math.abs(v);
        }
        return new Solution(step, alpha, value - radius * residual, residual, s.pivots);
    }

    private static Simplex start(double[][] col, double[] cost, double[] upper, double[] b, int m, int nb,
                                 double[] z) {
        Simplex s = new Simplex(col, cost, upper, b, m, nb);
        // alpha at the bound its slack's sign suggests, the residual columns basic
        for (int i = 0; i < nb; i++) {
            s.atUpper[i] = z[i] > 0;
        }
        s.startFromResiduals();
        return s;
    }

    /** Revised primal simplex for {@code max c'x, E x = b, 0 <= x <= upper}, the last 2m columns {@code -e, +e}. */
    private static final class Simplex {
        final double[][] col;
        final double[] cost;
        final double[] upper;
        double[] b;
        final int m;
        final int nb;
        final int n;
        final int[] basis;
        final int[] position;
        final boolean[] atUpper;
        double[][] inv;
        double[] xB;
        final double[] colNorm;
        int pivots;

        Simplex(double[][] col, double[] cost, double[] upper, double[] b, int m, int nb) {
            this.col = col;
            this.cost = cost;
            this.upper = upper;
            this.b = b;
            this.m = m;
            this.nb = nb;
            this.n = nb + 2 * m;
            this.basis = new int[m];
            this.position = new int[n];
            this.atUpper = new boolean[n];
            this.colNorm = new double[nb];
            for (int j = 0; j < nb; j++) {
                for (double v : col[j]) {
                    colNorm[j] += Math.abs(v);
                }
            }
        }

        /** Entry {@code k} of column {@code j}. */
        double entry(int j, int k) {
            if (j < nb) {
                return col[j][k];
            }
            int r = (j - nb) % m;
            if (r != k) {
                return 0;
            }
            return j < nb + m ? -1 : 1;
        }

        /** {@code v . column j}. */
        double dotColumn(int j, double[] v) {
            if (j < nb) {
                double s = 0;
                double[] c = col[j];
                for (int k = 0; k < m; k++) {
                    s += c[k] * v[k];
                }
                return s;
            }
            int r = (j - nb) % m;
            return j < nb + m ? -v[r] : v[r];
        }

        /** The right-hand side less the nonbasic columns at their upper bounds. */
        double[] reducedRhs() {
            double[] r = b.clone();
            for (int j = 0; j < nb; j++) {
                if (position[j] < 0 && atUpper[j]) {
                    for (int k = 0; k < m; k++) {
                        r[k] -= upper[j] * col[j][k];
                    }
                }
            }
            return r;
        }

        void startFromResiduals() {
            Arrays.fill(position, -1);
            double[] r = reducedRhs();
            inv = new double[m][m];
            xB = new double[m];
            for (int k = 0; k < m; k++) {
                // -s+ = r (s+ = -r) when r < 0, else s- = r
                int j = r[k] < 0 ? nb + k : nb + m + k;
                basis[k] = j;
                position[j] = k;
                inv[k][k] = r[k] < 0 ? -1 : 1;
                xB[k] = Math.abs(r[k]);
            }
        }

        /** Runs to optimality; false when the pivot limit is reached or the basis is singular. */
        boolean run(int maxPivots) {
            int degenerate = 0;
            double[] y = new double[m];
            double[] w = new double[m];
            int sinceRefactor = 0;
            while (true) {
                if (sinceRefactor >= REFACTOR_EVERY) {
                    if (!refactor()) {
                        return false;
                    }
                    sinceRefactor = 0;
                }
                // multipliers y' = c_B' B^-1
                Arrays.fill(y, 0);
                for (int k = 0; k < m; k++) {
                    double cb = cost[basis[k]];
                    if (cb != 0) {
                        double[] row = inv[k];
                        for (int l = 0; l < m; l++) {
                            y[l] += cb * row[l];
                        }
                    }
                }
                double ymax = 0;
                for (double v : y) {
                    ymax = Math.max(ymax, Math.abs(v));
                }
                boolean bland = degenerate >= DEGENERATE_RUN;
                int q = -1;
                double best = 0;
                for (int j = 0; j < n; j++) {
                    if (position[j] >= 0) {
                        continue;
                    }
                    double r = cost[j] - dotColumn(j, y);
                    double gain = atUpper[j] ? -r : r;
                    // optimality to rounding of this column's reduced cost
                    double tol = 1e-12 * (Math.abs(cost[j]) + (j < nb ? colNorm[j] : 1) * ymax);
                    if (gain > tol && (upper[j] > 0 || atUpper[j])) {
                        if (bland) {
                            q = j;
                            break;
                        }
                        if (gain > best) {
                            best = gain;
                            q = j;
                        }
                    }
                }
                if (q < 0) {
                    return refactor();
                }
                if (pivots >= maxPivots) {
                    return false;
                }
                double sigma = atUpper[q] ? -1 : 1;
                // w = B^-1 column q
                for (int k = 0; k < m; k++) {
                    double s = 0;
                    double[] row = inv[k];
                    if (q < nb) {
                        double[] c = col[q];
                        for (int l = 0; l < m; l++) {
                            s += row[l] * c[l];
                        }
                    } else {
                        s = row[(q - nb) % m] * (q < nb + m ? -1 : 1);
                    }
                    w[k] = s;
                }
                double wmax = 0;
                for (double v : w) {
                    wmax = Math.max(wmax, Math.abs(v));
                }
                double pivTol = 1e-9 * wmax + 1e-14;
                // Harris's two-pass ratio test: the largest step with bounds relaxed by featol, then among the rows
                // blocking within it the largest pivot
                double relaxed = upper[q];
                for (int k = 0; k < m; k++) {
                    double dk = sigma * w[k];
                    double ub = upper[basis[k]];
                    if (dk > pivTol) {
                        relaxed = Math.min(relaxed, (xB[k] + featol(0)) / dk);
                    } else if (dk < -pivTol && ub < Double.POSITIVE_INFINITY) {
                        relaxed = Math.min(relaxed, (ub - xB[k] + featol(ub)) / -dk);
                    }
                }
                if (relaxed == Double.POSITIVE_INFINITY) {
                    if (sinceRefactor > 0) {
                        sinceRefactor = REFACTOR_EVERY; // recompute the inverse and price again
                        continue;
                    }
                    return false;
                }
                double t = upper[q] <= relaxed ? upper[q] : Double.POSITIVE_INFINITY;
                int leave = -1;
                boolean leaveToUpper = false;
                double leavePivot = 0;
                if (t == Double.POSITIVE_INFINITY) {
                    for (int k = 0; k < m; k++) {
                        double dk = sigma * w[k];
                        double ub = upper[basis[k]];
                        double tk;
                        boolean toUpper;
                        if (dk > pivTol) {
                            tk = Math.max(0, xB[k]) / dk;
                            toUpper = false;
                        } else if (dk < -pivTol && ub < Double.POSITIVE_INFINITY) {
                            tk = Math.max(0, ub - xB[k]) / -dk;
                            toUpper = true;
                        } else {
                            continue;
                        }
                        if (tk <= relaxed && Math.abs(dk) > leavePivot) {
                            t = tk;
                            leave = k;
                            leaveToUpper = toUpper;
                            leavePivot = Math.abs(dk);
                        }
                    }
                }
                pivots++;
                sinceRefactor++;
                degenerate = t <= 1e-14 ? degenerate + 1 : 0;
                for (int k = 0; k < m; k++) {
                    xB[k] -= sigma * t * w[k];
                }
                if (leave < 0) {
                    atUpper[q] = !atUpper[q]; // bound flip
                    continue;
                }
                int out = basis[leave];
                double entering = (atUpper[q] ? upper[q] : 0) + sigma * t;
                position[out] = -1;
                atUpper[out] = leaveToUpper;
                basis[leave] = q;
                position[q] = leave;
                atUpper[q] = false;
                xB[leave] = entering;
                double pivot = w[leave];
                double[] pr = inv[leave];
                for (int l = 0; l < m; l++) {
                    pr[l] /= pivot;
                }
                for (int k = 0; k < m; k++) {
                    if (k != leave && w[k] != 0) {
                        double f = w[k];
                        double[] row = inv[k];
                        for (int l = 0; l < m; l++) {
                            row[l] -= f * pr[l];
                        }
                    }
                }
            }
        }

        /** Inverts the basis afresh and recomputes the basic values; false when it is singular. */
        boolean refactor() {
            double[][] bm = new double[m][2 * m];
            for (int k = 0; k < m; k++) {
                for (int r = 0; r < m; r++) {
                    bm[r][k] = entry(basis[k], r);
                }
                bm[k][m + k] = 1;
            }
            for (int c = 0; c < m; c++) {
                int piv = c;
                for (int r = c + 1; r < m; r++) {
                    if (Math.abs(bm[r][c]) > Math.abs(bm[piv][c])) {
                        piv = r;
                    }
                }
                if (!(Math.abs(bm[piv][c]) > 1e-14)) {
                    return false;
                }
                double[] tmp = bm[c];
                bm[c] = bm[piv];
                bm[piv] = tmp;
                double d = bm[c][c];
                for (int l = 0; l < 2 * m; l++) {
                    bm[c][l] /= d;
                }
                for (int r = 0; r < m; r++) {
                    if (r != c && bm[r][c] != 0) {
                        double f = bm[r][c];
                        for (int l = 0; l < 2 * m; l++) {
                            bm[r][l] -= f * bm[c][l];
                        }
                    }
                }
            }
            for (int k = 0; k < m; k++) {
                inv[k] = Arrays.copyOfRange(bm[k], m, 2 * m);
            }
            double[] r = reducedRhs();
            for (int k = 0; k < m; k++) {
                double s = 0;
                for (int l = 0; l < m; l++) {
                    s += inv[k][l] * r[l];
                }
                xB[k] = Math.max(0, Math.min(upper[basis[k]], s));
            }
            return true;
        }

        /** The simplex multipliers {@code y} with {@code B' y = c_B}, from a fresh factorization. */
        double[] multipliers() {
            double[] y = new double[m];
            for (int k = 0; k < m; k++) {
                double cb = cost[basis[k]];
                for (int l = 0; l < m; l++) {
                    y[l] += cb * inv[k][l];
                }
            }
            // one step of iterative refinement against B' y = c_B
            double[] res = new double[m];
            for (int k = 0; k < m; k++) {
                res[k] = cost[basis[k]] - dotColumn(basis[k], y);
            }
            for (int k = 0; k < m; k++) {
                for (int l = 0; l < m; l++) {
                    y[l] += res[k] * inv[k][l];
                }
            }
            for (double v : y) {
                if (!Double.isFinite(v)) {
                    return null;
                }
            }
            return y;
        }

        /** Values of all columns. */
        double[] values() {
            double[] x = new double[n];
            for (int j = 0; j < n; j++) {
                x[j] = position[j] >= 0 ? xB[position[j]] : atUpper[j] ? upper[j] : 0;
            }
            return x;
        }
    }
}
