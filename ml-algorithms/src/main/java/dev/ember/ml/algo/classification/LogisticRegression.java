package dev.ember.ml.algo.classification;

import com.google.errorprone.annotations.CheckReturnValue;
import dev.ember.ml.algo.FeatureNames;
import dev.ember.ml.algo.optim.LinearObjective;
import dev.ember.ml.algo.optim.LinearSolve;
import dev.ember.ml.algo.optim.LossKernels;
import dev.ember.ml.algo.optim.OptimizerOptions;
import dev.ember.ml.algo.optim.OptimizerResult;
import dev.ember.ml.algo.optim.SharedLossPasses;
import dev.ember.ml.algo.stat.ColumnSummary;
import dev.ember.ml.algo.stat.LabelClasses;
import dev.ember.ml.algo.stat.Summarizer;
import dev.ember.ml.core.DataFingerprint;
import dev.ember.ml.core.FitMonitor;
import dev.ember.ml.core.InvalidArgumentException;
import dev.ember.ml.core.Provenance;
import dev.ember.ml.core.StageBase;
import dev.ember.ml.core.Uids;
import dev.ember.ml.core.data.DataType;
import dev.ember.ml.core.data.Field;
import dev.ember.ml.core.data.Frame;
import dev.ember.ml.core.tracking.FitScope;
import dev.ember.ml.core.tracking.Tracking;
import dev.ember.ml.core.data.Schema;
import dev.ember.ml.core.param.Param;
import dev.ember.ml.core.param.ParamMap;
import dev.ember.ml.core.param.ParamValidators;
import dev.ember.ml.core.persist.StageReader;
import dev.ember.ml.core.stats.FitContext;
import dev.ember.ml.core.stats.Statistic;
import dev.ember.ml.core.stats.TwoPhaseEstimator;
import dev.ember.ml.core.runtime.KernelParams;

import java.util.List;

/**
 * Logistic regression, binomial or multinomial, with elastic-net regularization: the objective of Spark ML and
 * glmnet,
 *
 * <pre>
 *   (1/W) sum_i w_i logloss_i + regParam * (elasticNetParam * ||w||_1 + (1 - elasticNetParam) / 2 * ||w||_2^2)
 * </pre>
 *
 * <p>intercepts unpenalized, the penalty applied to standardized coefficients when {@code standardization} is on
 * (the default), coefficients reported on the original scale. Minimized with L-BFGS, or OWL-QN when there is
 * an L1 term; each objective evaluation is one tree-aggregate pass over the cached feature blocks
 * ({@link LinearObjective}). Labels are class indices 0..K-1 (a double or integer column).
 *
 * <p>The multinomial model is Spark's symmetric parameterization: one coefficient vector per class, intercepts
 * centered to sum to zero.
 */
