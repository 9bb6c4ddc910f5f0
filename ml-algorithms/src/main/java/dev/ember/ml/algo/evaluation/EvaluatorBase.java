package dev.ember.ml.algo.evaluation;

import com.google.errorprone.annotations.CheckReturnValue;
import dev.ember.ml.core.Evaluator;
import dev.ember.ml.core.InvalidParamException;
import dev.ember.ml.core.param.Param;
import dev.ember.ml.core.param.ParamMap;

/**
 * The immutable param handling the evaluators share: values in a {@link ParamMap}, {@link #with} returns a copy.
 *
 * @param <E> the concrete evaluator
 */
@CheckReturnValue
abstract class EvaluatorBase<E extends EvaluatorBase<E>> implements Evaluator {
    private final ParamMap params;

    EvaluatorBase(ParamMap params) {
        this.params = params;
    }

    /** @return a copy of this evaluator with these values */
    abstract E withParams(ParamMap params);

    /** @return the param naming the metric */
    abstract Param<String> metricParam();

    /**
     * @param param one of this evaluator's params
     * @param value the value
     * @param <T> the value type
     * @return a copy with it set
     */
    public final <T> E with(Param<T> param, T value) {
        get(param);
        try {
            return withParams(params.with(param, value));
        } catch (InvalidParamException e) {
            throw e.onStage(getClass().getSimpleName());
        }
    }

    /**
     * @param metric the metric's name
     * @return a copy evaluating it
     */
    public final E metric(String metric) {
        return with(metricParam(), metric);
    }

    /**
     * @param metric the metric's name (Spark's {@code setMetricName})
     * @return a copy evaluating it
     */
    public final E metricName(String metric) {
        return with(metricParam(), metric);
    }

    @Override
    public final ParamMap paramMap() {
        return params;
    }

    @Override
    public final String metricName() {
        return get(metricParam());
    }
}
