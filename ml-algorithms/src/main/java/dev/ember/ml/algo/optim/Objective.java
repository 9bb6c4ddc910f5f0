package dev.ember.ml.algo.optim;

import dev.ember.ml.core.InvalidArgumentException;
import dev.ember.ml.core.MlException;

/**
 * Wraps a {@link DiffFunction}: counts evaluations and turns a non-finite result into an {@link MlException} that
 * names the optimizer, the iteration and the evaluation, so that a broken objective stops the optimizer instead
 * of sending its line search into a loop. {@code +Infinity} is let through (outside the domain) except at the
 * starting point.
 */
final class Objective {
    private final DiffFunction f;
    private final String algorithm;
    private int evaluations;
    private int iteration;

    Objective(DiffFunction f, String algorithm) {
        if (f == null) {
            throw new InvalidArgumentException("objective: found null, expected a DiffFunction");
        }
        this.f = f;
        this.algorithm = algorithm;
    }

    int evaluations() {
        return evaluations;
    }

    /** @param k the iteration whose line search the next evaluations belong to (0: the starting point) */
    void iteration(int k) {
        this.iteration = k;
    }

    /** Evaluates the starting point, which must give a finite value and gradient. */
    double start(double[] x, double[] g) {
        iteration = 0;
        double v = evaluate(x, g, 0.0);
        if (v == Double.POSITIVE_INFINITY) {
            throw new MlException(algorithm + ": objective at the starting point (iteration 0, evaluation 1): "
                + "found Infinity, expected a finite value");
        }
        return v;
    }

    /**
     * @param step the line-search step that produced {@code x}, for the error message
     * @return f(x), finite or {@code +Infinity}
     */
    double evaluate(double[] x, double[] g, double step) {
        evaluations++;
        double v = f.valueAndGradient(x, g);
        if (Double.isNaN(v) || v == Double.NEGATIVE_INFINITY) {
            throw new MlException(algorithm + ": objective value at iteration " + iteration + " (evaluation "
                + evaluations + where(step) + "): found " + v + ", expected a finite value");
        }
        if (v != Double.POSITIVE_INFINITY) {
            for (int i = 0; i < g.length; i++) {
                if (!Double.isFinite(g[i])) {
                    throw new MlException(algorithm + ": gradient[" + i + "] at iteration " + iteration
                        + " (evaluation " + evaluations + where(step) + "): found " + g[i]
                        + ", expected a finite value");
                }
            }
        }
        return v;
    }

    private static String where(double step) {
        return step == 0.0 ? ", starting point" : ", line-search step " + step;
    }
}
