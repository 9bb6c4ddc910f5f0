package dev.ember.ml.algo.classification;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.errorprone.annotations.CheckReturnValue;
import dev.ember.ml.algo.FeatureNames;
import dev.ember.ml.core.InvalidArgumentException;
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

/** A fitted {@link LinearSVC}: coefficients and intercept on the original scale. */
@CheckReturnValue
public final class LinearSVCModel extends StageBase<LinearSVCModel>
    implements Model, HasObjectiveHistory {
    private final double[] coefficients;
    private final double intercept;
    private final LogisticRegressionSummary summary;
    private final Provenance provenance;
    private final List<String> featureNames;

    LinearSVCModel(String uid, ParamMap params, double[] coefficients, double intercept,
                   LogisticRegressionSummary summary, Provenance provenance, List<String> featureNames) {
        super(uid, params);
        this.featureNames = featureNames == null ? null : List.copyOf(featureNames);
        this.coefficients = coefficients.clone();
        this.intercept = intercept;
        this.summary = summary;
        this.provenance = provenance;
    }

    /**
     * @return the name of each coefficient: the slot names of the features column it was fitted on, or
     *     {@code features_0, ...} when it had none
     */
    public List<String> featureNames() {
        return FeatureNames.orIndexed(featureNames, get(LinearSVC.FEATURES_COL), coefficients.length);
    }

    /** @return the coefficients by feature name, in feature order */
    public Map<String, Double> coefficientsByName() {
        return FeatureNames.byName(featureNames(), coefficients);
    }

    /** @return the coefficients (a copy) */
    public double[] coefficients() {
        return coefficients.clone();
    }

    /** @return the intercept */
    public double intercept() {
        return intercept;
    }

    /** @return the training summary (objective history, iterations, convergence) */
    public LogisticRegressionSummary summary() {
        return summary;
    }

    /** @param v featuresCol: features vector column @return a copy with it set */
    public LinearSVCModel featuresCol(String v) {
        return with(LinearSVC.FEATURES_COL, v);
    }

    /** @param v predictionCol: predicted class: 0 or 1 @return a copy with it set */
    public LinearSVCModel predictionCol(String v) {
        return with(LinearSVC.PREDICTION_COL, v);
    }

    /** @param v rawPredictionCol: margins [-m, m] (vector) @return a copy with it set */
    public LinearSVCModel rawPredictionCol(String v) {
        return with(LinearSVC.RAW_PREDICTION_COL, v);
    }

    /** @param v threshold: predict 1 when the margin exceeds it @return a copy with it set */
    public LinearSVCModel threshold(double v) {
        return with(LinearSVC.THRESHOLD, v);
    }

    @Override
    public List<Param<?>> params() {
        return LinearSVC.PARAMS;
    }

    @Override
    protected LinearSVCModel withParams(ParamMap params) {
        return new LinearSVCModel(uid(), params, coefficients, intercept, summary, provenance, featureNames);
    }

    @Override
    public Schema transformSchema(Schema schema) {
        int width = schema.require(get(LinearSVC.FEATURES_COL), dev.ember.ml.core.data.DataType.VECTOR)
            .vectorSize();
        if (width != coefficients.length) {
            throw new InvalidArgumentException("column '" + get(LinearSVC.FEATURES_COL) + "': found width " + width
                + ", expected " + coefficients.length + " (the width the model was fitted on)");
        }
        return LinearSVC.outputSchema(schema, this);
    }

    @Override
    public Frame transform(Frame frame) {
        Schema out = transformSchema(frame.schema());
        return frame.mapPartitions(MapCall.of(ClassificationKernels.MarginPredict.class, KernelParams.builder()
            .put("featuresCol", get(LinearSVC.FEATURES_COL))
            .put("rawPredictionCol", get(LinearSVC.RAW_PREDICTION_COL))
            .put("predictionCol", get(LinearSVC.PREDICTION_COL))
            .put("coefficients", coefficients)
            .put("intercept", intercept)
            .put("threshold", get(LinearSVC.THRESHOLD))
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
        writer.array("coefficients", coefficients);
        writer.array("objectiveHistory", summary.objectiveHistory());
        ObjectNode meta = JsonNodeFactory.instance.objectNode();
        meta.put("intercept", intercept);
        meta.put("iterations", summary.iterations());
        meta.put("evaluations", summary.evaluations());
        meta.put("convergence", summary.convergence());
        writer.json("model", meta);
        FeatureNames.write(writer, featureNames);
    }

    static LinearSVCModel load(StageReader r) {
        var meta = r.json("model");
        return new LinearSVCModel(r.uid(), r.params(LinearSVC.PARAMS), r.array("coefficients"),
            meta.path("intercept").asDouble(), new LogisticRegressionSummary(r.array("objectiveHistory"),
            meta.path("iterations").asInt(), meta.path("evaluations").asInt(), meta.path("convergence").asText()),
            r.provenance(), FeatureNames.read(r));
    }
}
