package dev.ember.ml.algo.optim;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.function.Function;

/**
 * Proximal Newton for {@code F(x) = f(x) + sum_i l1_i |x_i|} with a smooth, convex {@code f} whose Hessian is
 * available (newGLMNET, Yuan, Ho and Lin 2012): at each iterate one Hessian pass, then the quadratic model
 * {@code g^T D + D^T H D / 2 + sum l1_i |x_i + D_i|} is minimized on the driver by cyclic coordinate descent, and
 * a backtracking line search on {@code F} along {@code D} (Armijo on the model's predicted decrease) takes the
 * step. Converges quadratically near the optimum, so it reaches the optimum where quasi-Newton methods crawl:
 * ill-conditioned problems such as unstandardized features or collinear columns under an L1 penalty. It costs a
 * pass of {@code O(n p^2)} per iteration, so {@link LinearSolve} uses it for small {@code p}, after the
 * quasi-Newton method has not converged within its first iterations.
 *
 * <p>Stops when the Newton step is small, {@code ||D||_inf <= 1e-3 sqrt(tol) max(1, ||x||_inf)} (the step of a
 * converging Newton method estimates the distance to the optimum, and the next error is about its square), when
 * a step decreased {@code F} by no more than rounding ({@code 1e-13 |F|}) or the line search cannot decrease it,
 * or after {@code maxIter} iterations.
 */
public final class ProximalNewton {
    private static final Logger LOG = LoggerFactory.getLogger(ProximalNewton.class);
    /** Sufficient decrease, as a fraction of the model's predicted decrease. */
    private static final double ARMIJO = 1e-4;
    private static final int MAX_HALVINGS = 30;
    /** The step rule's factor on {@code sqrt(tol)}. */
    static final double STEP_FACTOR = 1e-3;
    /**
     * A Newton step this small against {@code x} changes {@code F} by about its square, below rounding: when no
     * step along it decreases {@code F}, the iterate is the optimum to that accuracy.
     */
    private static final double STALLED_STEP = 1e-6;

    private final OptimizerOptions options;

    /** @param options maxIter and tol ({@code m} is not used) */
    public ProximalNewton(OptimizerOptions options) {
        this.options = options;
    }

    /**
     * @param f the smooth part, value and gradient
     * @param hessian the Hessian of {@code f} at a point (symmetric, positive semi-definite)
     * @param l1 per-variable L1 weights, or null for none
     * @param x0 the starting point (not modified)
     * @return the result; {@code evaluations} counts the value passes and the Hessian passes
     */
    public OptimizerResult minimize(DiffFunction f, Function<double[], double[][]> hessian, double[] l1,
                                    double[] x0) {
        int n = x0.length;
        double tol = options.tol();
        double[] x = x0.clone();
        double[] g = new double[n];
        double[] xNew = new double[n];
        double[] gNew = new double[n];
        double fx = f.valueAndGradient(x, g) + penalty(l1, x);
        int evaluations = 1;
        Progress progress = new Progress(options.maxIter());
        progress.add(fx);
        ConvergenceReason reason = null;
        int it = 0;
        while (reason == null) {
            if (it >= options.maxIter()) {
                reason = ConvergenceReason.MAX_ITERATIONS;
                break;
            }
            double[][] h = hessian.apply(x);
            evaluations++;
            double[] step = newtonStep(h, g, x, l1);
            double stepNorm = Vectors.maxAbs(step);
            if (stepNorm == 0) {
                reason = ConvergenceReason.GRADIENT;
                break;
            }
            // predicted decrease of F: g^T D + l1 (|x + D| - |x|)
            double predicted = 0;
            for (int i = 0; i < n; i++) {
                predicted += g[i] * step[i];
                if (l1 != null) {
                    predicted += l1[i] * (Math.abs(x[i] + step[i]) - Math.abs(x[i]));
                }
            }
            double a = 1;
            double fNew = Double.NaN;
            boolean accepted = false;
            for (int t = 0; t <= MAX_HALVINGS && !accepted; t++) {
                for (int i = 0; i < n; i++) {
                    xNew[i] = x[i] + a * step[i];
                }
                fNew = f.valueAndGradient(xNew, gNew) + penalty(l1, xNew);
                evaluations++;
                accepted = fNew <= fx + ARMIJO * a * Math.min(predicted, 0);
                if (!accepted) {
                    a /= 2;
                }
            }
            boolean small = stepNorm <= STEP_FACTOR * Math.sqrt(tol) * Math.max(1, Vectors.maxAbs(x));
            if (!accepted) {
                // no decrease: at the optimum to rounding if the step was small; else give up honestly
                reason = stepNorm <= STALLED_STEP * Math.max(1, Vectors.maxAbs(x))
                    ? ConvergenceReason.FUNCTION_VALUES : ConvergenceReason.LINE_SEARCH_FAILED;
                break;
            }
            double[] tmp = x;
            x = xNew;
            xNew = tmp;
            tmp = g;
            g = gNew;
            gNew = tmp;
            fx = fNew;
            it++;
            progress.add(fx);
            f.iterationDone(it, fx, x);
            if (LOG.isDebugEnabled()) {
                LOG.debug("proximal Newton iteration {}: F={} |D|={} step={} evaluations={}", it, fx, stepNorm, a,
                    evaluations);
            }
            if (small) {
                reason = ConvergenceReason.GRADIENT;
            } else if (lastDecrease(progress, fx) <= Progress.STALL * Math.abs(fx)) {
                // the step changed F at rounding level only: nothing left to gain
                reason = ConvergenceReason.FUNCTION_VALUES;
            }
        }
        return new OptimizerResult(x, fx, Vectors.norm(pseudoGradient(x, g, l1)), it, evaluations, reason,
            progress.history());
    }

