package dev.ember.ml.pipeline.sweep;

/** Whether the objective is minimized or maximized. */
public enum Direction {
    /** Lower is better (losses, errors). */
    MINIMIZE,
    /** Higher is better (accuracy, areaUnderROC). */
    MAXIMIZE;

    /**
     * @param a a value
     * @param b another
     * @return whether a is strictly better than b
     */
    public boolean better(double a, double b) {
        return this == MINIMIZE ? a < b : a > b;
    }

    /**
     * @param value an objective value
     * @return the value as a loss (lower is better)
     */
    public double loss(double value) {
        return this == MINIMIZE ? value : -value;
    }
}
