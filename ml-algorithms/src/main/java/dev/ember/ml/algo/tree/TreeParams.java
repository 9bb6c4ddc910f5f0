package dev.ember.ml.algo.tree;

import dev.ember.ml.core.param.Param;
import dev.ember.ml.core.param.ParamValidator;
import dev.ember.ml.core.param.ParamValidators;
import dev.ember.ml.core.param.SharedParams;

/**
 * The params of the tree estimators, with Spark ML's names and defaults where Spark has them. Ember's own:
 * {@link #MAX_BINS} defaults to 255 (Spark: 32; a histogram costs the same whatever its bins, and 255 is
 * LightGBM's and scikit-learn's default), and for boosting {@link #MAX_LEAVES}, {@link #MIN_HESSIAN_PER_LEAF} and
 * {@link #REG_PARAM}.
 */
public final class TreeParams {
    private static final ParamValidator<String> SUBSET_STRATEGY = new ParamValidator<>(
        TreeParams::checkSubsetStrategy, "auto, all, onethird, sqrt, log2, a fraction in (0, 1] or a count n >= 1");

    private TreeParams() {
    }

    /** Features column. */
    public static final Param<String> FEATURES_COL = SharedParams.featuresCol();
    /** Label column. */
    public static final Param<String> LABEL_COL = SharedParams.labelCol(
        "label column: a class index 0..k-1 for classifiers, a number for regressors");
    /** Weight column. */
    public static final Param<String> WEIGHT_COL = SharedParams.weightCol();
    /** Prediction column. */
    public static final Param<String> PREDICTION_COL = SharedParams.predictionCol("predicted label");
    /** Raw prediction column (classifiers). */
    public static final Param<String> RAW_PREDICTION_COL = SharedParams.rawPredictionCol(
        "raw scores per class (vector): summed tree probabilities for forests, [-F, F] for boosting");
    /** Probability column (classifiers). */
    public static final Param<String> PROBABILITY_COL = Param.ofString("probabilityCol",
        "class probabilities (vector)", "probability", ParamValidators.nonEmpty());
    /** Maximum depth. */
    public static final Param<Integer> MAX_DEPTH = Param.ofInt("maxDepth",
        "maximum depth of a tree (0 is a single leaf), in [0, 30]", 5, ParamValidators.inRange(0, 30));
    /** Maximum bins. */
    public static final Param<Integer> MAX_BINS = Param.ofInt("maxBins",
        "most bins per feature, besides one for missing values, in [2, 255] (Spark's default is 32)", 255,
        ParamValidators.inRange(2, 255));
    /** Minimum rows per child. */
    public static final Param<Integer> MIN_INSTANCES_PER_NODE = Param.ofInt("minInstancesPerNode",
        "fewest rows each child of a split must have (>= 1)", 1, ParamValidators.gtEq(1));
    /** Minimum information gain. */
    public static final Param<Double> MIN_INFO_GAIN = Param.ofDouble("minInfoGain",
        "least information gain of a split (impurity decrease per unit weight; per unit hessian for boosting)",
        0.0, ParamValidators.gtEq(0));
    /** Seed. */
    public static final Param<Long> SEED = Param.ofLong("seed", "seed of row sampling and feature subsets",
        20261205L, ParamValidators.any());
    /** Number of trees of a forest. */
    public static final Param<Integer> NUM_TREES = Param.ofInt("numTrees", "number of trees (>= 1)", 20,
        ParamValidators.gtEq(1));
    /** Feature subsets of forests. */
    public static final Param<String> FOREST_FEATURE_SUBSET_STRATEGY = Param.ofString("featureSubsetStrategy",
        "features each node considers: auto (sqrt for classification, onethird for regression, all for one"
            + " tree), all, onethird, sqrt, log2, a fraction in (0, 1] or a count n", "auto",
        SUBSET_STRATEGY);
    /** Feature subsets of boosting. */
    public static final Param<String> GBT_FEATURE_SUBSET_STRATEGY = Param.ofString("featureSubsetStrategy",
        "features each node considers: all (auto), onethird, sqrt, log2, a fraction in (0, 1] or a count n", "all",
        SUBSET_STRATEGY);
    /** Row subsampling. */
    public static final Param<Double> SUBSAMPLING_RATE = Param.ofDouble("subsamplingRate",
        "fraction of rows each tree learns from, in (0, 1]", 1.0, ParamValidators.inRange(Double.MIN_VALUE, 1));
    /** Bootstrap of forests. */
    public static final Param<Boolean> BOOTSTRAP = Param.ofBoolean("bootstrap",
        "draw each tree's rows with replacement (Poisson(subsamplingRate) multiplicities, as Spark)", true);
    /** Boosting rounds. */
    public static final Param<Integer> MAX_ITER = SharedParams.maxIter(20);
    /** Learning rate. */
    public static final Param<Double> STEP_SIZE = Param.ofDouble("stepSize",
        "learning rate: the factor on each boosted tree's leaves, in (0, 1]", 0.1,
        ParamValidators.inRange(Double.MIN_VALUE, 1));
    /** Validation indicator. */
    public static final Param<String> VALIDATION_INDICATOR_COL = Param.ofString("validationIndicatorCol",
        "boolean column: true rows are held out to stop boosting early (empty: no early stopping)", "",
        ParamValidators.any());
    /** Early stopping tolerance. */
    public static final Param<Double> VALIDATION_TOL = Param.ofDouble("validationTol",
        "stop when the validation loss improves by less than validationTol * max(loss, 0.01) (Spark's rule)",
        0.01, ParamValidators.gtEq(0));
    /** Leaf-wise growth. */
    public static final Param<Integer> MAX_LEAVES = Param.ofInt("maxLeaves",
        "0: grow depth-wise to maxDepth; else grow leaf-wise (largest gain first, LightGBM's num_leaves) up to"
            + " this many leaves, still within maxDepth", 0, new ParamValidator<>(v -> v == 0 || v >= 2, "0 or >= 2"));
    /** Minimum hessian per leaf. */
    public static final Param<Double> MIN_HESSIAN_PER_LEAF = Param.ofDouble("minHessianPerLeaf",
        "least hessian sum of a leaf (LightGBM's min_sum_hessian_in_leaf)", 1e-3, ParamValidators.gtEq(0));
    /** L2 on leaf values. */
    public static final Param<Double> REG_PARAM = Param.ofDouble("regParam",
        "L2 penalty on leaf values (LightGBM's lambda_l2)", 0.0, ParamValidators.gtEq(0));
    /** Aggregation depth. */
    public static final Param<Integer> AGGREGATION_DEPTH = SharedParams.aggregationDepth();