    /**
     * Minimizes the quadratic model {@code q(D) = g^T D + D^T H D / 2 + sum l1_i |x_i + D_i|} exactly (to
     * rounding) by an active-set method: a few sweeps of cyclic coordinate descent (soft thresholding, which finds
     * the zero set and the signs), then a Cholesky solve of the model restricted to the non-zero coordinates with
     * their signs fixed, stepping back to the first sign change if the solve crosses one; repeated until the
     * model's optimality conditions hold. Coordinate descent alone crawls on ill-conditioned {@code H}; the
     * subspace solve does not. Without L1 terms it is one Cholesky solve.
     */
    static double[] newtonStep(double[][] h, double[] g, double[] x, double[] l1) {
        int n = g.length;
        double[] step = new double[n];
        double[] hd = new double[n];
        double scale = 0;
        for (int i = 0; i < n; i++) {
            scale = Math.max(scale, Math.abs(g[i]));
        }
        double eps = 1e-13 * Math.max(scale, 1e-300);
        for (int round = 0; round < MAX_ROUNDS; round++) {
            for (int sweep = 0; sweep < SWEEPS_PER_ROUND; sweep++) {
                coordinateSweep(h, g, x, l1, step, hd);
            }
            subspaceSolve(h, g, x, l1, step, hd);
            if (modelResidual(h, g, x, l1, step, hd) <= eps) {
                break;
            }
        }
        return step;
    }

    private static final int MAX_ROUNDS = 50;
    private static final int SWEEPS_PER_ROUND = 3;

    /** One cyclic pass of exact coordinate minimization of the model; keeps {@code hd = H step}. */
    private static void coordinateSweep(double[][] h, double[] g, double[] x, double[] l1, double[] step,
                                        double[] hd) {
        int n = g.length;
        for (int i = 0; i < n; i++) {
            double hii = h[i][i];
            if (!(hii > 0)) {
                continue;
            }
            double b = g[i] + hd[i] - hii * step[i];
            double lam = l1 == null ? 0 : l1[i];
            double u = x[i] - b / hii;
            double target = lam > 0 ? Math.signum(u) * Math.max(Math.abs(u) - lam / hii, 0) : u;
            setStep(h, step, hd, i, target - x[i]);
        }
    }

