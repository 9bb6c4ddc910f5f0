package dev.ember.ml.algo.regression;

/**
 * How a linear regression fit went.
 *
 * @param objectiveHistory the objective (original label units) after each iteration; one entry for the normal
 *     solver
 * @param iterations optimizer iterations (0 for the normal solver)
 * @param evaluations passes over the data
 * @param convergence why the solver stopped ("normal" for the closed form)
 */
public record LinearRegressionSummary(double[] objectiveHistory, int iterations, int evaluations,
                                      String convergence) {

    /** Copies the history. */
    public LinearRegressionSummary {
        objectiveHistory = objectiveHistory.clone();
    }

    @Override
    public double[] objectiveHistory() {
        return objectiveHistory.clone();
    }
}
