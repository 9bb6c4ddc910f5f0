package dev.ember.ml.core.param;

/**
 * Definitions of the params many stages have ({@code inputCol}, {@code maxIter}, {@code regParam}, ...), as
 * factories: each call makes a <em>new</em> {@link Param}, so every stage class declares its own constant
 * (params compare by identity, and a per-call value for one class must never reach another) while the name, doc
 * and validator are written once.
 *
 * <pre>{@code
 * public static final Param<Integer> MAX_ITER = SharedParams.maxIter(100);
 * }</pre>
 */
public final class SharedParams {
    private SharedParams() {
    }

    /** @param def default column @return a new {@code inputCol} param */
    public static Param<String> inputCol(String def) {
        return Param.ofString("inputCol", "input column", def, ParamValidators.nonEmpty());
    }

    /** @param doc what the column holds @param def default column @return a new {@code inputCol} param */
    public static Param<String> inputCol(String doc, String def) {
        return Param.ofString("inputCol", doc, def, ParamValidators.nonEmpty());
    }

    /** @param def default column @return a new {@code outputCol} param */
    public static Param<String> outputCol(String def) {
        return Param.ofString("outputCol", "output column", def, ParamValidators.nonEmpty());
    }

    /** @param doc what the column holds @param def default column @return a new {@code outputCol} param */
    public static Param<String> outputCol(String doc, String def) {
        return Param.ofString("outputCol", doc, def, ParamValidators.nonEmpty());
    }

    /** @return a new {@code featuresCol} param, default {@code features} */
    public static Param<String> featuresCol() {
        return Param.ofString("featuresCol", "features vector column", "features", ParamValidators.nonEmpty());
    }

    /** @param doc what the labels are @return a new {@code labelCol} param, default {@code label} */
    public static Param<String> labelCol(String doc) {
        return Param.ofString("labelCol", doc, "label", ParamValidators.nonEmpty());
    }

    /** @return a new {@code weightCol} param, default empty (every row weighs 1) */
    public static Param<String> weightCol() {
        return Param.ofString("weightCol", "row weight column (empty: every row weighs 1)", "",
            ParamValidators.any());
    }

    /** @param doc what is predicted @return a new {@code predictionCol} param, default {@code prediction} */
    public static Param<String> predictionCol(String doc) {
        return Param.ofString("predictionCol", doc, "prediction", ParamValidators.nonEmpty());
    }

    /** @param doc what the raw scores are @return a new {@code rawPredictionCol} param */
    public static Param<String> rawPredictionCol(String doc) {
        return Param.ofString("rawPredictionCol", doc, "rawPrediction", ParamValidators.nonEmpty());
    }

    /** @return a new {@code regParam} param, default 0 */
    public static Param<Double> regParam() {
        return Param.ofDouble("regParam", "regularization strength (>= 0)", 0.0, ParamValidators.gtEq(0));
    }

    /** @return a new {@code elasticNetParam} param, default 0 */
    public static Param<Double> elasticNetParam() {
        return Param.ofDouble("elasticNetParam", "elastic-net mixing: 0 is L2 (ridge), 1 is L1 (lasso)", 0.0,
            ParamValidators.inRange(0, 1));
    }

    /** @param def default iteration limit @return a new {@code maxIter} param */
    public static Param<Integer> maxIter(int def) {
        return Param.ofInt("maxIter", "maximum iterations (>= 0)", def, ParamValidators.gtEq(0));
    }

    /** @param def default tolerance @return a new {@code tol} param */
    public static Param<Double> tol(double def) {
        return Param.ofDouble("tol", "convergence tolerance (>= 0)", def, ParamValidators.gtEq(0));
    }

    /** @return a new {@code fitIntercept} param, default true */
    public static Param<Boolean> fitIntercept() {
        return Param.ofBoolean("fitIntercept", "fit an intercept", true);
    }

    /** @return a new {@code standardization} param, default true */
    public static Param<Boolean> standardization() {
        return Param.ofBoolean("standardization", "penalize standardized coefficients (the data is never copied)",
            true);
    }

    /** @return a new {@code aggregationDepth} param, default 2 */
    public static Param<Integer> aggregationDepth() {
        return Param.ofInt("aggregationDepth", "depth of the tree-aggregate (>= 1)", 2, ParamValidators.gtEq(1));
    }
}
