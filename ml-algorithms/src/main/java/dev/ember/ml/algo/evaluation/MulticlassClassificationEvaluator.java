package dev.ember.ml.algo.evaluation;

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
import java.util.List;

/**
 * Multiclass metrics from a confusion matrix gathered in one pass, as Spark's {@code MulticlassMetrics}:
 * {@code f1} (default; F1 per class weighted by the class's true frequency), {@code accuracy},
 * {@code weightedPrecision}, {@code weightedRecall}, and {@code logLoss} (from {@code probabilityCol},
 * probabilities clipped to [1e-15, 1 - 1e-15] as scikit-learn does).
 *
 * <p>Inside an MLflow run it logs what it measured ({@code MulticlassClassificationEvaluator.f1}) and the confusion
 * matrix as an image ({@link Tracking#onEvaluate}).
 */
public final class MulticlassClassificationEvaluator extends EvaluatorBase<MulticlassClassificationEvaluator> {
    /** The metric. */
    public static final Param<String> METRIC_NAME = Param.ofString("metricName",
        "f1, accuracy, weightedPrecision, weightedRecall or logLoss", "f1",
        ParamValidators.oneOf("f1", "accuracy", "weightedPrecision", "weightedRecall", "logLoss"));
    /** Label column. */
    public static final Param<String> LABEL_COL = Param.ofString("labelCol", "label column (class index)",
        "label", ParamValidators.nonEmpty());
    /** Prediction column. */
    public static final Param<String> PREDICTION_COL = Param.ofString("predictionCol",
        "predicted class index", "prediction", ParamValidators.nonEmpty());
    /** Probability column. */
    public static final Param<String> PROBABILITY_COL = Param.ofString("probabilityCol",
        "class probabilities (vector), for logLoss", "probability", ParamValidators.nonEmpty());
    /** Weight column. */
    public static final Param<String> WEIGHT_COL = Param.ofString("weightCol", "row weights (empty: 1)", "",
        ParamValidators.any());

    /** An evaluator of weighted F1 on {@code label} and {@code prediction}. */
    public MulticlassClassificationEvaluator() {
        this(ParamMap.empty());
    }

    private MulticlassClassificationEvaluator(ParamMap params) {
        super(params);
    }

    @Override
    MulticlassClassificationEvaluator withParams(ParamMap params) {
        return new MulticlassClassificationEvaluator(params);
    }

    @Override
    Param<String> metricParam() {
        return METRIC_NAME;
    }

    @Override
    public List<Param<?>> params() {
        return List.of(METRIC_NAME, LABEL_COL, PREDICTION_COL, PROBABILITY_COL, WEIGHT_COL);
    }

    @Override
    public boolean isLargerBetter() {
        return !"logLoss".equals(metricName());
    }

    private static final List<String> METRICS = List.of("f1", "accuracy", "weightedPrecision", "weightedRecall",
        "logLoss");

    /**
     * @param predictions the predictions
     * @return {@code [f1, accuracy, weightedPrecision, weightedRecall, logLoss]} (logLoss NaN without the
     *     probability column), logged to the active run with the confusion matrix
     */
    public double[] evaluateAll(Frame predictions) {
        double[][] confusion = new double[1][];
        double[] all = compute(predictions, confusion);
        log(predictions, METRICS, all, () -> List.of(confusionFigure(confusion[0])));
        return all;
    }

    /** The confusion matrix (rows: true class, columns: predicted class) as a chart. */
    private static Figure confusionFigure(double[] s) {
        int k = (int) s[0];
        List<String> labels = new ArrayList<>();
        double[][] counts = new double[k][k];
        for (int c = 0; c < k; c++) {
            labels.add(Integer.toString(c));
            for (int j = 0; j < k; j++) {
                counts[c][j] = s[3 + c * k + j];
            }
        }
        return new Figure.Matrix("confusion_matrix", "Confusion matrix", "True label", "Predicted label", labels,
            counts);
    }

    private double[] compute(Frame predictions, double[][] confusionOut) {
        KernelParams.Builder p = EvaluationKernels.columns(predictions.schema(), get(LABEL_COL), get(PREDICTION_COL),
            get(WEIGHT_COL), DataType.DOUBLE, DataType.FLOAT, DataType.INT, DataType.LONG);
        if (predictions.schema().contains(get(PROBABILITY_COL))) {
            predictions.schema().require(get(PROBABILITY_COL), DataType.VECTOR);
            p.put("probabilityCol", get(PROBABILITY_COL));
        } else if ("logLoss".equals(metricName())) {
            predictions.schema().field(get(PROBABILITY_COL));
        }
        double[] s = predictions.treeAggregate(AggregateCall.of(EvaluationKernels.Confusion.class, p.build()), 2);
        if (s.length == 0) {
            throw new IllegalArgumentException("no predictions to evaluate (the frame has no partitions)");
        }
        confusionOut[0] = s;
        int k = (int) s[0];
        double w = s[1];
        if (!(w > 0)) {
            throw new IllegalArgumentException("no predictions to evaluate (total weight " + w + ")");
        }
        double correct = 0;
        double precision = 0;
        double recall = 0;
        double f1 = 0;
        for (int c = 0; c < k; c++) {
            double truth = 0;
            double predicted = 0;
            for (int j = 0; j < k; j++) {
                truth += s[3 + c * k + j];
                predicted += s[3 + j * k + c];
            }
            double tp = s[3 + c * k + c];
            correct += tp;
            double pc = predicted == 0 ? 0 : tp / predicted;
            double rc = truth == 0 ? 0 : tp / truth;
            double fc = pc + rc == 0 ? 0 : 2 * pc * rc / (pc + rc);
            precision += truth / w * pc;
            recall += truth / w * rc;
            f1 += truth / w * fc;
        }
        return new double[] {f1, correct / w, precision, recall, s[2] / w};
    }

    /** Computes the metrics and logs the one asked for (with the confusion matrix) to the active run. */
    @Override
    public double evaluate(Frame predictions) {
        double[][] confusion = new double[1][];
        double[] all = compute(predictions, confusion);
        int i = Math.max(0, METRICS.indexOf(metricName()));
        log(predictions, List.of(METRICS.get(i)), new double[] {all[i]},
            () -> List.of(confusionFigure(confusion[0])));
        return all[i];
    }
}