    private static void setStep(double[][] h, double[] step, double[] hd, int i, double value) {
        double delta = value - step[i];
        if (delta != 0) {
            step[i] = value;
            double[] hi = h[i];
            for (int r = 0; r < hd.length; r++) {
                hd[r] += hi[r] * delta;
            }
        }
    }

    /**
     * Solves the model on the coordinates where {@code x + D} is non-zero, with their signs held, by Cholesky;
     * moves {@code D} towards that solution as far as no sign changes (a changing coordinate lands on 0).
     */
    private static void subspaceSolve(double[][] h, double[] g, double[] x, double[] l1, double[] step,
                                      double[] hd) {
        int n = g.length;
        int[] free = new int[n];
        int m = 0;
        for (int i = 0; i < n; i++) {
            boolean penalized = l1 != null && l1[i] > 0;
            if (h[i][i] > 0 && (!penalized || x[i] + step[i] != 0)) {
                free[m++] = i;
            }
        }
        if (m == 0) {
            return;
        }
        // the model's gradient on the free set at the current D: g + H D + l1 sign(x + D); Newton on it
        double[][] a = new double[m][m];
        double[] rhs = new double[m];
        for (int p = 0; p < m; p++) {
            int i = free[p];
            double sign = l1 == null ? 0 : l1[i] * Math.signum(x[i] + step[i]);
            rhs[p] = -(g[i] + hd[i] + sign);
            for (int q = 0; q < m; q++) {
                a[p][q] = h[i][free[q]];
            }
        }
        double[] delta = LinearAlgebra.solveSymmetric(a, rhs);
        if (delta == null) {
            return;
        }
        // the largest fraction t <= 1 of the move that keeps every penalized coordinate's sign
        double t = 1;
        int blocking = -1;
        for (int p = 0; p < m; p++) {
            int i = free[p];
            if (l1 == null || l1[i] == 0) {
                continue;
            }
            double now = x[i] + step[i];
            double next = now + delta[p];
            if (now != 0 && Math.signum(next) != Math.signum(now)) {
                double f = now / (now - next);
                if (f < t) {
                    t = f;
                    blocking = i;
                }
            }
        }
        for (int p = 0; p < m; p++) {
            int i = free[p];
            setStep(h, step, hd, i, i == blocking ? -x[i] : step[i] + t * delta[p]);
        }
    }

    /** The largest violation of the model's optimality conditions at {@code D}. */
    private static double modelResidual(double[][] h, double[] g, double[] x, double[] l1, double[] step,
                                        double[] hd) {
        double worst = 0;
        for (int i = 0; i < g.length; i++) {
            if (!(h[i][i] > 0)) {
                continue;
            }
            double grad = g[i] + hd[i];
            double lam = l1 == null ? 0 : l1[i];
            double v = x[i] + step[i];
            double r = v != 0 || lam == 0 ? Math.abs(grad + lam * Math.signum(v)) : Math.max(0, Math.abs(grad) - lam);
            worst = Math.max(worst, r);
        }
        return worst;
    }

    private static double lastDecrease(Progress progress, double fx) {
        double[] h = progress.history();
        return h.length < 2 ? Double.POSITIVE_INFINITY : h[h.length - 2] - fx;
    }

    private static double penalty(double[] l1, double[] x) {
        if (l1 == null) {
            return 0;
        }
        double p = 0;
        for (int i = 0; i < x.length; i++) {
            p += l1[i] * Math.abs(x[i]);
        }
        return p;
    }

    /** The minimum-norm subgradient of F (the gradient without L1), for the result's gradient norm. */
    private static double[] pseudoGradient(double[] x, double[] g, double[] l1) {
        double[] v = g.clone();
        if (l1 == null) {
            return v;
        }
        for (int i = 0; i < x.length; i++) {
            if (x[i] > 0) {
                v[i] += l1[i];
            } else if (x[i] < 0) {
                v[i] -= l1[i];
            } else {
                v[i] = Math.signum(g[i]) * Math.max(Math.abs(g[i]) - l1[i], 0);
            }
        }
        return v;
    }
}
