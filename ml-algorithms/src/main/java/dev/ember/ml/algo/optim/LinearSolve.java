package dev.ember.ml.algo.optim;

import java.util.Arrays;
import java.util.function.Function;

/**
 * Chooses and runs the optimizer of a linear model: L-BFGS without an L1 term, OWL-QN with one. For a
 * multinomial model with intercepts the problem is not identified (adding a constant to every class's intercept
 * leaves the loss unchanged), so the optimizer sees the last class's intercept pinned at 0 (a reference class)
 * and the result is mapped back; the caller centres the intercepts for reporting.
 *
 * <p>Small, hard problems: when the quasi-Newton method has not converged after {@value #QUASI_NEWTON_FIRST}
 * iterations (or its line search failed, or it stopped on function values or on an objective flat to rounding,
 * which certify the objective but not the coefficients of an ill-conditioned problem) and there are at most {@value #NEWTON_MAX_DIMENSION} variables, the
 * fit continues from its iterate with {@link ProximalNewton} (a Hessian pass per iteration, quadratic
 * convergence) for the remaining iterations. Easy problems never pay for a Hessian; ill-conditioned ones
 * (unstandardized or collinear features under L1, where OWL-QN crawls for thousands of iterations) reach the
 * optimum.
 */
public final class LinearSolve {
    /** Quasi-Newton iterations before a small problem switches to proximal Newton. */
    static final int QUASI_NEWTON_FIRST = 30;
    /** The largest number of variables for which a Hessian pass is used ({@code O(n p^2)} per pass). */
    static final int NEWTON_MAX_DIMENSION = 700;
    /**
     * A stop on function values is polished by Newton only when a Hessian pass is cheap: {@code rows * p^2} at
     * most this (about half a second of one thread; the benchmark's 1,000,000 x 51 is 2.6e9, not polished).
     */
    static final double POLISH_MAX_WORK = 5e8;

    private LinearSolve() {
    }

    /**
     * @param objective the smooth part of the objective
     * @param options history size, iteration cap and tolerance
     * @param l1 the L1 strength (0: L-BFGS)
     * @param pinLastIntercept whether the last variable is a redundant intercept, to be held at 0
     * @param x0 the starting point
     * @return the result, in the full variable vector
     */
    public static OptimizerResult minimize(LinearObjective objective, OptimizerOptions options, double l1,
                                           boolean pinLastIntercept, double[] x0) {
        return minimize(objective, options, l1, pinLastIntercept, x0, Long.MAX_VALUE);
    }

    /**
     * As above, knowing the number of rows, so that a stop on function values can be polished by Newton when a
     * Hessian pass is cheap ({@code rows * p^2 <= 5e8}).
     *
     * @param objective the smooth part of the objective
     * @param options history size, iteration cap and tolerance
     * @param l1 the L1 strength (0: L-BFGS)
     * @param pinLastIntercept whether the last variable is a redundant intercept, to be held at 0
     * @param x0 the starting point
     * @param rows the number of training rows
     * @return the result, in the full variable vector
     */
    public static OptimizerResult minimize(LinearObjective objective, OptimizerOptions options, double l1,
                                           boolean pinLastIntercept, double[] x0, long rows) {
        boolean polish = (double) rows * x0.length * x0.length <= POLISH_MAX_WORK;
        double[] l1Weights = l1 > 0 ? objective.l1Weights(l1) : null;
        Function<double[], double[][]> hessian = objective.hasHessian() ? objective::hessian : null;
        if (!pinLastIntercept) {
            return solve(objective, hessian, options, l1Weights, x0, polish);
        }
        int n = x0.length;
        int k = objective.outputs();
        double last = x0[n - 1];
        double[] start = new double[n - 1];
        for (int i = 0; i < n - 1; i++) {
            start[i] = i >= n - k ? x0[i] - last : x0[i];
        }
        double[] full = new double[n];
        double[] fullGrad = new double[n];
        DiffFunction pinned = new DiffFunction() {
            @Override
            public double valueAndGradient(double[] x, double[] g) {
                System.arraycopy(x, 0, full, 0, n - 1);
                full[n - 1] = 0;
                double v = objective.valueAndGradient(full, fullGrad);
                System.arraycopy(fullGrad, 0, g, 0, n - 1);
                return v;
            }

            @Override
            public void iterationDone(int iteration, double value, double[] x) {
                objective.iterationDone(iteration, value, Arrays.copyOf(x, n));
            }
        };
        Function<double[], double[][]> pinnedHessian = hessian == null ? null : x -> {
            double[][] h = hessian.apply(Arrays.copyOf(x, n));
            double[][] out = new double[n - 1][];
            for (int i = 0; i < n - 1; i++) {
                out[i] = Arrays.copyOf(h[i], n - 1);
            }
            return out;
        };
        OptimizerResult r = solve(pinned, pinnedHessian, options,
            l1Weights == null ? null : Arrays.copyOf(l1Weights, n - 1), start, polish);
        double[] x = Arrays.copyOf(r.x(), n);
        return new OptimizerResult(x, r.value(), r.gradientNorm(), r.iterations(), r.evaluations(), r.reason(),
            r.lossHistory());
    }

    private static OptimizerResult solve(DiffFunction f, Function<double[], double[][]> hessian,
                                         OptimizerOptions options, double[] l1Weights, double[] x0,
                                         boolean polish) {
        boolean newton = hessian != null && x0.length <= NEWTON_MAX_DIMENSION
            && options.maxIter() > QUASI_NEWTON_FIRST;
        OptimizerOptions first = newton ? options.withMaxIter(QUASI_NEWTON_FIRST) : options;
        OptimizerResult r = l1Weights != null ? new OWLQN(first).minimize(f, l1Weights, x0)
            : new LBFGS(first).minimize(f, x0);
        // with tol 0 a stall is the stop the user asked for: Newton's step test cannot fire either
        boolean stallPolished = polish && options.tol() > 0;
        boolean certified = r.reason() == ConvergenceReason.GRADIENT
            || r.reason() == ConvergenceReason.STALLED && !stallPolished
            || r.reason() == ConvergenceReason.FUNCTION_VALUES && !polish;
        if (!newton || certified) {
            return r;
        }
        // a stop on function values or a stall is not a certificate: polish with Newton, which from
        // such a point takes one to three Hessian passes to the optimum's KKT conditions
        int before = r.iterations();
        DiffFunction continued = new DiffFunction() {
            @Override
            public double valueAndGradient(double[] x, double[] g) {
                return f.valueAndGradient(x, g);
            }

            @Override
            public void iterationDone(int iteration, double value, double[] x) {
                f.iterationDone(before + iteration, value, x);   // numbered on from the quasi-Newton phase
            }
        };
        OptimizerResult p = new ProximalNewton(options.withMaxIter(options.maxIter() - r.iterations()))
            .minimize(continued, hessian, l1Weights, r.x());
        double[] a = r.lossHistory();
        double[] b = p.lossHistory();
        double[] history = Arrays.copyOf(a, a.length + Math.max(0, b.length - 1));
        if (b.length > 1) {
            System.arraycopy(b, 1, history, a.length, b.length - 1);
        }
        return new OptimizerResult(p.x(), p.value(), p.gradientNorm(), r.iterations() + p.iterations(),
            r.evaluations() + p.evaluations(), p.reason(), history);
    }
}
