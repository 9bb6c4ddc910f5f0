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
@CheckReturnValue
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

    /** @param v labelCol @return a copy with it set */
    public MulticlassClassificationEvaluator labelCol(String v) {
        return with(LABEL_COL, v);
    }

    /** @param v predictionCol @return a copy with it set */
    public MulticlassClassificationEvaluator predictionCol(String v) {
        return with(PREDICTION_COL, v);
    }

    /** @param v probabilityCol @return a copy with it set */
    public MulticlassClassificationEvaluator probabilityCol(String v) {
        return with(PROBABILITY_COL, v);
    }

    /** @param v weightCol @return a copy with it set */
    public MulticlassClassificationEvaluator weightCol(String v) {
        return with(WEIGHT_COL, v);
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
        double[] s = confusionSums(predictions);
        double[] all = metrics(s);
        log(predictions, METRICS, all, () -> List.of(confusionFigure(s, labelNames(predictions, (int) s[0]))));
        return all;
    }

    /** The confusion matrix (rows: true class, columns: predicted class) as a chart. */
    private static Figure confusionFigure(double[] s, List<String> labels) {
        return new Figure.Matrix("confusion_matrix", "Confusion matrix", "True label", "Predicted label", labels,
            counts(s));
    }

    /** @return the {@code k x k} counts of {@link #confusionSums} (label-major) */
    private static double[][] counts(double[] s) {
        int k = (int) s[0];
        double[][] counts = new double[k][k];
        for (int c = 0; c < k; c++) {
            for (int j = 0; j < k; j++) {
                counts[c][j] = s[3 + c * k + j];
            }
        }
        return counts;
    }

    /** @return the class names the label column carries (a StringIndexer's labels), else the indices */
    private List<String> labelNames(Frame predictions, int k) {
        List<String> given = predictions.schema().field(get(LABEL_COL)).labels();
        List<String> names = new ArrayList<>(k);
        for (int c = 0; c < k; c++) {
            names.add(given != null && c < given.size() ? given.get(c) : Integer.toString(c));
        }
        return names;
    }

    /** @return {@code [f1, accuracy, weightedPrecision, weightedRecall, logLoss]} from the confusion sums */
    private static double[] metrics(double[] s) {
        int k = (int) s[0];
        double w = s[1];
        if (!(w > 0)) {
            throw new InvalidArgumentException("no predictions to evaluate (total weight " + w + ")");
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

    /**
     * The confusion matrix of the predictions, Spark's {@code MulticlassMetrics.confusionMatrix}: rows are the
     * true classes, columns the predicted ones, entries the (weighted) row counts. The classes are named by the
     * labels the label column carries when a {@code StringIndexer} made it, else by their indices.
     *
     * @param predictions a frame with the label and prediction columns
     * @return the matrix
     */
    public ConfusionMatrix confusionMatrix(Frame predictions) {
        double[] s = confusionSums(predictions);
        return new ConfusionMatrix(labelNames(predictions, (int) s[0]), counts(s));
    }

    /** @return {@code [k, total weight, log-loss sum, k x k counts (label-major)]} */
    private double[] confusionSums(Frame predictions) {
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
            throw new InvalidArgumentException("no predictions to evaluate (the frame has no partitions)");
        }
        return s;
    }

    /** Computes the metrics and logs the one asked for (with the confusion matrix) to the active run. */
    @Override
    public double evaluate(Frame predictions) {
        double[] s = confusionSums(predictions);
        double[] all = metrics(s);
        int i = Math.max(0, METRICS.indexOf(metricName()));
        log(predictions, List.of(METRICS.get(i)), new double[] {all[i]},
            () -> List.of(confusionFigure(s, labelNames(predictions, (int) s[0]))));
        return all[i];
    }
}
