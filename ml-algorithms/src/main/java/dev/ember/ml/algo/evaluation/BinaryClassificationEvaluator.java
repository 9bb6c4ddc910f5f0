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

import dev.ember.ml.core.tracking.Figure;
import dev.ember.ml.core.tracking.Tracking;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Binary metrics from scores, computed exactly (every distinct score is a threshold; no binning):
 * {@code areaUnderROC} (default; equals scikit-learn's {@code roc_auc_score}) and {@code areaUnderPR}, the
 * trapezoidal area under the precision-recall curve starting at recall 0 with the first threshold's precision,
 * as Spark computes it. The score is {@code rawPrediction} (element 1 of the vector) or any double column.
 *
 * <p>Inside an MLflow run it logs what it measured ({@code BinaryClassificationEvaluator.areaUnderROC}) and the ROC
 * and precision-recall curves as images ({@link Tracking#onEvaluate}).
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

    /** The most points a logged curve keeps (evenly spaced over the thresholds, ends included). */
    private static final int MAX_CURVE_POINTS = 2000;
    private static final List<String> METRICS = List.of("areaUnderROC", "areaUnderPR");

    /**
     * @param predictions the predictions
     * @return {@code [areaUnderROC, areaUnderPR]}, both logged to the active run with the curves
     */
    public double[] evaluateAll(Frame predictions) {
        Curves curves = Tracking.isEvaluationLogged() ? new Curves() : null;
        double[] all = compute(predictions, curves);
        log(predictions, METRICS, all, () -> curves == null ? List.of() : curves.figures(all));
        return all;
    }

    /** The ROC and precision-recall points met while computing the areas, for the charts. */
    private static final class Curves {
        final List<double[]> points = new ArrayList<>();

        void add(double fpr, double tpr, double precision) {
            points.add(new double[] {fpr, tpr, precision});
        }

        List<Figure> figures(double[] areas) {
            int n = points.size();
            int step = Math.max(1, (n + MAX_CURVE_POINTS - 1) / MAX_CURVE_POINTS);
            List<double[]> kept = new ArrayList<>();
            kept.add(new double[] {0, 0, n == 0 ? 1 : points.get(0)[2]});
            for (int i = 0; i < n; i += step) {
                kept.add(points.get(i));
            }
            if (n > 0 && (n - 1) % step != 0) {
                kept.add(points.get(n - 1));
            }
            double[] fpr = kept.stream().mapToDouble(p -> p[0]).toArray();
            double[] tpr = kept.stream().mapToDouble(p -> p[1]).toArray();
            double[] precision = kept.stream().mapToDouble(p -> p[2]).toArray();
            return List.of(
                new Figure.Curve("roc_curve", "ROC curve", "False positive rate", "True positive rate", fpr, tpr,
                    String.format(Locale.ROOT, "AUC = %.4f", areas[0]), true),
                new Figure.Curve("precision_recall_curve", "Precision-recall curve", "Recall", "Precision",
                    Arrays.copyOf(tpr, tpr.length), precision,
                    String.format(Locale.ROOT, "area = %.4f", areas[1]), false));
        }
    }

    private double[] compute(Frame predictions, Curves curves) {
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
            if (curves != null) {
                curves.add(fpr, tpr, precision);
            }
            prevTpr = tpr;
            prevFpr = fpr;
            prevRecall = tpr;
            prevPrecision = precision;
        }
        return new double[] {roc, pr};
    }

    /** Computes both areas and logs the one asked for (with the curves) to the active run. */
    @Override
    public double evaluate(Frame predictions) {
        Curves curves = Tracking.isEvaluationLogged() ? new Curves() : null;
        double[] all = compute(predictions, curves);
        int k = "areaUnderPR".equals(metricName()) ? 1 : 0;
        log(predictions, List.of(METRICS.get(k)), new double[] {all[k]},
            () -> curves == null ? List.of() : curves.figures(all));
        return all[k];
    }
}
