package dev.ember.ml.algo.tree;

import dev.ember.ml.core.Provenance;
import dev.ember.ml.core.param.Param;
import dev.ember.ml.core.param.ParamMap;
import dev.ember.ml.core.persist.StageReader;

import java.util.List;

/** A fitted {@link GBTRegressor}: the prediction is {@code initScore + sum of trees}. */
public final class GBTRegressionModel extends TreeEnsembleModel<GBTRegressionModel> {

    GBTRegressionModel(String uid, ParamMap params, Forest forest, Provenance provenance) {
        super(uid, params, forest, provenance);
    }

    @Override
    public List<Param<?>> params() {
        return GBTRegressor.PARAMS;
    }

    @Override
    protected GBTRegressionModel withParams(ParamMap params) {
        return new GBTRegressionModel(uid(), params, forest, provenance());
    }

    /** @return the prediction before the first tree */
    public double initScore() {
        return forest.initScore();
    }

    static GBTRegressionModel load(StageReader reader) {
        return new GBTRegressionModel(reader.uid(), reader.params(GBTRegressor.PARAMS), Forest.read(reader), reader.provenance());
    }
}
