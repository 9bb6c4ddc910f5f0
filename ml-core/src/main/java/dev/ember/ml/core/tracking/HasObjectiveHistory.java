package dev.ember.ml.core.tracking;

/**
 * A model whose fit minimised an objective iteratively and kept its value at every iteration. When such a model
 * is fitted inside a run, {@link Tracking#onFit} logs the history as the metric {@code loss}, one point per
 * iteration with the iteration as the step.
 */
public interface HasObjectiveHistory {

    /** @return the objective after each iteration; entry 0 is at the initial point */
    double[] objectiveHistory();
}
