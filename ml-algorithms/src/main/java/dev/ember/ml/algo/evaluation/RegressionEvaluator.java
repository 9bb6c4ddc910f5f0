package dev.ember.ml.algo.evaluation;

import com.google.errorprone.annotations.CheckReturnValue;
import dev.ember.ml.core.InvalidArgumentException;
import dev.ember.ml.core.data.DataType;
import dev.ember.ml.core.data.Frame;
import dev.ember.ml.core.param.Param;
import dev.ember.ml.core.param.ParamMap;
import dev.ember.ml.core.param.ParamValidators;
import dev.ember.ml.core.runtime.AggregateCall;
import dev.ember.ml.core.runtime.KernelParams;

import java.util.List;

/**
 * Regression metrics: {@code rmse} (default), {@code mse}, {@code mae}, {@code r2} (1 - SSE / SST, SST around the
 * weighted label mean), optionally weighted.
 */
@CheckReturnValue
public final class RegressionEvaluator extends EvaluatorBase<RegressionEvaluator> {
    /** The metric. */
    public static final Param<String> METRIC_NAME = Param.ofString("metricName", "rmse, mse, mae or r2", "rmse",
        ParamValidators.oneOf("rmse", "mse", "mae", "r2"));
    /** Label column. */
    public static final Param<String> LABEL_COL = Param.ofString("labelCol", "label column", "label",
        ParamValidators.nonEmpty());
    /** Prediction column. */
    public static final Param<String> PREDICTION_COL = Param.ofString("predictionCol", "prediction column",
        "prediction", ParamValidators.nonEmpty());
    /** Weight column. */
    public static final Param<String> WEIGHT_COL = Param.ofString("weightCol", "row weights (empty: 1)", "",
        ParamValidators.any());

    /** An evaluator of RMSE on {@code label} and {@code prediction}. */
    public RegressionEvaluator() {
        this(ParamMap.empty());
    }

    private RegressionEvaluator(ParamMap params) {
        super(params);
    }

    @Override
    RegressionEvaluator withParams(ParamMap params) {
        return new RegressionEvaluator(params);
    }

    @Override
    Param<String> metricParam() {
        return METRIC_NAME;
    }

    /** @param v labelCol @return a copy with it set */
    public RegressionEvaluator labelCol(String v) {
        return with(LABEL_COL, v);
    }

    /** @param v predictionCol @return a copy with it set */
    public RegressionEvaluator predictionCol(String v) {
        return with(PREDICTION_COL, v);
    }

    /** @param v weightCol @return a copy with it set */
    public RegressionEvaluator weightCol(String v) {
        return with(WEIGHT_COL, v);
    }

    @Override
    public List<Param<?>> params() {
        return List.of(METRIC_NAME, LABEL_COL, PREDICTION_COL, WEIGHT_COL);
    }

    @Override
    public boolean isLargerBetter() {
        return "r2".equals(metricName());
    }

    private static final List<String> METRICS = List.of("rmse", "mse", "mae", "r2");

    /**
     * @param predictions the predictions
     * @return every metric: {@code [rmse, mse, mae, r2]}, logged to the active run
     */
    public double[] evaluateAll(Frame predictions) {
        double[] all = compute(predictions);
        log(predictions, METRICS, all, List::of);
        return all;
    }

    private double[] compute(Frame predictions) {
        KernelParams.Builder p = EvaluationKernels.columns(predictions.schema(), get(LABEL_COL),
            get(PREDICTION_COL), get(WEIGHT_COL), DataType.DOUBLE, DataType.FLOAT, DataType.INT, DataType.LONG);
        double[] s = predictions.treeAggregate(AggregateCall.of(EvaluationKernels.RegressionSums.class, p.build()),
            2);
        double w = s.length == 0 ? 0 : s[0];
        if (!(w > 0)) {
            throw new InvalidArgumentException("no predictions to evaluate (total weight " + w + ")");
        }
        double mse = s[3] / w;
        double mae = s[4] / w;
        double r2 = s[2] == 0 ? Double.NaN : 1 - s[3] / s[2];
        return new double[] {Math.sqrt(mse), mse, mae, r2};
    }

    /** Computes the metrics and logs the one asked for to the active run. */
    @Override
    public double evaluate(Frame predictions) {
        double[] all = compute(predictions);
        int i = Math.max(0, METRICS.indexOf(metricName()));
        log(predictions, List.of(METRICS.get(i)), new double[] {all[i]}, List::of);
        return all[i];
    }
}
