package dev.ember.ml.algo.optim;

/** Why {@link LBFGS} or {@link OWLQN} stopped. */
public enum ConvergenceReason {
    /**
     * Converged on the objective: its average improvement per iteration over the last (up to
     * {@value OptimizerOptions#FUNCTION_WINDOW}) iterations fell to {@code tol} times its magnitude (see
     * {@link OptimizerOptions}).
     */
    FUNCTION_VALUES("converged: objective no longer improving"),
    /** Converged on the gradient: {@code ||g|| <= tol * max(1, ||x||)} (the pseudo-gradient for OWL-QN). */
    GRADIENT("converged: gradient norm below tolerance"),
    /**
     * Converged to rounding: a line search found no decrease right after an iteration that improved the objective
     * by at most {@code 1e-13} of its magnitude, so no further progress is measurable.
     */
    STALLED("converged: objective flat to rounding"),
    /** Stopped after {@link OptimizerOptions#maxIter()} iterations without meeting either criterion. */
    MAX_ITERATIONS("max iterations reached"),
    /**
     * The line search found no acceptable step, even along steepest descent after discarding the curvature
     * history. The result is the last accepted iterate, typically one where the objective can no longer be
     * decreased at machine precision.
     */
    LINE_SEARCH_FAILED("line search failed");

    private final String description;

    ConvergenceReason(String description) {
        this.description = description;
    }

    /** @return a short human-readable description, for logs and tracking tags */
    public String description() {
        return description;
    }

    /**
     * @return true if a convergence criterion was met ({@link #FUNCTION_VALUES}, {@link #GRADIENT} or
     *     {@link #STALLED})
     */
    public boolean converged() {
        return this == FUNCTION_VALUES || this == GRADIENT || this == STALLED;
    }
}
