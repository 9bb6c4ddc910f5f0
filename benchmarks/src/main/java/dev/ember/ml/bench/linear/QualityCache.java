package dev.ember.ml.bench.linear;

import java.util.Arrays;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The quality metrics of the latest fitted model, recomputed only when the coefficients change. Fits are
 * deterministic, so every repetition of a contender yields the same model, and evaluating it on the million
 * training rows (seconds, on Spark) once is enough; a repetition that fits a different model is evaluated anew.
 */
final class QualityCache {
    private double[] coefficients;
    private Map<String, Double> metrics;

    /**
     * @param coef the model's coefficients (intercept included)
     * @param compute evaluates the model
     * @return its metrics, computed now or by an earlier call with the same coefficients
     */
    Map<String, Double> get(double[] coef, Supplier<Map<String, Double>> compute) {
        if (metrics == null || !Arrays.equals(coef, coefficients)) {
            metrics = Map.copyOf(compute.get());
            coefficients = coef.clone();
        }
        return metrics;
    }
}