    private static boolean checkSubsetStrategy(String s) {
        if (s == null) {
            return false;
        }
        switch (s) {
            case "auto", "all", "onethird", "sqrt", "log2" -> {
                return true;
            }
            default -> {
                try {
                    double v = Double.parseDouble(s);
                    return s.matches("[0-9]+") ? v >= 1 : v > 0 && v <= 1;
                } catch (NumberFormatException e) {
                    return false;
                }
            }
        }
    }

    /**
     * @param strategy a featureSubsetStrategy value
     * @param numFeatures d
     * @param autoStrategy what {@code auto} means here
     * @return the features each node considers
     */
    static int featuresPerNode(String strategy, int numFeatures, String autoStrategy) {
        String s = strategy.equals("auto") ? autoStrategy : strategy;
        int m = switch (s) {
            case "all" -> numFeatures;
            case "onethird" -> (int) Math.ceil(numFeatures / 3.0);
            case "sqrt" -> (int) Math.ceil(Math.sqrt(numFeatures));
            case "log2" -> Math.max(1, (int) Math.ceil(Math.log(numFeatures) / Math.log(2)));
            default -> s.matches("[0-9]+") ? Integer.parseInt(s)
                : (int) Math.ceil(Double.parseDouble(s) * numFeatures);
        };
        return Math.max(1, Math.min(numFeatures, m));
    }
}
