package dev.ember.ml.algo.tree;

import com.google.errorprone.annotations.CheckReturnValue;
import dev.ember.ml.core.Provenance;
import dev.ember.ml.core.param.Param;
import dev.ember.ml.core.param.ParamMap;
import dev.ember.ml.core.persist.StageReader;

import java.util.List;

/** A fitted {@link RandomForestClassifier}: the probability is the mean of the trees' leaf probabilities. */
@CheckReturnValue
public final class RandomForestClassificationModel extends TreeEnsembleModel<RandomForestClassificationModel> {

    RandomForestClassificationModel(String uid, ParamMap params, Forest forest, Provenance provenance) {
        super(uid, params, forest, provenance);
    }

    /** @param v featuresCol: features vector column @return a copy with it set */
    public RandomForestClassificationModel featuresCol(String v) {
        return with(TreeParams.FEATURES_COL, v);
    }

    /** @param v predictionCol: predicted label @return a copy with it set */
    public RandomForestClassificationModel predictionCol(String v) {
        return with(TreeParams.PREDICTION_COL, v);
    }

    /** @param v rawPredictionCol: raw scores per class (vector): summed tree probabilities for forests, [-F, F] for boosting @return a copy with it set */
    public RandomForestClassificationModel rawPredictionCol(String v) {
        return with(TreeParams.RAW_PREDICTION_COL, v);
    }

    /** @param v probabilityCol: class probabilities (vector) @return a copy with it set */
    public RandomForestClassificationModel probabilityCol(String v) {
        return with(TreeParams.PROBABILITY_COL, v);
    }

    @Override
    public List<Param<?>> params() {
        return RandomForestClassifier.PARAMS;
    }

    @Override
    protected RandomForestClassificationModel withParams(ParamMap params) {
        return new RandomForestClassificationModel(uid(), params, forest, provenance());
    }

    /** @return the number of classes */
    public int numClasses() {
        return forest.numClasses();
    }

    static RandomForestClassificationModel load(StageReader reader) {
        return new RandomForestClassificationModel(reader.uid(), reader.params(RandomForestClassifier.PARAMS), Forest.read(reader), reader.provenance());
    }
}
