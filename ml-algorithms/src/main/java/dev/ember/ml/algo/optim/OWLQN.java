package dev.ember.ml.algo.optim;

import dev.ember.ml.core.InvalidArgumentException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Orthant-wise limited-memory quasi-Newton: minimizes {@code F(x) = f(x) + sum_j l1[j] |x_j|} for a smooth
 * {@link DiffFunction} {@code f} and per-coordinate L1 weights {@code l1[j] >= 0} (0 for the intercept and other
 * unpenalized coordinates).
 *
 * <p>Reference: G. Andrew and J. Gao, "Scalable training of L1-regularized log-linear models", ICML 2007
 * (Algorithm 1). Per iteration:
 * <ol>
 *   <li>the pseudo-gradient {@code v} of {@code F}: {@code g_j + l1_j sign(x_j)} where {@code x_j != 0}; where
 *       {@code x_j = 0}, {@code g_j + l1_j} if that is negative, {@code g_j - l1_j} if that is positive, else 0;</li>
 *   <li>the L-BFGS direction {@code d = -H v} (two-loop recursion over the pairs {@code s}, {@code y} of the
 *       <em>smooth</em> part's gradient, as in the paper), then constrained to the orthant of {@code -v}:
 *       {@code d_j = 0} where {@code d_j v_j >= 0};</li>
 *   <li>a backtracking line search on the projected points {@code x(a) = pi(x + a d; xi)}, where the orthant
 *       {@code xi_j = sign(x_j)}, or {@code sign(-v_j)} where {@code x_j = 0}, and {@code pi} sets to exactly 0.0
 *       every coordinate that would leave it; {@code a} starts at 1 ({@code 1 / ||d||} on the first iteration,
 *       as {@link LBFGS} does) and halves until {@code F(x(a)) <= F(x) + 1e-4 v'(x(a) - x)} with
 *       {@code v'(x(a) - x) < 0} (the paper's condition), at most 30 times.</li>
 * </ol>
 * Coordinates with {@code l1[j] = 0} are left out of the direction constraint and of the projection: {@code F} is
 * differentiable in them, so they move freely (and may change sign) as in plain L-BFGS. A coordinate ends up
 * exactly 0.0 when the projection puts it there, or when it is 0 and its pseudo-gradient is 0 (the optimality
 * condition {@code |g_j| <= l1_j}), which keeps it there.
 *
 * <p>Failure handling and the stopping rules (on {@code F} and on the norm of the pseudo-gradient) are those of
 * {@link LBFGS} and {@link OptimizerOptions}. An instance holds only its options and may be shared between
 * threads; each call allocates its working arrays once and reuses them across iterations.
 */
public final class OWLQN {
    private static final Logger LOG = LoggerFactory.getLogger(OWLQN.class);
    /** Sufficient-decrease constant of the backtracking line search (the paper's gamma). */
    static final double GAMMA = 1e-4;
    /** Step shrink factor of the backtracking line search (the paper's beta). */
    static final double BETA = 0.5;
    /** Evaluations allowed per line search. */
    static final int MAX_BACKTRACKS = 30;
    private final OptimizerOptions options;

    /** OWL-QN with {@link OptimizerOptions#defaults()}. */
    public OWLQN() {
        this(OptimizerOptions.defaults());
    }

    /**
     * @param options history size, iteration cap and tolerance
     */
    public OWLQN(OptimizerOptions options) {
        if (options == null) {
            throw new InvalidArgumentException("options: found null, expected OptimizerOptions");
        }
        this.options = options;
    }

    /** @return the options */
    public OptimizerOptions options() {
        return options;
    }

    /**
     * Minimizes {@code f(x) + sum_j l1[j] |x_j|} from {@code x0}.
     *
     * @param f the smooth part of the objective, evaluated once per trial point (value and gradient together)
     * @param l1 the L1 weight of each coordinate, finite and {@code >= 0}, same length as {@code x0} (not modified)
     * @param x0 the starting point (not modified)
     * @return the last iterate (coordinates at the kink exactly 0.0), the reason for stopping, the history of
     *     {@code F} and the number of evaluations; {@link OptimizerResult#value()} includes the L1 term
     * @throws InvalidArgumentException if {@code x0} is empty or not finite, or {@code l1} does not fit
     * @throws dev.ember.ml.core.MlException if {@code f} returns NaN (value or gradient) or {@code -Infinity}, or
     *     {@code +Infinity} at {@code x0}; the message names the iteration and the evaluation
     */
    public OptimizerResult minimize(DiffFunction f, double[] l1, double[] x0) {
        int n = Vectors.checkStart(x0);
        double[] w = checkWeights(l1, n);
        Objective objective = new Objective(f, "OWL-QN");
        double tol = options.tol();
        double[] x = x0.clone();
        double[] g = new double[n];
        double[] v = new double[n];
        double[] xNew = new double[n];
        double[] gNew = new double[n];
        double[] d = new double[n];
        LbfgsMemory memory = new LbfgsMemory(options.m(), n);
        Progress progress = new Progress(options.maxIter());

        double fx = objective.start(x, g) + penalty(w, x);
        pseudoGradient(x, g, w, v);
        double vNorm = Vectors.norm(v);
        progress.add(fx);
        double f0 = fx;
        ConvergenceReason reason = Vectors.gradientConverged(vNorm, fx, f0, tol) ? ConvergenceReason.GRADIENT : null;
        int k = 0;
        double lastImprovement = Double.POSITIVE_INFINITY;
        while (reason == null) {
            if (k >= options.maxIter()) {
                reason = ConvergenceReason.MAX_ITERATIONS;
                break;
            }
            objective.iteration(k + 1);
            memory.direction(v, d);
            double dv = constrain(d, v, w);
            if (!(dv < 0) && memory.size() > 0) {
                memory.clear();
                Vectors.negate(v, d);
            }
            double a = memory.size() == 0 ? 1.0 / Vectors.norm(d) : 1.0;
            double fNew = Double.NaN;
            boolean accepted = false;
            for (int t = 0; t < MAX_BACKTRACKS && !accepted; t++) {
                double slope = project(x, a, d, v, w, xNew);
                if (slope < 0) {
                    double smooth = objective.evaluate(xNew, gNew, a);
                    fNew = smooth + penalty(w, xNew);
                    accepted = fNew <= fx + GAMMA * slope;
                }
                if (!accepted) {
                    a *= BETA;
                }
            }
            if (!accepted) {
                if (lastImprovement <= Progress.STALL * Math.abs(fx)) {
                    reason = ConvergenceReason.STALLED;
                    break;
                }
                if (memory.size() > 0) {
                    LOG.debug("OWL-QN iteration {}: line search failed, dropping the history", k + 1);
                    memory.clear();
                    continue;
                }
                reason = ConvergenceReason.LINE_SEARCH_FAILED;
                break;
            }
            memory.update(xNew, x, gNew, g);
            double[] tmp = x;
            x = xNew;
            xNew = tmp;
            tmp = g;
            g = gNew;
            gNew = tmp;
            lastImprovement = fx - fNew;
            fx = fNew;
            pseudoGradient(x, g, w, v);
            vNorm = Vectors.norm(v);
            k++;
            progress.add(fx);
            f.iterationDone(k, fx, x);
            if (LOG.isDebugEnabled()) {
                LOG.debug("OWL-QN iteration {}: F={} |v|={} step={} evaluations={}", k, fx, vNorm, a,
                    objective.evaluations());
            }
            if (Vectors.gradientConverged(vNorm, fx, f0, tol)) {
                reason = ConvergenceReason.GRADIENT;
            } else if (progress.functionConverged(tol)) {
                memory.direction(v, d);
                constrain(d, v, w);
                if (Vectors.stepConverged(d, x, tol)) {
                    reason = ConvergenceReason.FUNCTION_VALUES;
                }
            }
        }
        return new OptimizerResult(x.clone(), fx, vNorm, k, objective.evaluations(), reason, progress.history());
    }

    private static double[] checkWeights(double[] l1, int n) {
        if (l1 == null) {
            throw new InvalidArgumentException("l1: found null, expected " + n + " weights");
        }
        if (l1.length != n) {
            throw new InvalidArgumentException("l1: found " + l1.length + " weights, expected " + n
                + " (one per coordinate of x0)");
        }
        for (int j = 0; j < n; j++) {
            if (!(l1[j] >= 0) || Double.isInfinite(l1[j])) {
                throw new InvalidArgumentException("l1[" + j + "]: found " + l1[j] + ", expected a finite number >= 0");
            }
        }
        return l1.clone();
    }

    private static double penalty(double[] w, double[] x) {
        double s = 0;
        for (int j = 0; j < x.length; j++) {
            s += w[j] * Math.abs(x[j]);
        }
        return s;
    }

    /** The pseudo-gradient of {@code f + sum w_j |x_j|} (Andrew and Gao, section 3.1). */
    static void pseudoGradient(double[] x, double[] g, double[] w, double[] out) {
        for (int j = 0; j < x.length; j++) {
            double wj = w[j];
            if (wj == 0) {
                out[j] = g[j];
            } else if (x[j] > 0) {
                out[j] = g[j] + wj;
            } else if (x[j] < 0) {
                out[j] = g[j] - wj;
            } else if (g[j] + wj < 0) {
                out[j] = g[j] + wj;
            } else if (g[j] - wj > 0) {
                out[j] = g[j] - wj;
            } else {
                out[j] = 0;
            }
        }
    }

    /**
     * Zeroes the penalized components of {@code d} that do not point along {@code -v}.
     *
     * @return {@code v'd} after the constraint
     */
    private static double constrain(double[] d, double[] v, double[] w) {
        double dv = 0;
        for (int j = 0; j < d.length; j++) {
            if (w[j] != 0 && d[j] * v[j] >= 0) {
                d[j] = 0;
            }
            dv += d[j] * v[j];
        }
        return dv;
    }

    /**
     * {@code out = pi(x + a d; xi)}: penalized coordinates that leave the orthant {@code xi} (the sign of
     * {@code x_j}, or of {@code -v_j} at 0) become exactly 0.0.
     *
     * @return the directional term {@code v'(out - x)} of the sufficient-decrease condition
     */
    private static double project(double[] x, double a, double[] d, double[] v, double[] w, double[] out) {
        double slope = 0;
        for (int j = 0; j < x.length; j++) {
            double xj = x[j];
            double y = xj + a * d[j];
            if (w[j] != 0) {
                double orthant = xj != 0 ? Math.signum(xj) : -Math.signum(v[j]);
                if (Math.signum(y) != orthant) {
                    y = 0.0;
                }
            }
            out[j] = y;
            slope += v[j] * (y - xj);
        }
        return slope;
    }
}
