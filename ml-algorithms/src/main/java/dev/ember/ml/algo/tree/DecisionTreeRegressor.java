package dev.ember.ml.algo.tree;

import com.google.errorprone.annotations.CheckReturnValue;
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
@CheckReturnValue
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

    /** @param v featuresCol: features vector column @return a copy with it set */
    public DecisionTreeRegressor featuresCol(String v) {
        return with(TreeParams.FEATURES_COL, v);
    }

    /** @param v labelCol: label column: a class index 0..k-1 for classifiers, a number for regressors @return a copy with it set */
    public DecisionTreeRegressor labelCol(String v) {
        return with(TreeParams.LABEL_COL, v);
    }

    /** @param v weightCol: row weight column (empty: every row weighs 1) @return a copy with it set */
    public DecisionTreeRegressor weightCol(String v) {
        return with(TreeParams.WEIGHT_COL, v);
    }

    /** @param v predictionCol: predicted label @return a copy with it set */
    public DecisionTreeRegressor predictionCol(String v) {
        return with(TreeParams.PREDICTION_COL, v);
    }

    /** @param v minInstancesPerNode: fewest rows each child of a split must have (&gt;= 1) @return a copy with it set */
    public DecisionTreeRegressor minInstancesPerNode(int v) {
        return with(TreeParams.MIN_INSTANCES_PER_NODE, v);
    }

    /** @param v minInfoGain: least information gain of a split (impurity decrease per unit weight; per unit hessian for boosting) @return a copy with it set */
    public DecisionTreeRegressor minInfoGain(double v) {
        return with(TreeParams.MIN_INFO_GAIN, v);
    }

    /** @param v aggregationDepth: depth of the tree-aggregate (&gt;= 1) @return a copy with it set */
    public DecisionTreeRegressor aggregationDepth(int v) {
        return with(TreeParams.AGGREGATION_DEPTH, v);
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
