package dev.ember.ml.algo.tree;

import com.google.errorprone.annotations.CheckReturnValue;
import dev.ember.ml.algo.tree.hist.FeatureBins;
import dev.ember.ml.algo.stat.LabelClasses;
import dev.ember.ml.core.Provenance;
import dev.ember.ml.core.Uids;
import dev.ember.ml.core.data.Frame;
import dev.ember.ml.core.param.Param;
import dev.ember.ml.core.param.ParamMap;
import dev.ember.ml.core.persist.StageReader;

import java.util.List;

/**
 * A random forest classifier (Breiman 2001) with Spark's params and defaults: {@code numTrees} Gini trees, each
 * on a Poisson bootstrap of the rows ({@code bootstrap}, {@code subsamplingRate}) with {@code sqrt(d)} candidate
 * features per node ({@code featureSubsetStrategy} auto), over the features binned once and shared by all trees.
 * The probability is the mean of the trees' leaf class probabilities.
 */
@CheckReturnValue
public final class RandomForestClassifier extends TreeEstimatorBase<RandomForestClassifier, RandomForestClassificationModel> {
    static final List<Param<?>> PARAMS = List.of(TreeParams.FEATURES_COL, TreeParams.LABEL_COL, TreeParams.WEIGHT_COL,
        TreeParams.PREDICTION_COL, TreeParams.RAW_PREDICTION_COL, TreeParams.PROBABILITY_COL, TreeParams.MAX_DEPTH,
        TreeParams.MAX_BINS, TreeParams.MIN_INSTANCES_PER_NODE, TreeParams.MIN_INFO_GAIN, TreeParams.SEED,
        TreeParams.NUM_TREES, TreeParams.FOREST_FEATURE_SUBSET_STRATEGY, TreeParams.SUBSAMPLING_RATE,
        TreeParams.BOOTSTRAP, TreeParams.AGGREGATION_DEPTH);

    /** A new estimator with Spark's defaults (and {@code maxBins} 255). */
    public RandomForestClassifier() {
        this(Uids.random("RandomForestClassifier"), ParamMap.empty());
    }

    private RandomForestClassifier(String uid, ParamMap params) {
        super(uid, params);
    }

    /** @param depth maxDepth @return a copy with it set */
    public RandomForestClassifier maxDepth(int depth) {
        return with(TreeParams.MAX_DEPTH, depth);
    }

    /** @param bins maxBins @return a copy with it set */
    public RandomForestClassifier maxBins(int bins) {
        return with(TreeParams.MAX_BINS, bins);
    }

    /** @param seed the seed @return a copy with it set */
    public RandomForestClassifier seed(long seed) {
        return with(TreeParams.SEED, seed);
    }

    /** @param n numTrees @return a copy with it set */
    public RandomForestClassifier numTrees(int n) {
        return with(TreeParams.NUM_TREES, n);
    }

    /** @param strategy featureSubsetStrategy @return a copy with it set */
    public RandomForestClassifier featureSubsetStrategy(String strategy) {
        return with(TreeParams.FOREST_FEATURE_SUBSET_STRATEGY, strategy);
    }

    /** @param v featuresCol: features vector column @return a copy with it set */
    public RandomForestClassifier featuresCol(String v) {
        return with(TreeParams.FEATURES_COL, v);
    }

    /** @param v labelCol: label column: a class index 0..k-1 for classifiers, a number for regressors @return a copy with it set */
    public RandomForestClassifier labelCol(String v) {
        return with(TreeParams.LABEL_COL, v);
    }

    /** @param v weightCol: row weight column (empty: every row weighs 1) @return a copy with it set */
    public RandomForestClassifier weightCol(String v) {
        return with(TreeParams.WEIGHT_COL, v);
    }

    /** @param v predictionCol: predicted label @return a copy with it set */
    public RandomForestClassifier predictionCol(String v) {
        return with(TreeParams.PREDICTION_COL, v);
    }

    /** @param v rawPredictionCol: raw scores per class (vector): summed tree probabilities for forests, [-F, F] for boosting @return a copy with it set */
    public RandomForestClassifier rawPredictionCol(String v) {
        return with(TreeParams.RAW_PREDICTION_COL, v);
    }

    /** @param v probabilityCol: class probabilities (vector) @return a copy with it set */
    public RandomForestClassifier probabilityCol(String v) {
        return with(TreeParams.PROBABILITY_COL, v);
    }

    /** @param v minInstancesPerNode: fewest rows each child of a split must have (&gt;= 1) @return a copy with it set */
    public RandomForestClassifier minInstancesPerNode(int v) {
        return with(TreeParams.MIN_INSTANCES_PER_NODE, v);
    }

    /** @param v minInfoGain: least information gain of a split (impurity decrease per unit weight; per unit hessian for boosting) @return a copy with it set */
    public RandomForestClassifier minInfoGain(double v) {
        return with(TreeParams.MIN_INFO_GAIN, v);
    }

    /** @param v subsamplingRate: fraction of rows each tree learns from, in (0, 1] @return a copy with it set */
    public RandomForestClassifier subsamplingRate(double v) {
        return with(TreeParams.SUBSAMPLING_RATE, v);
    }

    /** @param v bootstrap: draw each tree's rows with replacement (Poisson(subsamplingRate) multiplicities, as Spark) @return a copy with it set */
    public RandomForestClassifier bootstrap(boolean v) {
        return with(TreeParams.BOOTSTRAP, v);
    }

    /** @param v aggregationDepth: depth of the tree-aggregate (&gt;= 1) @return a copy with it set */
    public RandomForestClassifier aggregationDepth(int v) {
        return with(TreeParams.AGGREGATION_DEPTH, v);
    }

    @Override
    public List<Param<?>> params() {
        return PARAMS;
    }

    @Override
    protected RandomForestClassifier withParams(ParamMap params) {
        return new RandomForestClassifier(uid(), params);
    }

    @Override
    boolean classifier() {
        return true;
    }

    @Override
    RandomForestClassificationModel fitBinned(Frame frame, FeatureBins bins, LabelInfo labels, Provenance.Recorder provenance) {
        int k = numClasses(frame.schema(), labels);
        int m = TreeParams.featuresPerNode(get(TreeParams.FOREST_FEATURE_SUBSET_STRATEGY), bins.numFeatures(),
            get(TreeParams.NUM_TREES) == 1 ? "all" : "sqrt");
        Forest forest = ForestTraining.fit(this, frame, bins, k, get(TreeParams.NUM_TREES),
            get(TreeParams.SUBSAMPLING_RATE), get(TreeParams.BOOTSTRAP), m, provenance);
        LabelClasses.warnIfEmpty(getClass().getSimpleName(), frame.schema(), get(TreeParams.LABEL_COL),
            forest.rootClassWeights());
        return new RandomForestClassificationModel(uid(), paramMap(), forest, provenance.finish());
    }

    static RandomForestClassifier load(StageReader reader) {
        return new RandomForestClassifier(reader.uid(), reader.params(PARAMS));
    }
}
