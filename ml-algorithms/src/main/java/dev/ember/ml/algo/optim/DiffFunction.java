package dev.ember.ml.algo.optim;

/**
 * A differentiable objective {@code f: R^n -> R} whose value and gradient come out of one evaluation.
 *
 * <p>The linear models implement this with one distributed tree-aggregate pass over the data per call, so the
 * optimizers of this package ({@link LBFGS}, {@link OWLQN}) never ask for the value or the gradient alone and
 * count every call as one function evaluation.
 *
 * <p>Contract for implementations:
 * <ul>
 *   <li>{@code x} must not be modified; {@code gradOut} has the length of {@code x} and must be overwritten
 *       entirely (it is reused across calls, so it holds stale values on entry);</li>
 *   <li>the return value is {@code f(x)}; {@link Double#POSITIVE_INFINITY} means that {@code x} lies outside the
 *       domain of {@code f} (the line search then shortens its step and ignores {@code gradOut});</li>
 *   <li>{@code NaN} (in the value or the gradient) or {@link Double#NEGATIVE_INFINITY} is an error: the optimizer
 *       stops with a {@link dev.ember.ml.core.MlException} naming the iteration.</li>
 * </ul>
 */
@FunctionalInterface
public interface DiffFunction {
    /**
     * Evaluates the objective and its gradient at one point.
     *
     * @param x the point, read only
     * @param gradOut receives the gradient of the objective at {@code x}
     * @return the objective's value at {@code x}
     */
    double valueAndGradient(double[] x, double[] gradOut);

    /**
     * Called by the optimizers after each accepted iteration (not after line-search trials). It may throw to stop
     * the optimization: the exception propagates out of {@code minimize}.
     *
     * @param iteration the iteration just completed (1, 2, ...)
     * @param value the objective at the new iterate
     * @param x the new iterate, read only
     */
    default void iterationDone(int iteration, double value, double[] x) {
    }
}
