package dev.ember.ml.algo.classification;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.errorprone.annotations.CheckReturnValue;
import dev.ember.ml.algo.FeatureNames;
import dev.ember.ml.core.InvalidArgumentException;
import dev.ember.ml.core.InvalidStateException;
import dev.ember.ml.core.Model;
import dev.ember.ml.core.Provenance;
import dev.ember.ml.core.StageBase;
import dev.ember.ml.core.data.Frame;
import dev.ember.ml.core.data.Schema;
import dev.ember.ml.core.param.Param;
import dev.ember.ml.core.param.ParamMap;
import dev.ember.ml.core.persist.StageReader;
import dev.ember.ml.core.persist.StageWriter;
import dev.ember.ml.core.runtime.KernelParams;
import dev.ember.ml.core.runtime.MapCall;
import dev.ember.ml.core.tracking.HasObjectiveHistory;

import java.util.List;
import java.util.Map;

/**
 * A fitted {@link LogisticRegression}: coefficients and intercepts on the original feature scale. Transform adds
 * {@code rawPrediction} (margins; for a binomial model {@code [-m, m]}), {@code probability} and
 * {@code prediction}, in one fused pass over the feature block.
 */
@CheckReturnValue
public final class LogisticRegressionModel extends StageBase<LogisticRegressionModel>
    implements Model, HasObjectiveHistory {
    private final int numClasses;
    private final boolean multinomial;
    private final double[][] coefficients;
    private final double[] intercepts;
    private final LogisticRegressionSummary summary;
    private final Provenance provenance;
    private final List<String> featureNames;

    LogisticRegressionModel(String uid, ParamMap params, int numClasses, boolean multinomial,
                            double[][] coefficients, double[] intercepts, LogisticRegressionSummary summary,
                            Provenance provenance, List<String> featureNames) {
        super(uid, params);
        this.featureNames = featureNames == null ? null : List.copyOf(featureNames);
        this.numClasses = numClasses;
        this.multinomial = multinomial;
        this.coefficients = coefficients;
        this.intercepts = intercepts;
        this.summary = summary;
        this.provenance = provenance;
    }

    /** @return the number of classes */
    public int numClasses() {
        return numClasses;
    }

    /** @return whether the model is multinomial (one coefficient vector per class) */
    public boolean isMultinomial() {
        return multinomial;
    }

    /** @return the binomial model's coefficients (original scale) */
    public double[] coefficients() {
        if (multinomial) {
            throw new InvalidStateException("a multinomial model has a coefficient matrix; use coefficientMatrix()");
        }
        return coefficients[0].clone();
    }

    /**
     * @return the name of each coefficient: the slot names of the features column it was fitted on
     *     ({@code VectorAssembler} names them after its input columns), or {@code features_0, ...} when it had none
     */
    public List<String> featureNames() {
        return FeatureNames.orIndexed(featureNames, get(LogisticRegression.FEATURES_COL), coefficients[0].length);
    }

    /**
     * @return the binomial model's coefficients by feature name, in feature order
     * @throws InvalidStateException for a multinomial model ({@link #coefficientsByName(int)})
     */
    public Map<String, Double> coefficientsByName() {
        if (multinomial) {
            throw new InvalidStateException("a multinomial model has coefficients per class; use"
                + " coefficientsByName(classIndex)");
        }
        return FeatureNames.byName(featureNames(), coefficients[0]);
    }

    /**
     * @param classIndex a class 0..numClasses-1 (0 for a binomial model)
     * @return that class's coefficients by feature name, in feature order
     */
    public Map<String, Double> coefficientsByName(int classIndex) {
        if (classIndex < 0 || classIndex >= coefficients.length) {
            throw new InvalidArgumentException("class index: found " + classIndex + ", expected 0.."
                + (coefficients.length - 1));
        }
        return FeatureNames.byName(featureNames(), coefficients[classIndex]);
    }

    /** @return the binomial model's intercept */
    public double intercept() {
        if (multinomial) {
            throw new InvalidStateException("a multinomial model has one intercept per class; use intercepts()");
        }
        return intercepts[0];
    }

    /** @return the coefficients, one row per class (one row for a binomial model) */
    public double[][] coefficientMatrix() {
        double[][] out = new double[coefficients.length][];
        for (int i = 0; i < out.length; i++) {
            out[i] = coefficients[i].clone();
        }
        return out;
    }

    /** @return the intercepts, one per class (one for a binomial model) */
    public double[] intercepts() {
        return intercepts.clone();
    }

    /** @return the training summary (loss history, iterations, convergence) */
    public LogisticRegressionSummary summary() {
        return summary;
    }

    /** @param v featuresCol: features vector column @return a copy with it set */
    public LogisticRegressionModel featuresCol(String v) {
        return with(LogisticRegression.FEATURES_COL, v);
    }

    /** @param v predictionCol: predicted class index @return a copy with it set */
    public LogisticRegressionModel predictionCol(String v) {
        return with(LogisticRegression.PREDICTION_COL, v);
    }

    /** @param v rawPredictionCol: margins per class (vector) @return a copy with it set */
    public LogisticRegressionModel rawPredictionCol(String v) {
        return with(LogisticRegression.RAW_PREDICTION_COL, v);
    }

    /** @param v probabilityCol: class probabilities (vector) @return a copy with it set */
    public LogisticRegressionModel probabilityCol(String v) {
        return with(LogisticRegression.PROBABILITY_COL, v);
    }

    /** @param v threshold: binary: predict 1 when P(1) &gt; threshold @return a copy with it set */
    public LogisticRegressionModel threshold(double v) {
        return with(LogisticRegression.THRESHOLD, v);
    }

    /** @param v thresholds: per class: predict argmax p_k / t_k (empty: argmax p_k, or threshold for binary) @return a copy with it set */
    public LogisticRegressionModel thresholds(double... v) {
        return with(LogisticRegression.THRESHOLDS, v.clone());
    }

    @Override
    public List<Param<?>> params() {
        return LogisticRegression.PARAMS;
    }

    @Override
    protected LogisticRegressionModel withParams(ParamMap params) {
        return new LogisticRegressionModel(uid(), params, numClasses, multinomial, coefficients, intercepts,
            summary, provenance, featureNames);
    }

    @Override
    public Schema transformSchema(Schema schema) {
        int width = schema.require(get(LogisticRegression.FEATURES_COL), dev.ember.ml.core.data.DataType.VECTOR)
            .vectorSize();
        if (width != coefficients[0].length) {
            throw new InvalidArgumentException("column '" + get(LogisticRegression.FEATURES_COL) + "': found width "
                + width + ", expected " + coefficients[0].length + " (the width the model was fitted on)");
        }
        return LogisticRegression.outputSchema(schema, this, numClasses);
    }

    @Override
    public Frame transform(Frame frame) {
        Schema out = transformSchema(frame.schema());
        int d = coefficients[0].length;
        double[] flat = new double[coefficients.length * d];
        for (int c = 0; c < coefficients.length; c++) {
            System.arraycopy(coefficients[c], 0, flat, c * d, d);
        }
        return frame.mapPartitions(MapCall.of(ClassificationKernels.LogisticPredict.class, KernelParams.builder()
            .put("featuresCol", get(LogisticRegression.FEATURES_COL))
            .put("rawPredictionCol", get(LogisticRegression.RAW_PREDICTION_COL))
            .put("probabilityCol", get(LogisticRegression.PROBABILITY_COL))
            .put("predictionCol", get(LogisticRegression.PREDICTION_COL))
            .put("coefficients", flat)
            .put("intercepts", intercepts)
            .put("numClasses", (long) numClasses)
            .put("multinomial", multinomial)
            .put("threshold", get(LogisticRegression.THRESHOLD))
            .put("thresholds", get(LogisticRegression.THRESHOLDS))
            .build()), out);
    }

    @Override
    public double[] objectiveHistory() {
        return summary.objectiveHistory();
    }

    @Override
    public Provenance provenance() {
        return provenance;
    }

    @Override
    public void writeData(StageWriter writer) {
        writer.matrix("coefficients", coefficients);
        writer.array("intercepts", intercepts);
        ObjectNode meta = JsonNodeFactory.instance.objectNode();
        meta.put("numClasses", numClasses);
        meta.put("multinomial", multinomial);
        meta.put("iterations", summary.iterations());
        meta.put("evaluations", summary.evaluations());
        meta.put("convergence", summary.convergence());
        writer.json("model", meta);
        writer.array("objectiveHistory", summary.objectiveHistory());
        FeatureNames.write(writer, featureNames);
    }

    static LogisticRegressionModel load(StageReader r) {
        var meta = r.json("model");
        LogisticRegressionSummary s = new LogisticRegressionSummary(r.array("objectiveHistory"),
            meta.path("iterations").asInt(), meta.path("evaluations").asInt(), meta.path("convergence").asText());
        return new LogisticRegressionModel(r.uid(), r.params(LogisticRegression.PARAMS),
            meta.path("numClasses").asInt(), meta.path("multinomial").asBoolean(), r.matrix("coefficients"),
            r.array("intercepts"), s, r.provenance(), FeatureNames.read(r));
    }
}
