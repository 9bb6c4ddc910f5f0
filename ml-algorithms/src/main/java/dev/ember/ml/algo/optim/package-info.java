/**
 * First-order optimizers for the linear models: {@link dev.ember.ml.algo.optim.LBFGS} (limited-memory BFGS with a
 * strong Wolfe line search; Nocedal and Wright, "Numerical Optimization", 2nd ed., Algorithms 7.4, 7.5, 3.5 and
 * 3.6) for smooth objectives, and {@link dev.ember.ml.algo.optim.OWLQN} (orthant-wise limited-memory quasi-Newton;
 * Andrew and Gao, ICML 2007) for a smooth objective plus per-coordinate L1 penalties.
 *
 * <p>Both minimize a {@link dev.ember.ml.algo.optim.DiffFunction}, which returns value and gradient from one
 * call: a linear model implements it with one tree-aggregate pass over its cached data, so the optimizers count
 * and economize calls ({@link dev.ember.ml.algo.optim.OptimizerResult#evaluations()}) and never ask for the value
 * or the gradient alone. Both take the same {@link dev.ember.ml.algo.optim.OptimizerOptions} ({@code m},
 * {@code maxIter}, {@code tol}; the stopping rules are documented there) and return an
 * {@link dev.ember.ml.algo.optim.OptimizerResult} with the reason for stopping
 * ({@link dev.ember.ml.algo.optim.ConvergenceReason}) and the objective per iteration, for tracking.
 *
 * <p>Everything here runs on the driver on vectors of the model's size; the optimizers allocate their working
 * arrays once per call and nothing per iteration. A non-finite objective or gradient stops them with a
 * {@link dev.ember.ml.core.MlException} naming the iteration.
 */
package dev.ember.ml.algo.optim;