@CheckReturnValue
public final class LogisticRegression extends StageBase<LogisticRegression>
    implements TwoPhaseEstimator<LogisticRegressionModel> {
    /** Features column. */
    public static final Param<String> FEATURES_COL = Param.ofString("featuresCol", "features vector column",
        "features", ParamValidators.nonEmpty());
    /** Label column. */
    public static final Param<String> LABEL_COL = Param.ofString("labelCol", "label column: class index 0..K-1",
        "label", ParamValidators.nonEmpty());
    /** Weight column. */
    public static final Param<String> WEIGHT_COL = Param.ofString("weightCol",
        "row weight column (empty: every row weighs 1)", "", ParamValidators.any());
    /** Prediction column. */
    public static final Param<String> PREDICTION_COL = Param.ofString("predictionCol", "predicted class index",
        "prediction", ParamValidators.nonEmpty());
    /** Raw prediction column. */
    public static final Param<String> RAW_PREDICTION_COL = Param.ofString("rawPredictionCol",
        "margins per class (vector)", "rawPrediction", ParamValidators.nonEmpty());
    /** Probability column. */
    public static final Param<String> PROBABILITY_COL = Param.ofString("probabilityCol",
        "class probabilities (vector)", "probability", ParamValidators.nonEmpty());
    /** Regularization strength. */
    public static final Param<Double> REG_PARAM = Param.ofDouble("regParam", "regularization strength (>= 0)",
        0.0, ParamValidators.gtEq(0));
    /** Elastic-net mixing. */
    public static final Param<Double> ELASTIC_NET_PARAM = Param.ofDouble("elasticNetParam",
        "elastic-net mixing: 0 is L2 (ridge), 1 is L1 (lasso)", 0.0, ParamValidators.inRange(0, 1));
    /** Iteration limit. */
    public static final Param<Integer> MAX_ITER = Param.ofInt("maxIter", "maximum iterations (>= 0)", 100,
        ParamValidators.gtEq(0));
    /** Convergence tolerance. */
    public static final Param<Double> TOL = Param.ofDouble("tol", "convergence tolerance (>= 0)", 1e-6,
        ParamValidators.gtEq(0));
    /** Intercept. */
    public static final Param<Boolean> FIT_INTERCEPT = Param.ofBoolean("fitIntercept", "fit an intercept", true);
    /** Standardization. */
    public static final Param<Boolean> STANDARDIZATION = Param.ofBoolean("standardization",
        "penalize standardized coefficients (the data is never copied)", true);
    /** Binary threshold. */
    public static final Param<Double> THRESHOLD = Param.ofDouble("threshold",
        "binary: predict 1 when P(1) > threshold", 0.5, ParamValidators.inRange(0, 1));
    /** Per-class thresholds. */
    public static final Param<double[]> THRESHOLDS = Param.ofDoubleArray("thresholds",
        "per class: predict argmax p_k / t_k (empty: argmax p_k, or threshold for binary)", new double[0],
        new dev.ember.ml.core.param.ParamValidator<>(t -> java.util.Arrays.stream(t).allMatch(v -> v >= 0),
            "thresholds >= 0"));
    /** Family. */
    public static final Param<String> FAMILY = Param.ofString("family",
        "auto (binomial for 2 classes), binomial or multinomial", "auto",
        ParamValidators.oneOf("auto", "binomial", "multinomial"));
    /** Tree-aggregate depth. */
    public static final Param<Integer> AGGREGATION_DEPTH = Param.ofInt("aggregationDepth",
        "depth of the tree-aggregate (>= 1)", 2, ParamValidators.gtEq(1));

    static final List<Param<?>> PARAMS = List.of(FEATURES_COL, LABEL_COL, WEIGHT_COL, PREDICTION_COL,
        RAW_PREDICTION_COL, PROBABILITY_COL, REG_PARAM, ELASTIC_NET_PARAM, MAX_ITER, TOL, FIT_INTERCEPT,
        STANDARDIZATION, THRESHOLD, THRESHOLDS, FAMILY, AGGREGATION_DEPTH);

    /** Set only during a fit in lockstep with other settings ({@link #fitShared}); never copied or saved. */
    private SharedLossPasses sharedPasses;

    /** A new estimator with default params. */
    public LogisticRegression() {
        this(Uids.random("LogisticRegression"), ParamMap.empty());
    }

    private LogisticRegression(String uid, ParamMap params) {
        super(uid, params);
    }

    /** @param v regParam @return a copy with it set */
    public LogisticRegression regParam(double v) {
        return with(REG_PARAM, v);
    }

    /** @param v elasticNetParam @return a copy with it set */
    public LogisticRegression elasticNetParam(double v) {
        return with(ELASTIC_NET_PARAM, v);
    }

    /** @param v maxIter @return a copy with it set */
    public LogisticRegression maxIter(int v) {
        return with(MAX_ITER, v);
    }

    /** @param v tol @return a copy with it set */
    public LogisticRegression tol(double v) {
        return with(TOL, v);
    }

    /** @param v featuresCol: features vector column @return a copy with it set */
    public LogisticRegression featuresCol(String v) {
        return with(FEATURES_COL, v);
    }

    /** @param v labelCol: label column: class index 0..K-1 @return a copy with it set */
    public LogisticRegression labelCol(String v) {
        return with(LABEL_COL, v);
    }

    /** @param v weightCol: row weight column (empty: every row weighs 1) @return a copy with it set */
    public LogisticRegression weightCol(String v) {
        return with(WEIGHT_COL, v);
    }

    /** @param v predictionCol: predicted class index @return a copy with it set */
    public LogisticRegression predictionCol(String v) {
        return with(PREDICTION_COL, v);
    }

    /** @param v rawPredictionCol: margins per class (vector) @return a copy with it set */
    public LogisticRegression rawPredictionCol(String v) {
        return with(RAW_PREDICTION_COL, v);
    }

    /** @param v probabilityCol: class probabilities (vector) @return a copy with it set */
    public LogisticRegression probabilityCol(String v) {
        return with(PROBABILITY_COL, v);
    }

    /** @param v fitIntercept: fit an intercept @return a copy with it set */
    public LogisticRegression fitIntercept(boolean v) {
        return with(FIT_INTERCEPT, v);
    }

    /** @param v standardization: penalize standardized coefficients (the data is never copied) @return a copy with it set */
    public LogisticRegression standardization(boolean v) {
        return with(STANDARDIZATION, v);
    }

    /** @param v threshold: binary: predict 1 when P(1) &gt; threshold @return a copy with it set */
    public LogisticRegression threshold(double v) {
        return with(THRESHOLD, v);
    }

    /** @param v thresholds: per class: predict argmax p_k / t_k (empty: argmax p_k, or threshold for binary) @return a copy with it set */
    public LogisticRegression thresholds(double... v) {
        return with(THRESHOLDS, v.clone());
    }

    /** @param v family: auto (binomial for 2 classes), binomial or multinomial @return a copy with it set */
    public LogisticRegression family(String v) {
        return with(FAMILY, v);
    }

    /** @param v aggregationDepth: depth of the tree-aggregate (&gt;= 1) @return a copy with it set */
    public LogisticRegression aggregationDepth(int v) {
        return with(AGGREGATION_DEPTH, v);
    }

    @Override
    public List<Param<?>> params() {
        return PARAMS;
    }

    @Override
    protected LogisticRegression withParams(ParamMap params) {
        return new LogisticRegression(uid(), params);
    }

    @Override
    public Schema transformSchema(Schema schema) {
        schema.require(get(LABEL_COL), DataType.DOUBLE, DataType.FLOAT, DataType.INT, DataType.LONG);
        if (!get(WEIGHT_COL).isEmpty()) {
            schema.require(get(WEIGHT_COL), DataType.DOUBLE, DataType.FLOAT, DataType.INT, DataType.LONG);
        }
        return outputSchema(schema, this, "binomial".equals(get(FAMILY)) ? 2 : -1);
    }

    /**
     * The output columns. Before fitting, the number of classes is known only for family binomial; otherwise the
     * estimator declares vectors of unknown width and the fitted model the true width.
     *
     * @param numClasses the number of classes, or -1 if not known yet
     */
    static Schema outputSchema(Schema schema, StageBase<?> stage, int numClasses) {
        schema.require(stage.get(FEATURES_COL), DataType.VECTOR);
        return schema.add(classVector(stage.get(RAW_PREDICTION_COL), numClasses))
            .add(classVector(stage.get(PROBABILITY_COL), numClasses))
            .add(Field.of(stage.get(PREDICTION_COL), DataType.DOUBLE, false));
    }

    private static Field classVector(String name, int numClasses) {
        return numClasses < 0 ? Field.vectorOfUnknownWidth(name, DataType.DOUBLE)
            : Field.vector(name, Math.max(numClasses, 2), DataType.DOUBLE);
    }

    @Override
    public LogisticRegressionModel fit(Frame frame) {
        return fit(frame, (LogisticRegressionModel) null);
    }

    /**
     * Fits with a warm start: the optimizer starts from {@code initial}'s coefficients and intercepts instead of
     * from zero coefficients, which saves iterations when {@code initial} was fitted on similar data or with
     * nearby params (tuning over a regularization path). The result is the same optimum, to the tolerance.
     *
     * @param frame the training data
     * @param initial a model with the same number of classes, family and feature width, or null for a cold start
     * @return the fitted model
     * @throws InvalidArgumentException if {@code initial} does not fit the problem
     */
    public LogisticRegressionModel fit(Frame frame, LogisticRegressionModel initial) {
        try (FitScope scope = Tracking.enterFit(this)) {
            FitContext context = FitContext.gather(frame, statistics(frame.schema()), get(AGGREGATION_DEPTH));
            return fitWithSummary(frame, summaryOf(context), context.fingerprint(), initial);
        }
    }

    /**
     * Declares the summary of features, labels and weights (the Summarizer's, with each class's feature sums, from
     * which the objective at the starting point follows without a pass) and the input's fingerprint.
     */
    @Override
    public List<Statistic<?>> statistics(Schema input) {
        transformSchema(input);
        return List.of(Summarizer.classesStatistic(input, get(FEATURES_COL), get(LABEL_COL), weightColOrNull()),
            Statistic.fingerprint());
    }

    /** Each objective evaluation is a pass over the input: a planner caches it. */
    @Override
    public boolean iterative() {
        return true;
    }

    /**
     * Fits from the summary and fingerprint of {@link #statistics} (a cold start); the optimizer's passes follow.
     * The numerical core is the one of {@link #fitWithSummary}.
     */
    @Override
    public LogisticRegressionModel fitFrom(Frame frame, FitContext context) {
        transformSchema(frame.schema());
        return fitWithSummary(frame, summaryOf(context), context.fingerprint(), null);
    }

    private Summarizer.Summary summaryOf(FitContext context) {
        return Summarizer.classesSummary(context, get(FEATURES_COL), get(LABEL_COL), weightColOrNull());
    }

    private String weightColOrNull() {
        return get(WEIGHT_COL).isEmpty() ? null : get(WEIGHT_COL);
    }

    /**
     * Fits one model per param map, sharing work between them (the hook tuning calls): maps that read the same
     * columns share one statistics pass, and a map that differs from the previous one only by a smaller
     * {@code regParam} starts from the previous model (a regularization path fitted from large to small
     * {@code regParam} with warm starts, as glmnet does; tuning hands over path groups in that order). Each model
     * is the optimum of its own params, to the tolerance, as a separate fit would find it.
     *
     * @param frame the training data (cache it)
     * @param paramMaps one map per model
     * @return the models, in the order of the maps
     */
    @Override
    public List<LogisticRegressionModel> fit(Frame frame, List<ParamMap> paramMaps) {
        return fitPath(frame, paramMaps, null);
    }

    /**
     * As {@link #fit(Frame, List)}, with the summary and fingerprint taken from statistics gathered already (k-fold
     * tuning gathers every fold's in one shared pass); a map whose statistics {@code context} lacks gathers its own.
     */
    @Override
    public List<LogisticRegressionModel> fitFrom(Frame frame, List<ParamMap> paramMaps, FitContext context) {
        return fitPath(frame, paramMaps, context);
    }

    private List<LogisticRegressionModel> fitPath(Frame frame, List<ParamMap> paramMaps, FitContext context) {
        List<LogisticRegression> settings = new java.util.ArrayList<>();
        for (ParamMap m : paramMaps) {
            LogisticRegression e = copy(m);
            e.transformSchema(frame.schema());
            settings.add(e);
        }
        List<List<Integer>> chains = chains(settings);
        if (chains.size() > 1 && settings.stream().allMatch(e -> sameValues(settings.get(0), e, FEATURES_COL,
            LABEL_COL, WEIGHT_COL, AGGREGATION_DEPTH))) {
            LogisticRegression first = settings.get(0);
            Gathered g = first.gathered(frame, context);
            return LockstepPaths.fit(this, frame, settings, chains, g.summary(), g.data(), first.lossParams(),
                first.get(AGGREGATION_DEPTH));
        }
        List<LogisticRegressionModel> out = new java.util.ArrayList<>(paramMaps.size());
        LogisticRegression previous = null;
        Gathered g = null;
        LogisticRegressionModel model = null;
        for (LogisticRegression e : settings) {
            boolean sameColumns = previous != null && sameValues(previous, e, FEATURES_COL, LABEL_COL, WEIGHT_COL,
                AGGREGATION_DEPTH);
            if (!sameColumns) {
                g = e.gathered(frame, context);
            }
            boolean onPath = sameColumns && e.get(REG_PARAM) <= previous.get(REG_PARAM)
                && sameValues(previous, e, PARAMS.stream().filter(p -> p != REG_PARAM).toArray(Param[]::new));
            model = e.fitWithSummary(frame, g.summary(), g.data(), onPath ? model : null);
            out.add(model);
            previous = e;
        }
        return out;
    }

    /** A fit's statistics: the summary and the data fingerprint. */
    private record Gathered(Summarizer.Summary summary, DataFingerprint data) {
    }

    /** The statistics from {@code context} when it holds this setting's, else from a statistics pass. */
    private Gathered gathered(Frame frame, FitContext context) {
        if (context != null && statistics(frame.schema()).stream().allMatch(context::has)) {
            return new Gathered(summaryOf(context), context.fingerprint());
        }
        return new Gathered(summarize(frame), DataFingerprint.of(frame));
    }

    /**
     * Splits the settings into regularization paths: a setting continues the path before it when it reads the
     * same columns, has the same params but a regParam no larger (a warm start from its model).
     */
    private static List<List<Integer>> chains(List<LogisticRegression> settings) {
        List<List<Integer>> out = new java.util.ArrayList<>();
        for (int i = 0; i < settings.size(); i++) {
            LogisticRegression e = settings.get(i);
            LogisticRegression previous = i == 0 ? null : settings.get(i - 1);
            boolean onPath = previous != null && e.get(REG_PARAM) <= previous.get(REG_PARAM)
                && sameValues(previous, e, PARAMS.stream().filter(p -> p != REG_PARAM).toArray(Param[]::new));
            if (!onPath) {
                out.add(new java.util.ArrayList<>());
            }
            out.get(out.size() - 1).add(i);
        }
        return out;
    }

    /** The loss kernel's column params. */
    private KernelParams lossParams() {
        KernelParams.Builder kp = KernelParams.builder().put("featuresCol", get(FEATURES_COL))
            .put("labelCol", get(LABEL_COL));
        String weightCol = weightColOrNull();
        if (weightCol != null) {
            kp.put("weightCol", weightCol);
        }
        return kp.build();
    }

    /**
     * A fit whose binary logistic loss passes are shared with other settings' ({@link LockstepPaths}).
     *
     * @param frame the training data
     * @param summary its summary
     * @param data its fingerprint
     * @param initial a warm start, or null
     * @param passes the shared passes
     * @return the model
     */
    LogisticRegressionModel fitShared(Frame frame, Summarizer.Summary summary, DataFingerprint data,
                                      LogisticRegressionModel initial, SharedLossPasses passes) {
        this.sharedPasses = passes;
        try {
            return fitWithSummary(frame, summary, data, initial);
        } finally {
            this.sharedPasses = null;
        }
    }

    private static boolean sameValues(LogisticRegression a, LogisticRegression b, Param<?>... params) {
        for (Param<?> p : params) {
            if (!sameValue(a, b, p)) {
                return false;
            }
        }
        return true;
    }

    private static <T> boolean sameValue(LogisticRegression a, LogisticRegression b, Param<T> p) {
        return p.type().valueEquals(a.get(p), b.get(p));
    }

    /**
     * The statistics pass of a fit: feature means, standard deviations and the label histogram, one
     * tree-aggregate. A plan that gathers these in a shared pass calls {@link #fitFrom} instead.
     *
     * @param frame the training data
     * @return the summary the numerical fit needs
     */
    public Summarizer.Summary summarize(Frame frame) {
        String weightCol = get(WEIGHT_COL).isEmpty() ? null : get(WEIGHT_COL);
        return Summarizer.summarizeClasses(frame, get(FEATURES_COL), get(LABEL_COL), weightCol,
            get(AGGREGATION_DEPTH));
    }

    /**
     * The numerical part of a fit, from an already computed summary of the same frame and columns
     * ({@link #summarize}).
     *
     * @param frame the training data (cache it: every objective evaluation is a pass)
     * @param summary the summary of {@code frame}'s features and labels, with the label histogram
     * @param initial a warm start, or null
     * @return the fitted model
     */
    public LogisticRegressionModel fitWithSummary(Frame frame, Summarizer.Summary summary,
                                                  LogisticRegressionModel initial) {
        transformSchema(frame.schema());
        if (summary == null || summary.labels() == null) {
            throw new InvalidArgumentException("summary: found " + (summary == null ? "null" : "no label histogram")
                + ", expected the features and labels of column '" + get(LABEL_COL) + "' (use summarize(frame))");
        }
        return fitWithSummary(frame, summary, DataFingerprint.of(frame), initial);
    }

    private LogisticRegressionModel fitWithSummary(Frame frame, Summarizer.Summary summary, DataFingerprint data,
                                                   LogisticRegressionModel initial) {
        Provenance.Recorder rec = Provenance.begin(this, data, null);
        String weightCol = weightColOrNull();
        int depth = get(AGGREGATION_DEPTH);
        ColumnSummary features = summary.features();
        // as many classes as StringIndexer's labels on the label column, if it has them (a split may lack one)
        int numClasses = Math.max(2, LabelClasses.numClasses("LogisticRegression", frame.schema(), get(LABEL_COL),
            summary.labels().weights().length));
        double[] classWeights = LabelClasses.padded(summary.labels().weights(), numClasses);
        double[][] classFeatureSums = summary.classFeatureSums() == null ? null
            : LabelClasses.padded(summary.classFeatureSums(), classWeights.length);
        boolean multinomial = isMultinomial(numClasses);
        LabelClasses.warnIfEmpty("LogisticRegression", frame.schema(), get(LABEL_COL), classWeights);
        int k = multinomial ? numClasses : 1;
        int d = features.width();
        double regParam = get(REG_PARAM);
        double alpha = get(ELASTIC_NET_PARAM);
        boolean fitIntercept = get(FIT_INTERCEPT);
        int constantClass = LabelChecks.onlyClass(classWeights);
        if (constantClass >= 0 && fitIntercept) {
            return constantLabelModel(frame, rec, numClasses, multinomial, constantClass, d, features.count());
        }
        LinearObjective objective = new LinearObjective(frame,
            multinomial ? LossKernels.multinomialKernel() : LossKernels.binaryLogisticKernel(), lossParams(), k,
            features.mean(), features.std(), fitIntercept, regParam * (1 - alpha), get(STANDARDIZATION), depth)
            .sharing(multinomial ? null : sharedPasses);
        double[] x0;
        if (initial != null) {
            x0 = objective.variables(initialCoefficients(initial, numClasses, multinomial, d));
        } else {
            x0 = new double[objective.dimension()];
            if (fitIntercept) {
                initIntercepts(x0, k * d, classWeights, multinomial);
            }
            if (classFeatureSums != null && sharedPasses == null) {
                // every coefficient is 0, so every row has the same margins: the first evaluation is a function
                // of the summary (class weights and per-class feature sums), not a pass
                objective.startingAt(x0, StartingPoint.lossSums(objective.effective(x0), k, d, classWeights,
                    classFeatureSums, features.weightSum()));
            }
        }
        double l1 = regParam * alpha;
        List<String> names = FeatureNames.of(frame.schema(), get(FEATURES_COL));
        FitMonitor.current().ifPresent(m -> objective.onIteration((it, fx, x) -> m.onIteration(it, fx,
            () -> model(objective.effective(x), k, numClasses, multinomial, fitIntercept,
                new LogisticRegressionSummary(new double[] {fx}, it, objective.evaluations(), "in progress"),
                null, names))));
        OptimizerOptions options = OptimizerOptions.defaults().withMaxIter(get(MAX_ITER)).withTol(get(TOL));
        OptimizerResult result = LinearSolve.minimize(objective, options, l1, multinomial && fitIntercept, x0,
            features.count());
        LogisticRegressionSummary trainingSummary = new LogisticRegressionSummary(result.lossHistory(),
            result.iterations(), objective.evaluations(), result.reason().description());
        Provenance p = rec.metric("objective", result.value()).metric("iterations", result.iterations())
            .metric("rowCount", features.count()).finish();
        LogisticRegressionModel model = model(objective.effective(result.x()), k, numClasses, multinomial,
            fitIntercept, trainingSummary, p, names);
        return Tracking.onFit(this, model, frame);
    }

    /** The model of effective coefficients {@code [beta (k x d), intercepts (k)]}. */
    private LogisticRegressionModel model(double[] coef, int k, int numClasses, boolean multinomial,
                                          boolean fitIntercept, LogisticRegressionSummary summary, Provenance p,
                                          List<String> names) {
        int d = coef.length / k - 1;
        double[][] coefficients = new double[k][d];
        double[] intercepts = new double[k];
        for (int c = 0; c < k; c++) {
            System.arraycopy(coef, c * d, coefficients[c], 0, d);
            intercepts[c] = coef[k * d + c];
        }
        if (multinomial && fitIntercept) {
            double mean = java.util.Arrays.stream(intercepts).average().orElse(0);
            for (int c = 0; c < k; c++) {
                intercepts[c] -= mean;
            }
        }
        return new LogisticRegressionModel(uid(), paramMap(), numClasses, multinomial, coefficients, intercepts,
            summary, p, names);
    }

    private boolean isMultinomial(int numClasses) {
        return switch (get(FAMILY)) {
            case "binomial" -> {
                if (numClasses > 2) {
                    throw new InvalidArgumentException("family binomial: found " + numClasses
                        + " classes in column '" + get(LABEL_COL) + "', expected 2 (use family multinomial)");
                }
                yield false;
            }
            case "multinomial" -> true;
            default -> numClasses > 2;
        };
    }

    /**
     * Spark's answer for a label with one class: zero coefficients and an infinite intercept, no optimization
     * (the optimum lies at infinity, and any finite answer would depend on when the optimizer gave up).
     */
    private LogisticRegressionModel constantLabelModel(Frame frame, Provenance.Recorder rec, int numClasses,
                                                       boolean multinomial, int constantClass, int d, long rows) {
        LabelChecks.warnConstantLabel(get(LABEL_COL), constantClass);
        int k = multinomial ? numClasses : 1;
        double[] intercepts = new double[k];
        if (multinomial) {
            intercepts[constantClass] = Double.POSITIVE_INFINITY;
        } else {
            intercepts[0] = constantClass == 1 ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY;
        }
        LogisticRegressionSummary s = new LogisticRegressionSummary(new double[] {0}, 0, 0,
            "constant label: no optimization");
        Provenance p = rec.metric("objective", 0).metric("iterations", 0).metric("rowCount", rows).finish();
        LogisticRegressionModel model = new LogisticRegressionModel(uid(), paramMap(), numClasses, multinomial,
            new double[k][d], intercepts, s, p, FeatureNames.of(frame.schema(), get(FEATURES_COL)));
        return Tracking.onFit(this, model, frame);
    }

    private static double[] initialCoefficients(LogisticRegressionModel initial, int numClasses, boolean multinomial,
                                                int d) {
        if (initial.numClasses() != numClasses || initial.isMultinomial() != multinomial) {
            throw new InvalidArgumentException("initial model: found " + initial.numClasses() + " classes, "
                + (initial.isMultinomial() ? "multinomial" : "binomial") + ", expected " + numClasses + " classes, "
                + (multinomial ? "multinomial" : "binomial"));
        }
        double[][] c = initial.coefficientMatrix();
        double[] b = initial.intercepts();
        if (c[0].length != d) {
            throw new InvalidArgumentException("initial model: found " + c[0].length + " features, expected " + d);
        }
        double[] flat = new double[c.length * d + c.length];
        for (int i = 0; i < c.length; i++) {
            System.arraycopy(c[i], 0, flat, i * d, d);
            flat[c.length * d + i] = Double.isFinite(b[i]) ? b[i] : 0;
        }
        return flat;
    }

    private static void initIntercepts(double[] x0, int at, double[] classWeights, boolean multinomial) {
        if (!multinomial) {
            double w0 = classWeights.length > 0 ? classWeights[0] : 0;
            double w1 = classWeights.length > 1 ? classWeights[1] : 0;
            if (w0 > 0 && w1 > 0) {
                x0[at] = Math.log(w1 / w0);
            }
            return;
        }
        double sum = 0;
        int present = 0;
        for (double w : classWeights) {
            if (w > 0) {
                sum += Math.log(w);
                present++;
            }
        }
        double mean = present == 0 ? 0 : sum / present;
        for (int c = 0; c < classWeights.length; c++) {
            x0[at + c] = classWeights[c] > 0 ? Math.log(classWeights[c]) - mean : 0;
        }
    }

    static LogisticRegression load(StageReader reader) {
        return new LogisticRegression(reader.uid(), reader.params(PARAMS));
    }
}
