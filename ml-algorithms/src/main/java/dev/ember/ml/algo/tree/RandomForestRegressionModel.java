package dev.ember.ml.algo.tree;

import com.google.errorprone.annotations.CheckReturnValue;
import dev.ember.ml.core.Provenance;
import dev.ember.ml.core.param.Param;
import dev.ember.ml.core.param.ParamMap;
import dev.ember.ml.core.persist.StageReader;

import java.util.List;

/** A fitted {@link RandomForestRegressor}: the prediction is the mean of the trees'. */
@CheckReturnValue
public final class RandomForestRegressionModel extends TreeEnsembleModel<RandomForestRegressionModel> {

    RandomForestRegressionModel(String uid, ParamMap params, Forest forest, Provenance provenance) {
        super(uid, params, forest, provenance);
    }

    /** @param v featuresCol: features vector column @return a copy with it set */
    public RandomForestRegressionModel featuresCol(String v) {
        return with(TreeParams.FEATURES_COL, v);
    }

    /** @param v predictionCol: predicted label @return a copy with it set */
    public RandomForestRegressionModel predictionCol(String v) {
        return with(TreeParams.PREDICTION_COL, v);
    }

    @Override
    public List<Param<?>> params() {
        return RandomForestRegressor.PARAMS;
    }

    @Override
    protected RandomForestRegressionModel withParams(ParamMap params) {
        return new RandomForestRegressionModel(uid(), params, forest, provenance());
    }

    static RandomForestRegressionModel load(StageReader reader) {
        return new RandomForestRegressionModel(reader.uid(), reader.params(RandomForestRegressor.PARAMS), Forest.read(reader), reader.provenance());
    }
}
