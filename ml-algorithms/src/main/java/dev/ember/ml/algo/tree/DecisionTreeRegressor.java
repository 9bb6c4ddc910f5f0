package dev.ember.ml.algo.tree;

import dev.ember.ml.algo.tree.hist.FeatureBins;
import dev.ember.ml.core.Provenance;
import dev.ember.ml.core.Uids;
import dev.ember.ml.core.data.Frame;
import dev.ember.ml.core.param.Param;
import dev.ember.ml.core.param.ParamMap;
import dev.ember.ml.core.persist.StageReader;

import java.util.List;

/**
 * A decision tree regressor (CART) with Spark's params: variance splits on binned features, grown depth-wise to
 * {@code maxDepth} by one histogram pass per level; leaves hold the mean label.
 */
public final class DecisionTreeRegressor extends TreeEstimatorBase<DecisionTreeRegressor, DecisionTreeRegressionModel> {
    static final List<Param<?>> PARAMS = List.of(TreeParams.FEATURES_COL, TreeParams.LABEL_COL, TreeParams.WEIGHT_COL,
        TreeParams.PREDICTION_COL, TreeParams.MAX_DEPTH, TreeParams.MAX_BINS, TreeParams.MIN_INSTANCES_PER_NODE,
        TreeParams.MIN_INFO_GAIN, TreeParams.SEED, TreeParams.AGGREGATION_DEPTH);

    /** A new estimator with Spark's defaults (and {@code maxBins} 255). */
    public DecisionTreeRegressor() {
        this(Uids.random("DecisionTreeRegressor"), ParamMap.empty());
    }

    private DecisionTreeRegressor(String uid, ParamMap params) {
        super(uid, params);
    }

    /** @param depth maxDepth @return a copy with it set */
    public DecisionTreeRegressor maxDepth(int depth) {
        return with(TreeParams.MAX_DEPTH, depth);
    }

    /** @param bins maxBins @return a copy with it set */
    public DecisionTreeRegressor maxBins(int bins) {
        return with(TreeParams.MAX_BINS, bins);
    }

    /** @param seed the seed @return a copy with it set */
    public DecisionTreeRegressor seed(long seed) {
        return with(TreeParams.SEED, seed);
    }

    @Override
    public List<Param<?>> params() {
        return PARAMS;
    }

    @Override
    protected DecisionTreeRegressor withParams(ParamMap params) {
        return new DecisionTreeRegressor(uid(), params);
    }

    @Override
    boolean classifier() {
        return false;
    }

    @Override
    DecisionTreeRegressionModel fitBinned(Frame frame, FeatureBins bins, LabelInfo labels, Provenance.Recorder provenance) {
        Forest forest = ForestTraining.fit(this, frame, bins, 0, 1, 1.0, false, bins.numFeatures(), provenance);
        return new DecisionTreeRegressionModel(uid(), paramMap(), forest, provenance.finish());
    }

    static DecisionTreeRegressor load(StageReader reader) {
        return new DecisionTreeRegressor(reader.uid(), reader.params(PARAMS));
    }
}
