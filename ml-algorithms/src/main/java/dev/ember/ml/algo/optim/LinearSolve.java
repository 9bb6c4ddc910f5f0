package dev.ember.ml.algo.optim;

/**
 * Chooses and runs the optimizer of a linear model: L-BFGS without an L1 term, OWL-QN with one. For a
 * multinomial model with intercepts the problem is not identified (adding a constant to every class's intercept
 * leaves the loss unchanged), so the optimizer sees the last class's intercept pinned at 0 (a reference class)
 * and the result is mapped back; the caller centres the intercepts for reporting.
 */
public final class LinearSolve {
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
        double[] l1Weights = l1 > 0 ? objective.l1Weights(l1) : null;
        if (!pinLastIntercept) {
            return l1 > 0 ? new OWLQN(options).minimize(objective, l1Weights, x0)
                : new LBFGS(options).minimize(objective, x0);
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
        DiffFunction pinned = (x, g) -> {
            System.arraycopy(x, 0, full, 0, n - 1);
            full[n - 1] = 0;
            double v = objective.valueAndGradient(full, fullGrad);
            System.arraycopy(fullGrad, 0, g, 0, n - 1);
            return v;
        };
        OptimizerResult r = l1 > 0
            ? new OWLQN(options).minimize(pinned, java.util.Arrays.copyOf(l1Weights, n - 1), start)
            : new LBFGS(options).minimize(pinned, start);
        double[] x = java.util.Arrays.copyOf(r.x(), n);
        return new OptimizerResult(x, r.value(), r.gradientNorm(), r.iterations(), r.evaluations(), r.reason(),
            r.lossHistory());
    }
}
