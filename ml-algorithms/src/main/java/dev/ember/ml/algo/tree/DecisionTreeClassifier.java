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
 * A decision tree classifier (Breiman et al. 1984, CART) with Spark's params: Gini splits on binned features
 * ({@code maxBins}, missing values in their own bin with a learned direction), grown depth-wise to
 * {@code maxDepth} by one histogram pass per level ({@link dev.ember.ml.algo.tree.hist.HistogramTrainer}).
 * Labels are class indices 0..k-1 (use {@code StringIndexer}); leaves hold class probabilities. With as many bins
 * as a feature has distinct values the splits are those of an exact tree (scikit-learn's
 * {@code DecisionTreeClassifier}).
 */
@CheckReturnValue
public final class DecisionTreeClassifier extends TreeEstimatorBase<DecisionTreeClassifier, DecisionTreeClassificationModel> {
    static final List<Param<?>> PARAMS = List.of(TreeParams.FEATURES_COL, TreeParams.LABEL_COL, TreeParams.WEIGHT_COL,
        TreeParams.PREDICTION_COL, TreeParams.RAW_PREDICTION_COL, TreeParams.PROBABILITY_COL, TreeParams.MAX_DEPTH,
        TreeParams.MAX_BINS, TreeParams.MIN_INSTANCES_PER_NODE, TreeParams.MIN_INFO_GAIN, TreeParams.SEED, TreeParams.AGGREGATION_DEPTH);

    /** A new estimator with Spark's defaults (and {@code maxBins} 255). */
    public DecisionTreeClassifier() {
        this(Uids.random("DecisionTreeClassifier"), ParamMap.empty());
    }

    private DecisionTreeClassifier(String uid, ParamMap params) {
        super(uid, params);
    }

    /** @param depth maxDepth @return a copy with it set */
    public DecisionTreeClassifier maxDepth(int depth) {
        return with(TreeParams.MAX_DEPTH, depth);
    }

    /** @param bins maxBins @return a copy with it set */
    public DecisionTreeClassifier maxBins(int bins) {
        return with(TreeParams.MAX_BINS, bins);
    }

    /** @param seed the seed @return a copy with it set */
    public DecisionTreeClassifier seed(long seed) {
        return with(TreeParams.SEED, seed);
    }

    /** @param v featuresCol: features vector column @return a copy with it set */
    public DecisionTreeClassifier featuresCol(String v) {
        return with(TreeParams.FEATURES_COL, v);
    }

    /** @param v labelCol: label column: a class index 0..k-1 for classifiers, a number for regressors @return a copy with it set */
    public DecisionTreeClassifier labelCol(String v) {
        return with(TreeParams.LABEL_COL, v);
    }

    /** @param v weightCol: row weight column (empty: every row weighs 1) @return a copy with it set */
    public DecisionTreeClassifier weightCol(String v) {
        return with(TreeParams.WEIGHT_COL, v);
    }

    /** @param v predictionCol: predicted label @return a copy with it set */
    public DecisionTreeClassifier predictionCol(String v) {
        return with(TreeParams.PREDICTION_COL, v);
    }

    /** @param v rawPredictionCol: raw scores per class (vector): summed tree probabilities for forests, [-F, F] for boosting @return a copy with it set */
    public DecisionTreeClassifier rawPredictionCol(String v) {
        return with(TreeParams.RAW_PREDICTION_COL, v);
    }

    /** @param v probabilityCol: class probabilities (vector) @return a copy with it set */
    public DecisionTreeClassifier probabilityCol(String v) {
        return with(TreeParams.PROBABILITY_COL, v);
    }

    /** @param v minInstancesPerNode: fewest rows each child of a split must have (&gt;= 1) @return a copy with it set */
    public DecisionTreeClassifier minInstancesPerNode(int v) {
        return with(TreeParams.MIN_INSTANCES_PER_NODE, v);
    }

    /** @param v minInfoGain: least information gain of a split (impurity decrease per unit weight; per unit hessian for boosting) @return a copy with it set */
    public DecisionTreeClassifier minInfoGain(double v) {
        return with(TreeParams.MIN_INFO_GAIN, v);
    }

    /** @param v aggregationDepth: depth of the tree-aggregate (&gt;= 1) @return a copy with it set */
    public DecisionTreeClassifier aggregationDepth(int v) {
        return with(TreeParams.AGGREGATION_DEPTH, v);
    }

    @Override
    public List<Param<?>> params() {
        return PARAMS;
    }

    @Override
    protected DecisionTreeClassifier withParams(ParamMap params) {
        return new DecisionTreeClassifier(uid(), params);
    }

    @Override
    boolean classifier() {
        return true;
    }

    @Override
    DecisionTreeClassificationModel fitBinned(Frame frame, FeatureBins bins, LabelInfo labels, Provenance.Recorder provenance) {
        int k = numClasses(frame.schema(), labels);
        Forest forest = ForestTraining.fit(this, frame, bins, k, 1, 1.0, false, bins.numFeatures(), provenance);
        LabelClasses.warnIfEmpty(getClass().getSimpleName(), frame.schema(), get(TreeParams.LABEL_COL),
            forest.rootClassWeights());
        return new DecisionTreeClassificationModel(uid(), paramMap(), forest, provenance.finish());
    }

    static DecisionTreeClassifier load(StageReader reader) {
        return new DecisionTreeClassifier(reader.uid(), reader.params(PARAMS));
    }
}
