package dev.ember.ml.algo.optim;

import dev.ember.ml.core.InvalidArgumentException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Limited-memory BFGS: minimizes a smooth {@link DiffFunction} with a quasi-Newton direction built from the last
 * {@code m} steps and gradient changes, and a line search that satisfies the strong Wolfe conditions.
 *
 * <p>References: J. Nocedal and S. J. Wright, "Numerical Optimization", 2nd ed., Springer 2006: Algorithm 7.5
 * (L-BFGS), Algorithm 7.4 (two-loop recursion, initial matrix from their eq. 7.20), Algorithms 3.5 and 3.6 (strong
 * Wolfe line search with cubic-interpolation zoom, {@code c1 = 1e-4}, {@code c2 = 0.9}); D. C. Liu and J. Nocedal,
 * "On the limited memory BFGS method for large scale optimization", Mathematical Programming 45 (1989).
 *
 * <p>Details, chosen to spend as few evaluations as possible (each is a full pass over the data for the linear
 * models), and value and gradient are always evaluated together:
 * <ul>
 *   <li>the first trial step is {@code 1 / ||g||} when no curvature pair is stored (the first iteration, as in
 *       Breeze and hence Spark ML), then 1, which the quasi-Newton scaling makes a good guess;</li>
 *   <li>a pair with {@code s'y <= 1e-12 ||s|| ||y||} is not stored, keeping the approximation positive
 *       definite;</li>
 *   <li>if the line search fails (no sufficient decrease within 20 evaluations), or the quasi-Newton direction is
 *       not a descent direction, the history is dropped and steepest descent is tried; if that fails as well the
 *       result is the last iterate with {@link ConvergenceReason#LINE_SEARCH_FAILED}, as Breeze does;</li>
 *   <li>stopping rules: see {@link OptimizerOptions}.</li>
 * </ul>
 *
 * <p>An instance holds only its options and may be shared between threads; each call to {@link #minimize}
 * allocates its working arrays once ({@code O(m n)}) and reuses them across iterations.
 */
public final class LBFGS {
    private static final Logger LOG = LoggerFactory.getLogger(LBFGS.class);
    private final OptimizerOptions options;

    /** L-BFGS with {@link OptimizerOptions#defaults()}. */
    public LBFGS() {
        this(OptimizerOptions.defaults());
    }

    /**
     * @param options history size, iteration cap and tolerance
     */
    public LBFGS(OptimizerOptions options) {
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
     * Minimizes {@code f} from {@code x0}.
     *
     * @param f the objective, evaluated once per trial point (value and gradient together)
     * @param x0 the starting point (not modified)
     * @return the last iterate, the reason for stopping, the loss history and the number of evaluations
     * @throws InvalidArgumentException if {@code x0} is empty or not finite
     * @throws dev.ember.ml.core.MlException if {@code f} returns NaN (value or gradient) or {@code -Infinity}, or
     *     {@code +Infinity} at {@code x0}; the message names the iteration and the evaluation
     */
    public OptimizerResult minimize(DiffFunction f, double[] x0) {
        int n = Vectors.checkStart(x0);
        Objective objective = new Objective(f, "L-BFGS");
        double tol = options.tol();
        double[] x = x0.clone();
        double[] g = new double[n];
        double[] xNew = new double[n];
        double[] gNew = new double[n];
        double[] d = new double[n];
        LbfgsMemory memory = new LbfgsMemory(options.m(), n);
        StrongWolfeLineSearch lineSearch = new StrongWolfeLineSearch(n);
        Progress progress = new Progress(options.maxIter());

        double fx = objective.start(x, g);
        double gNorm = Vectors.norm(g);
        progress.add(fx);
        double f0 = fx;
        ConvergenceReason reason = Vectors.gradientConverged(gNorm, fx, f0, tol) ? ConvergenceReason.GRADIENT : null;
        int k = 0;
        double lastImprovement = Double.POSITIVE_INFINITY;
        while (reason == null) {
            if (k >= options.maxIter()) {
                reason = ConvergenceReason.MAX_ITERATIONS;
                break;
            }
            objective.iteration(k + 1);
            memory.direction(g, d);
            double dphi0 = Vectors.dot(g, d);
            if (!(dphi0 < 0) && memory.size() > 0) {
                memory.clear();
                Vectors.negate(g, d);
                dphi0 = -gNorm * gNorm;
            }
            double a0 = memory.size() == 0 ? 1.0 / Vectors.norm(d) : 1.0;
            if (!lineSearch.search(objective, x, fx, d, dphi0, a0, xNew, gNew)) {
                if (lastImprovement <= Progress.STALL * Math.abs(fx)) {
                    // the last step changed f at rounding level: nothing left to gain, stop without retrying
                    reason = ConvergenceReason.STALLED;
                    break;
                }
                if (memory.size() > 0) {
                    LOG.debug("L-BFGS iteration {}: line search failed, dropping the history", k + 1);
                    memory.clear();
                    continue;
                }
                reason = ConvergenceReason.LINE_SEARCH_FAILED;
                break;
            }
            memory.update(xNew, x, gNew, g);
            double[] t = x;
            x = xNew;
            xNew = t;
            t = g;
            g = gNew;
            gNew = t;
            lastImprovement = fx - lineSearch.value();
            fx = lineSearch.value();
            gNorm = Vectors.norm(g);
            k++;
            progress.add(fx);
            f.iterationDone(k, fx, x);
            if (LOG.isDebugEnabled()) {
                LOG.debug("L-BFGS iteration {}: f={} |g|={} step={} evaluations={}", k, fx, gNorm,
                    lineSearch.step(), objective.evaluations());
            }
            if (Vectors.gradientConverged(gNorm, fx, f0, tol)) {
                reason = ConvergenceReason.GRADIENT;
            } else if (progress.functionConverged(tol)) {
                memory.direction(g, d);
                if (Vectors.stepConverged(d, x, tol)) {
                    reason = ConvergenceReason.FUNCTION_VALUES;
                }
            }
        }
        return new OptimizerResult(x.clone(), fx, gNorm, k, objective.evaluations(), reason, progress.history());
    }
}
