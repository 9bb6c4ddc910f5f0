package dev.ember.ml.algo.optim;

import dev.ember.ml.core.InvalidArgumentException;

/**
 * Options shared by {@link LBFGS} and {@link OWLQN}, validated on construction.
 *
 * <p>Stopping rules, checked after every iteration {@code k >= 1} (and the gradient rule also at the starting
 * point), the first one met wins:
 * <ol>
 *   <li><b>gradient</b>: {@code ||g_k|| <= tol * max(1, ||x_k||)} (Euclidean norms; for OWL-QN {@code g} is the
 *       pseudo-gradient of the L1-regularized objective), reason {@link ConvergenceReason#GRADIENT};</li>
 *   <li><b>function values</b>: with {@code w = min(k, FUNCTION_WINDOW)},
 *       <pre>(f_{k-w} - f_k) / w  &lt;=  tol * max(|f_k|, |f_{k-w}|, 1e-6 * |f_0|)</pre>
 *       that is, the average improvement per iteration over the last {@code w} iterations, relative to the
 *       objective's magnitude, reason {@link ConvergenceReason#FUNCTION_VALUES};</li>
 *   <li>{@code k == maxIter}, reason {@link ConvergenceReason#MAX_ITERATIONS}.</li>
 * </ol>
 *
 * <p>How this relates to Spark ML: Spark hands {@code maxIter} and {@code tol} to Breeze's L-BFGS/OWL-QN, whose
 * default convergence check ({@code FirstOrderMinimizer.defaultConvergenceCheck}) stops when
 * {@code ||g_k|| <= max(tol * |f_k|, 1e-8)}, or when {@code |f_k - max(f_{k-19}, ..., f_k)| <= tol * |f_0|} (a
 * window of the last 20 values, seeded with {@code +Infinity}, so this test cannot fire before iteration 20).
 * Each evaluation here is a full pass over the data, so the function-value rule above looks back over at most
 * {@value #FUNCTION_WINDOW} iterations instead of 19 and measures the improvement against the current objective
 * rather than the initial one; the floor {@code 1e-6 * |f_0|} is the one Breeze uses for its per-iteration
 * relative improvement, and keeps the rule meaningful when the objective tends to 0. The gradient rule is scaled
 * by the size of {@code x}, not of {@code f}, so that it does not depend on an additive constant in the objective.
 *
 * @param m the number of correction pairs {@code (s, y)} kept by the limited-memory update (Nocedal and Wright,
 *     "Numerical Optimization", 2nd ed., section 7.2); at least 1, default {@value #DEFAULT_M}
 * @param maxIter the maximum number of iterations (line searches that moved {@code x}); at least 0, default
 *     {@value #DEFAULT_MAX_ITER}; 0 evaluates the starting point only
 * @param tol the convergence tolerance of both rules above; finite and at least 0, default {@value #DEFAULT_TOL}
 */
public record OptimizerOptions(int m, int maxIter, double tol) {
    /** Default history size: Spark ML's. */
    public static final int DEFAULT_M = 10;
    /** Default iteration cap: Spark ML's {@code maxIter}. */
    public static final int DEFAULT_MAX_ITER = 100;
    /** Default tolerance: Spark ML's {@code tol}. */
    public static final double DEFAULT_TOL = 1e-6;
    /** Number of past iterations the function-value rule averages the improvement over. */
    public static final int FUNCTION_WINDOW = 5;

    /**
     * Validates the options.
     *
     * @param m the history size, at least 1
     * @param maxIter the iteration cap, at least 0
     * @param tol the tolerance, finite and at least 0
     * @throws InvalidArgumentException naming the option, what was found and what was expected
     */
    public OptimizerOptions {
        if (m < 1) {
            throw new InvalidArgumentException("m (history size): found " + m + ", expected at least 1");
        }
        if (maxIter < 0) {
            throw new InvalidArgumentException("maxIter: found " + maxIter + ", expected at least 0");
        }
        if (!(tol >= 0) || Double.isInfinite(tol)) {
            throw new InvalidArgumentException("tol: found " + tol + ", expected a finite number >= 0");
        }
    }

    /** @return the defaults: {@code m = 10, maxIter = 100, tol = 1e-6} */
    public static OptimizerOptions defaults() {
        return new OptimizerOptions(DEFAULT_M, DEFAULT_MAX_ITER, DEFAULT_TOL);
    }

    /**
     * @param newM the history size
     * @return a copy with {@code m} replaced
     */
    public OptimizerOptions withM(int newM) {
        return new OptimizerOptions(newM, maxIter, tol);
    }

    /**
     * @param newMaxIter the iteration cap
     * @return a copy with {@code maxIter} replaced
     */
    public OptimizerOptions withMaxIter(int newMaxIter) {
        return new OptimizerOptions(m, newMaxIter, tol);
    }

    /**
     * @param newTol the tolerance
     * @return a copy with {@code tol} replaced
     */
    public OptimizerOptions withTol(double newTol) {
        return new OptimizerOptions(m, maxIter, newTol);
    }
}
