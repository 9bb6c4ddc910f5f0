package dev.ember.ml.algo.tree;

import com.google.errorprone.annotations.CheckReturnValue;
import dev.ember.ml.core.Provenance;
import dev.ember.ml.core.param.Param;
import dev.ember.ml.core.param.ParamMap;
import dev.ember.ml.core.persist.StageReader;
import dev.ember.ml.core.persist.StageWriter;
import dev.ember.ml.core.tracking.HasObjectiveHistory;

import java.util.List;

/** A fitted {@link GBTClassifier}: margin {@code F = initScore + sum of trees}, probability {@code 1 / (1 + exp(-F))}. */
@CheckReturnValue
public final class GBTClassificationModel extends TreeEnsembleModel<GBTClassificationModel> implements HasObjectiveHistory {
    private final double[] lossHistory;

    GBTClassificationModel(String uid, ParamMap params, Forest forest, double[] lossHistory, Provenance provenance) {
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
    public GBTClassificationModel featuresCol(String v) {
        return with(TreeParams.FEATURES_COL, v);
    }

    /** @param v predictionCol: predicted label @return a copy with it set */
    public GBTClassificationModel predictionCol(String v) {
        return with(TreeParams.PREDICTION_COL, v);
    }

    /** @param v rawPredictionCol: raw scores per class (vector): summed tree probabilities for forests, [-F, F] for boosting @return a copy with it set */
    public GBTClassificationModel rawPredictionCol(String v) {
        return with(TreeParams.RAW_PREDICTION_COL, v);
    }

    /** @param v probabilityCol: class probabilities (vector) @return a copy with it set */
    public GBTClassificationModel probabilityCol(String v) {
        return with(TreeParams.PROBABILITY_COL, v);
    }

    @Override
    public List<Param<?>> params() {
        return GBTClassifier.PARAMS;
    }

    @Override
    protected GBTClassificationModel withParams(ParamMap params) {
        return new GBTClassificationModel(uid(), params, forest, lossHistory, provenance());
    }

    /** @return the number of classes */
    public int numClasses() {
        return forest.numClasses();
    }

    /** @return the margin before the first tree */
    public double initScore() {
        return forest.initScore();
    }

    static GBTClassificationModel load(StageReader reader) {
        return new GBTClassificationModel(reader.uid(), reader.params(GBTClassifier.PARAMS), Forest.read(reader),
            reader.array("objectiveHistory"), reader.provenance());
    }
}
