package dev.ember.ml.algo.optim;

/** Told of each accepted iteration of an optimizer over a {@link LinearObjective}; may throw to stop it. */
@FunctionalInterface
public interface IterationListener {
    /**
     * @param iteration the iteration just completed (1, 2, ...)
     * @param value the objective at the new iterate
     * @param x the new iterate (variables, see {@link LinearObjective#effective}), read only
     */
    void iterationDone(int iteration, double value, double[] x);
}
