package dev.ember.ml.algo.tree;

import dev.ember.ml.core.Provenance;
import dev.ember.ml.core.param.Param;
import dev.ember.ml.core.param.ParamMap;
import dev.ember.ml.core.persist.StageReader;

import java.util.List;

/** A fitted {@link GBTClassifier}: margin {@code F = initScore + sum of trees}, probability {@code 1 / (1 + exp(-F))}. */
public final class GBTClassificationModel extends TreeEnsembleModel<GBTClassificationModel> {

    GBTClassificationModel(String uid, ParamMap params, Forest forest, Provenance provenance) {
        super(uid, params, forest, provenance);
    }

    @Override
    public List<Param<?>> params() {
        return GBTClassifier.PARAMS;
    }

    @Override
    protected GBTClassificationModel withParams(ParamMap params) {
        return new GBTClassificationModel(uid(), params, forest, provenance());
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
        return new GBTClassificationModel(reader.uid(), reader.params(GBTClassifier.PARAMS), Forest.read(reader), reader.provenance());
    }
}
