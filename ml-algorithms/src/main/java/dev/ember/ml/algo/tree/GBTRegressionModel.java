package dev.ember.ml.algo.tree;

import com.google.errorprone.annotations.CheckReturnValue;
import dev.ember.ml.core.Provenance;
import dev.ember.ml.core.param.Param;
import dev.ember.ml.core.param.ParamMap;
import dev.ember.ml.core.persist.StageReader;
import dev.ember.ml.core.persist.StageWriter;
import dev.ember.ml.core.tracking.HasObjectiveHistory;

import java.util.List;

/** A fitted {@link GBTRegressor}: the prediction is {@code initScore + sum of trees}. */
@CheckReturnValue
public final class GBTRegressionModel extends TreeEnsembleModel<GBTRegressionModel> implements HasObjectiveHistory {
    private final double[] lossHistory;

    GBTRegressionModel(String uid, ParamMap params, Forest forest, double[] lossHistory, Provenance provenance) {
        super(uid, params, forest, provenance);
        this.lossHistory = lossHistory.clone();
    }

    /** @return the mean training loss at the margins of 0, 1, ... trees (logged as the metric {@code loss}) */
    @Override
    public double[] objectiveHistory() {
        return lossHistory.clone();
    }

    @Override
    public void writeData(StageWriter writer) {
        super.writeData(writer);
        writer.array("objectiveHistory", lossHistory);
    }

    /** @param v featuresCol: features vector column @return a copy with it set */
    public GBTRegressionModel featuresCol(String v) {
        return with(TreeParams.FEATURES_COL, v);
    }

    /** @param v predictionCol: predicted label @return a copy with it set */
    public GBTRegressionModel predictionCol(String v) {
        return with(TreeParams.PREDICTION_COL, v);
    }

    @Override
    public List<Param<?>> params() {
        return GBTRegressor.PARAMS;
    }

    @Override
    protected GBTRegressionModel withParams(ParamMap params) {
        return new GBTRegressionModel(uid(), params, forest, lossHistory, provenance());
    }

    /** @return the prediction before the first tree */
    public double initScore() {
        return forest.initScore();
    }

    static GBTRegressionModel load(StageReader reader) {
        return new GBTRegressionModel(reader.uid(), reader.params(GBTRegressor.PARAMS), Forest.read(reader),
            reader.array("objectiveHistory"), reader.provenance());
    }
}
