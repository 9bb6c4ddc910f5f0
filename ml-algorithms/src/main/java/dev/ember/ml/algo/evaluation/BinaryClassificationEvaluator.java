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
 * Binary metrics from scores, computed exactly (every distinct score is a threshold; no binning):
 * {@code areaUnderROC} (default; equals scikit-learn's {@code roc_auc_score}) and {@code areaUnderPR}, the
 * trapezoidal area under the precision-recall curve starting at recall 0 with the first threshold's precision,
 * as Spark computes it. The score is {@code rawPrediction} (element 1 of the vector) or any double column.
 */
@CheckReturnValue
public final class BinaryClassificationEvaluator extends EvaluatorBase<BinaryClassificationEvaluator> {
    /** The metric. */
    public static final Param<String> METRIC_NAME = Param.ofString("metricName", "areaUnderROC or areaUnderPR",
        "areaUnderROC", ParamValidators.oneOf("areaUnderROC", "areaUnderPR"));
    /** Label column. */
    public static final Param<String> LABEL_COL = Param.ofString("labelCol", "label column (0 or 1)", "label",
        ParamValidators.nonEmpty());
    /** Score column. */
    public static final Param<String> RAW_PREDICTION_COL = Param.ofString("rawPredictionCol",
        "score: a 2-wide vector (element 1 is used) or a double column", "rawPrediction",
        ParamValidators.nonEmpty());
    /** Weight column. */
    public static final Param<String> WEIGHT_COL = Param.ofString("weightCol", "row weights (empty: 1)", "",
        ParamValidators.any());

    /** An evaluator of the area under ROC on {@code label} and {@code rawPrediction}. */
    public BinaryClassificationEvaluator() {
        this(ParamMap.empty());
    }

    private BinaryClassificationEvaluator(ParamMap params) {
        super(params);
    }

    @Override
    BinaryClassificationEvaluator withParams(ParamMap params) {
        return new BinaryClassificationEvaluator(params);
    }

    @Override
    Param<String> metricParam() {
        return METRIC_NAME;
    }

    /** @param v labelCol @return a copy with it set */
    public BinaryClassificationEvaluator labelCol(String v) {
        return with(LABEL_COL, v);
    }

    /** @param v rawPredictionCol @return a copy with it set */
    public BinaryClassificationEvaluator rawPredictionCol(String v) {
        return with(RAW_PREDICTION_COL, v);
    }

    /** @param v weightCol @return a copy with it set */
    public BinaryClassificationEvaluator weightCol(String v) {
        return with(WEIGHT_COL, v);
    }

    @Override
    public List<Param<?>> params() {
        return List.of(METRIC_NAME, LABEL_COL, RAW_PREDICTION_COL, WEIGHT_COL);
    }

    @Override
    public boolean isLargerBetter() {
        return true;
    }

    /**
     * @param predictions the predictions
     * @return {@code [areaUnderROC, areaUnderPR]}
     */
    public double[] evaluateAll(Frame predictions) {
        KernelParams.Builder p = EvaluationKernels.columns(predictions.schema(), get(LABEL_COL),
            get(RAW_PREDICTION_COL), get(WEIGHT_COL), DataType.VECTOR, DataType.DOUBLE, DataType.FLOAT);
        double[] t = predictions.treeAggregate(AggregateCall.of(EvaluationKernels.SortedScores.class, p.build()), 2);
        double pos = 0;
        double neg = 0;
        for (int i = 0; i < t.length; i += 3) {
            pos += t[i + 1] * t[i + 2];
            neg += (1 - t[i + 1]) * t[i + 2];
        }
        if (pos == 0 || neg == 0) {
            throw new InvalidArgumentException("column '" + get(LABEL_COL) + "' has only "
                + (pos == 0 ? "negatives" : "positives") + "; the areas need both classes");
        }
        double tp = 0;
        double fp = 0;
        double roc = 0;
        double pr = 0;
        double prevTpr = 0;
        double prevFpr = 0;
        double prevRecall = 0;
        double prevPrecision = Double.NaN;
        int i = 0;
        while (i < t.length) {
            double score = t[i];
            while (i < t.length && t[i] == score) {
                tp += t[i + 1] * t[i + 2];
                fp += (1 - t[i + 1]) * t[i + 2];
                i += 3;
            }
            double tpr = tp / pos;
            double fpr = fp / neg;
            roc += (fpr - prevFpr) * (tpr + prevTpr) / 2;
            double precision = tp + fp == 0 ? 1 : tp / (tp + fp);
            if (Double.isNaN(prevPrecision)) {
                prevPrecision = precision;
            }
            pr += (tpr - prevRecall) * (precision + prevPrecision) / 2;
            prevTpr = tpr;
            prevFpr = fpr;
            prevRecall = tpr;
            prevPrecision = precision;
        }
        return new double[] {roc, pr};
    }

    @Override
    public double evaluate(Frame predictions) {
        double[] all = evaluateAll(predictions);
        return "areaUnderPR".equals(metricName()) ? all[1] : all[0];
    }
}
