package dev.ember.ml.algo.tree;

import com.google.errorprone.annotations.CheckReturnValue;
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
@CheckReturnValue
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

    /** @param v featuresCol: features vector column @return a copy with it set */
    public GBTRegressor featuresCol(String v) {
        return with(TreeParams.FEATURES_COL, v);
    }

    /** @param v labelCol: label column: a class index 0..k-1 for classifiers, a number for regressors @return a copy with it set */
    public GBTRegressor labelCol(String v) {
        return with(TreeParams.LABEL_COL, v);
    }

    /** @param v weightCol: row weight column (empty: every row weighs 1) @return a copy with it set */
    public GBTRegressor weightCol(String v) {
        return with(TreeParams.WEIGHT_COL, v);
    }

    /** @param v predictionCol: predicted label @return a copy with it set */
    public GBTRegressor predictionCol(String v) {
        return with(TreeParams.PREDICTION_COL, v);
    }

    /** @param v minInfoGain: least information gain of a split (impurity decrease per unit weight; per unit hessian for boosting) @return a copy with it set */
    public GBTRegressor minInfoGain(double v) {
        return with(TreeParams.MIN_INFO_GAIN, v);
    }

    /** @param v subsamplingRate: fraction of rows each tree learns from, in (0, 1] @return a copy with it set */
    public GBTRegressor subsamplingRate(double v) {
        return with(TreeParams.SUBSAMPLING_RATE, v);
    }

    /** @param v featureSubsetStrategy: features each node considers: all (auto), onethird, sqrt, log2, a fraction in (0, 1] or a count n @return a copy with it set */
    public GBTRegressor featureSubsetStrategy(String v) {
        return with(TreeParams.GBT_FEATURE_SUBSET_STRATEGY, v);
    }

    /** @param v validationIndicatorCol: boolean column: true rows are held out to stop boosting early (empty: no early stopping) @return a copy with it set */
    public GBTRegressor validationIndicatorCol(String v) {
        return with(TreeParams.VALIDATION_INDICATOR_COL, v);
    }

    /** @param v validationTol: stop when the validation loss improves by less than validationTol * max(loss, 0.01) (Spark's rule) @return a copy with it set */
    public GBTRegressor validationTol(double v) {
        return with(TreeParams.VALIDATION_TOL, v);
    }

    /** @param v minHessianPerLeaf: least hessian sum of a leaf (LightGBM's min_sum_hessian_in_leaf) @return a copy with it set */
    public GBTRegressor minHessianPerLeaf(double v) {
        return with(TreeParams.MIN_HESSIAN_PER_LEAF, v);
    }

    /** @param v regParam: L2 penalty on leaf values (LightGBM's lambda_l2) @return a copy with it set */
    public GBTRegressor regParam(double v) {
        return with(TreeParams.REG_PARAM, v);
    }

    /** @param v lossType: the loss: squared @return a copy with it set */
    public GBTRegressor lossType(String v) {
        return with(LOSS_TYPE, v);
    }

    /** @param v aggregationDepth: depth of the tree-aggregate (&gt;= 1) @return a copy with it set */
    public GBTRegressor aggregationDepth(int v) {
        return with(TreeParams.AGGREGATION_DEPTH, v);
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
        BoostingTraining.Boosted b = BoostingTraining.fit(this, frame, bins, task, labels.mean(), m, provenance,
            (forest, losses) -> new GBTRegressionModel(uid(), paramMap(), forest, losses, provenance.finish()));
        return new GBTRegressionModel(uid(), paramMap(), b.forest(), b.lossHistory(), provenance.finish());
    }

    static GBTRegressor load(StageReader reader) {
        return new GBTRegressor(reader.uid(), reader.params(PARAMS));
    }
}
