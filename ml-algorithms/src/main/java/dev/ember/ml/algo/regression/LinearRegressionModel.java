package dev.ember.ml.algo.regression;

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

/** A fitted {@link LinearRegression}: coefficients and intercept on the original scale. */
@CheckReturnValue
public final class LinearRegressionModel extends StageBase<LinearRegressionModel>
    implements Model, HasObjectiveHistory {
    private final double[] coefficients;
    private final double intercept;
    private final LinearRegressionSummary summary;
    private final Provenance provenance;
    private final List<String> featureNames;

    LinearRegressionModel(String uid, ParamMap params, double[] coefficients, double intercept,
                          LinearRegressionSummary summary, Provenance provenance, List<String> featureNames) {
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
        return FeatureNames.orIndexed(featureNames, get(LinearRegression.FEATURES_COL), coefficients.length);
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

    /** @return the training summary */
    public LinearRegressionSummary summary() {
        return summary;
    }

    /** @param v featuresCol: features vector column @return a copy with it set */
    public LinearRegressionModel featuresCol(String v) {
        return with(LinearRegression.FEATURES_COL, v);
    }

    /** @param v predictionCol: prediction column @return a copy with it set */
    public LinearRegressionModel predictionCol(String v) {
        return with(LinearRegression.PREDICTION_COL, v);
    }

    @Override
    public List<Param<?>> params() {
        return LinearRegression.PARAMS;
    }

    @Override
    protected LinearRegressionModel withParams(ParamMap params) {
        return new LinearRegressionModel(uid(), params, coefficients, intercept, summary, provenance, featureNames);
    }

    @Override
    public Schema transformSchema(Schema schema) {
        int width = schema.require(get(LinearRegression.FEATURES_COL), dev.ember.ml.core.data.DataType.VECTOR)
            .vectorSize();
        if (width != coefficients.length) {
            throw new InvalidArgumentException("column '" + get(LinearRegression.FEATURES_COL) + "': found width "
                + width + ", expected " + coefficients.length + " (the width the model was fitted on)");
        }
        return LinearRegression.outputSchema(schema, this);
    }

    @Override
    public Frame transform(Frame frame) {
        Schema out = transformSchema(frame.schema());
        return frame.mapPartitions(MapCall.of(RegressionKernels.LinearPredict.class, KernelParams.builder()
            .put("featuresCol", get(LinearRegression.FEATURES_COL))
            .put("predictionCol", get(LinearRegression.PREDICTION_COL))
            .put("coefficients", coefficients)
            .put("intercept", intercept)
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

    static LinearRegressionModel load(StageReader r) {
        var meta = r.json("model");
        return new LinearRegressionModel(r.uid(), r.params(LinearRegression.PARAMS), r.array("coefficients"),
            meta.path("intercept").asDouble(), new LinearRegressionSummary(r.array("objectiveHistory"),
            meta.path("iterations").asInt(), meta.path("evaluations").asInt(), meta.path("convergence").asText()),
            r.provenance(), FeatureNames.read(r));
    }
}
