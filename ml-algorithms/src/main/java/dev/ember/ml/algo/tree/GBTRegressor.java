package dev.ember.ml.algo.tree;

import dev.ember.ml.algo.tree.hist.FeatureBins;
import dev.ember.ml.algo.tree.hist.TreeTask;
import dev.ember.ml.core.Provenance;
import dev.ember.ml.core.Uids;
import dev.ember.ml.core.data.Frame;
import dev.ember.ml.core.param.Param;
import dev.ember.ml.core.param.ParamMap;
import dev.ember.ml.core.param.ParamValidators;
import dev.ember.ml.core.persist.StageReader;

import java.util.List;

/**
 * Gradient-boosted regression trees (squared loss), on histograms.
 *
 * <p>Params: Spark's ({@code maxIter} trees, {@code stepSize}, {@code maxDepth}, {@code minInstancesPerNode},
 * {@code minInfoGain}, {@code subsamplingRate}, {@code featureSubsetStrategy}, {@code seed},
 * {@code validationIndicatorCol}, {@code validationTol}) with Spark's defaults, and Ember's: {@code maxBins} (255),
 * {@code maxLeaves} (leaf-wise growth as LightGBM's {@code num_leaves}), {@code minHessianPerLeaf} and
 * {@code regParam} (L2 on leaf values). Unlike Spark, leaves are Newton steps and the margins start at the loss's
 * optimal constant (as LightGBM and XGBoost); see {@link BoostingTraining}.
 */
public final class GBTRegressor extends TreeEstimatorBase<GBTRegressor, GBTRegressionModel> {
    /** The loss. */
    public static final Param<String> LOSS_TYPE = Param.ofString("lossType", "the loss: squared", "squared",
        ParamValidators.oneOf("squared"));

    static final List<Param<?>> PARAMS = List.of(TreeParams.FEATURES_COL, TreeParams.LABEL_COL, TreeParams.WEIGHT_COL,
        TreeParams.PREDICTION_COL,
        TreeParams.MAX_DEPTH, TreeParams.MAX_BINS, TreeParams.MIN_INSTANCES_PER_NODE, TreeParams.MIN_INFO_GAIN,
        TreeParams.SEED, TreeParams.MAX_ITER, TreeParams.STEP_SIZE, TreeParams.SUBSAMPLING_RATE,
        TreeParams.GBT_FEATURE_SUBSET_STRATEGY, TreeParams.VALIDATION_INDICATOR_COL, TreeParams.VALIDATION_TOL,
        TreeParams.MAX_LEAVES, TreeParams.MIN_HESSIAN_PER_LEAF, TreeParams.REG_PARAM, LOSS_TYPE,
        TreeParams.AGGREGATION_DEPTH);

    /** A new estimator with Spark's defaults (and {@code maxBins} 255). */
    public GBTRegressor() {
        this(Uids.random("GBTRegressor"), ParamMap.empty());
    }

    private GBTRegressor(String uid, ParamMap params) {
        super(uid, params);
    }

    /** @param n maxIter, the number of trees @return a copy with it set */
    public GBTRegressor maxIter(int n) {
        return with(TreeParams.MAX_ITER, n);
    }

    /** @param eta stepSize @return a copy with it set */
    public GBTRegressor stepSize(double eta) {
        return with(TreeParams.STEP_SIZE, eta);
    }

    /** @param depth maxDepth @return a copy with it set */
    public GBTRegressor maxDepth(int depth) {
        return with(TreeParams.MAX_DEPTH, depth);
    }

    /** @param leaves maxLeaves (0: depth-wise growth) @return a copy with it set */
    public GBTRegressor maxLeaves(int leaves) {
        return with(TreeParams.MAX_LEAVES, leaves);
    }

    /** @param bins maxBins @return a copy with it set */
    public GBTRegressor maxBins(int bins) {
        return with(TreeParams.MAX_BINS, bins);
    }

    /** @param n minInstancesPerNode @return a copy with it set */
    public GBTRegressor minInstancesPerNode(int n) {
        return with(TreeParams.MIN_INSTANCES_PER_NODE, n);
    }

    /** @param seed the seed @return a copy with it set */
    public GBTRegressor seed(long seed) {
        return with(TreeParams.SEED, seed);
    }

    @Override
    public List<Param<?>> params() {
        return PARAMS;
    }

    @Override
    protected GBTRegressor withParams(ParamMap params) {
        return new GBTRegressor(uid(), params);
    }

    @Override
    boolean classifier() {
        return false;
    }

    @Override
    GBTRegressionModel fitBinned(Frame frame, FeatureBins bins, LabelInfo labels, Provenance.Recorder provenance) {
        TreeTask task = TreeTask.SQUARED;
        int m = TreeParams.featuresPerNode(get(TreeParams.GBT_FEATURE_SUBSET_STRATEGY), bins.numFeatures(), "all");
        BoostingTraining.Boosted b = BoostingTraining.fit(this, frame, bins, task, labels.mean(), m, provenance);
        return new GBTRegressionModel(uid(), paramMap(), b.forest(), b.lossHistory(), provenance.finish());
    }

    static GBTRegressor load(StageReader reader) {
        return new GBTRegressor(reader.uid(), reader.params(PARAMS));
    }
}
