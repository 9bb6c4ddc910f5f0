package dev.ember.ml.algo.tree;

import com.google.errorprone.annotations.CheckReturnValue;
import dev.ember.ml.core.Provenance;
import dev.ember.ml.core.param.Param;
import dev.ember.ml.core.param.ParamMap;
import dev.ember.ml.core.persist.StageReader;

import java.util.List;

/** A fitted {@link DecisionTreeRegressor}: one variance tree whose leaves hold means. */
@CheckReturnValue
public final class DecisionTreeRegressionModel extends TreeEnsembleModel<DecisionTreeRegressionModel> {

    DecisionTreeRegressionModel(String uid, ParamMap params, Forest forest, Provenance provenance) {
        super(uid, params, forest, provenance);
    }

    /** @param v featuresCol: features vector column @return a copy with it set */
    public DecisionTreeRegressionModel featuresCol(String v) {
        return with(TreeParams.FEATURES_COL, v);
    }

    /** @param v predictionCol: predicted label @return a copy with it set */
    public DecisionTreeRegressionModel predictionCol(String v) {
        return with(TreeParams.PREDICTION_COL, v);
    }

    @Override
    public List<Param<?>> params() {
        return DecisionTreeRegressor.PARAMS;
    }

    @Override
    protected DecisionTreeRegressionModel withParams(ParamMap params) {
        return new DecisionTreeRegressionModel(uid(), params, forest, provenance());
    }

    /** @return the tree */
    public DecisionTree tree() {
        return forest.trees().get(0);
    }

    static DecisionTreeRegressionModel load(StageReader reader) {
        return new DecisionTreeRegressionModel(reader.uid(), reader.params(DecisionTreeRegressor.PARAMS), Forest.read(reader), reader.provenance());
    }
}
