package dev.ember.ml.core.tracking;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * What an evaluator measured on a frame of predictions, as {@link Tracking#onEvaluate} logs it: the metrics (by
 * their names, such as {@code areaUnderROC}) and the charts that go with them (built only when logged).
 *
 * @param evaluatorName the evaluator's name, such as {@code BinaryClassificationEvaluator}: the metrics are logged
 *     as {@code <evaluatorName>.<metric>}
 * @param metrics metric names and values, in order
 * @param figures builds the charts (ROC and precision-recall curves, a confusion matrix), or gives none
 */
public record Evaluation(String evaluatorName, Map<String, Double> metrics, Supplier<List<Figure>> figures) {

    /** Copies the metrics. */
    public Evaluation {
        Objects.requireNonNull(evaluatorName, "evaluatorName");
        metrics = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(metrics));
        figures = figures == null ? List::of : figures;
    }

    /**
     * @param evaluatorName the evaluator's name
     * @param metric the metric's name
     * @param value its value
     * @return an evaluation of one metric, without charts
     */
    public static Evaluation of(String evaluatorName, String metric, double value) {
        return new Evaluation(evaluatorName, Map.of(metric, value), List::of);
    }
}
