package dev.ember.ml.algo.optim;

import java.util.Arrays;

/**
 * The outcome of {@link LBFGS#minimize} or {@link OWLQN#minimize}: the last accepted iterate, why the optimizer
 * stopped, and what it cost. Immutable; the array accessors return copies.
 */
public final class OptimizerResult {
    private final double[] x;
    private final double value;
    private final double gradientNorm;
    private final int iterations;
    private final int evaluations;
    private final ConvergenceReason reason;
    private final double[] lossHistory;

    OptimizerResult(double[] x, double value, double gradientNorm, int iterations, int evaluations,
                    ConvergenceReason reason, double[] lossHistory) {
        this.x = x;
        this.value = value;
        this.gradientNorm = gradientNorm;
        this.iterations = iterations;
        this.evaluations = evaluations;
        this.reason = reason;
        this.lossHistory = lossHistory;
    }

    /** @return a copy of the solution: the last accepted iterate */
    public double[] x() {
        return x.clone();
    }

    /** @return the objective at {@link #x()} (for OWL-QN including the L1 term) */
    public double value() {
        return value;
    }

    /** @return the Euclidean norm of the gradient at {@link #x()} (for OWL-QN of the pseudo-gradient) */
    public double gradientNorm() {
        return gradientNorm;
    }

    /** @return the number of iterations done, each one line search that moved {@code x} */
    public int iterations() {
        return iterations;
    }

    /**
     * @return the number of calls to {@link DiffFunction#valueAndGradient}, including the one at the starting point
     *     and the trial points of every line search (each a full pass over the data for the linear models)
     */
    public int evaluations() {
        return evaluations;
    }

    /** @return why the optimizer stopped */
    public ConvergenceReason reason() {
        return reason;
    }

    /** @return true if a convergence criterion was met (see {@link ConvergenceReason#converged()}) */
    public boolean converged() {
        return reason.converged();
    }

    /**
     * @return a copy of the objective's value per iteration, {@link #iterations()} + 1 entries: element 0 at the
     *     starting point, element k after iteration k, the last equal to {@link #value()}
     */
    public double[] lossHistory() {
        return lossHistory.clone();
    }

    @Override
    public String toString() {
        return "OptimizerResult[reason=" + reason + ", value=" + value + ", gradientNorm=" + gradientNorm
            + ", iterations=" + iterations + ", evaluations=" + evaluations + ", x=" + Arrays.toString(x) + "]";
    }
}
