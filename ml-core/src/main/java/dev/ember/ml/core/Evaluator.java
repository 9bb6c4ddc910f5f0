package dev.ember.ml.core;

import com.google.errorprone.annotations.CheckReturnValue;
import dev.ember.ml.core.data.Frame;
import dev.ember.ml.core.param.Params;

/**
 * Scores a model's predictions in a frame with one metric. Tuning compares models with it, so it says whether
 * a larger value is better.
 */
@CheckReturnValue
public interface Evaluator extends Params {

    /**
     * @param predictions a frame holding the label and prediction columns the evaluator names
     * @return the metric
     * @throws IllegalArgumentException if a column is missing or of the wrong type
     */
    double evaluate(Frame predictions);

    /** @return the metric's name, such as {@code areaUnderROC} */
    String metricName();

    /** @return whether a larger value of the metric is better */
    boolean isLargerBetter();
}
