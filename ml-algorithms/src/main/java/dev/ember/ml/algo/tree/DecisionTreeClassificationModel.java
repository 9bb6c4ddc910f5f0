package dev.ember.ml.algo.tree;

import com.google.errorprone.annotations.CheckReturnValue;
import dev.ember.ml.core.Provenance;
import dev.ember.ml.core.param.Param;
import dev.ember.ml.core.param.ParamMap;
import dev.ember.ml.core.persist.StageReader;

import java.util.List;

/** A fitted {@link DecisionTreeClassifier}: one Gini tree whose leaves hold class probabilities. */
@CheckReturnValue
public final class DecisionTreeClassificationModel extends TreeEnsembleModel<DecisionTreeClassificationModel> {

    DecisionTreeClassificationModel(String uid, ParamMap params, Forest forest, Provenance provenance) {
        super(uid, params, forest, provenance);
    }

    /** @param v featuresCol: features vector column @return a copy with it set */
    public DecisionTreeClassificationModel featuresCol(String v) {
        return with(TreeParams.FEATURES_COL, v);
    }

    /** @param v predictionCol: predicted label @return a copy with it set */
    public DecisionTreeClassificationModel predictionCol(String v) {
        return with(TreeParams.PREDICTION_COL, v);
    }

    /** @param v rawPredictionCol: raw scores per class (vector): summed tree probabilities for forests, [-F, F] for boosting @return a copy with it set */
    public DecisionTreeClassificationModel rawPredictionCol(String v) {
        return with(TreeParams.RAW_PREDICTION_COL, v);
    }

    /** @param v probabilityCol: class probabilities (vector) @return a copy with it set */
    public DecisionTreeClassificationModel probabilityCol(String v) {
        return with(TreeParams.PROBABILITY_COL, v);
    }

    @Override
    public List<Param<?>> params() {
        return DecisionTreeClassifier.PARAMS;
    }

    @Override
    protected DecisionTreeClassificationModel withParams(ParamMap params) {
        return new DecisionTreeClassificationModel(uid(), params, forest, provenance());
    }

    /** @return the number of classes */
    public int numClasses() {
        return forest.numClasses();
    }

    /** @return the tree */
    public DecisionTree tree() {
        return forest.trees().get(0);
    }

    static DecisionTreeClassificationModel load(StageReader reader) {
        return new DecisionTreeClassificationModel(reader.uid(), reader.params(DecisionTreeClassifier.PARAMS), Forest.read(reader), reader.provenance());
    }
}
