package dev.ember.ml.algo.tree;

import dev.ember.ml.core.Provenance;
import dev.ember.ml.core.param.Param;
import dev.ember.ml.core.param.ParamMap;
import dev.ember.ml.core.persist.StageReader;

import java.util.List;

/** A fitted {@link DecisionTreeClassifier}: one Gini tree whose leaves hold class probabilities. */
public final class DecisionTreeClassificationModel extends TreeEnsembleModel<DecisionTreeClassificationModel> {

    DecisionTreeClassificationModel(String uid, ParamMap params, Forest forest, Provenance provenance) {
        super(uid, params, forest, provenance);
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
