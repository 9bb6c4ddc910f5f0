package dev.ember.ml.algo.classification;

/**
 * How a logistic regression fit went.
 *
 * @param objectiveHistory the objective after each iteration (the first entry is at the initial point)
 * @param iterations optimizer iterations
 * @param evaluations passes over the data (objective evaluations, and the Hessian passes of a Newton polish)
 * @param convergence why the optimizer stopped
 */
public record LogisticRegressionSummary(double[] objectiveHistory, int iterations, int evaluations,
                                        String convergence) {

    /** Copies the history. */
    public LogisticRegressionSummary {
        objectiveHistory = objectiveHistory.clone();
    }

    @Override
    public double[] objectiveHistory() {
        return objectiveHistory.clone();
    }
}
