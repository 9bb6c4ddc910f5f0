package dev.ember.ml.algo.tree;

import dev.ember.ml.core.Provenance;
import dev.ember.ml.core.param.Param;
import dev.ember.ml.core.param.ParamMap;
import dev.ember.ml.core.persist.StageReader;

import java.util.List;

/** A fitted {@link RandomForestClassifier}: the probability is the mean of the trees' leaf probabilities. */
public final class RandomForestClassificationModel extends TreeEnsembleModel<RandomForestClassificationModel> {

    RandomForestClassificationModel(String uid, ParamMap params, Forest forest, Provenance provenance) {
        super(uid, params, forest, provenance);
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
