package dev.ember.ml.algo.classification;

import dev.ember.ml.algo.optim.LinearObjective;
import dev.ember.ml.algo.optim.LossKernels;
import dev.ember.ml.algo.optim.LBFGS;
import dev.ember.ml.algo.optim.OWLQN;
import dev.ember.ml.algo.optim.OptimizerOptions;
import dev.ember.ml.algo.optim.OptimizerResult;
import dev.ember.ml.algo.stat.ColumnSummary;
import dev.ember.ml.algo.stat.Summarizer;
import dev.ember.ml.core.Provenance;
import dev.ember.ml.core.StageBase;
import dev.ember.ml.core.Uids;
import dev.ember.ml.core.data.DataType;
import dev.ember.ml.core.data.Field;
import dev.ember.ml.core.data.Frame;
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
        return fitFrom(frame, FitContext.gather(frame, statistics(frame.schema()), get(AGGREGATION_DEPTH)));
    }

    /** Declares the summary of features, labels and weights (the Summarizer's) and the input's fingerprint. */
    @Override
    public List<Statistic<?>> statistics(Schema input) {
        transformSchema(input);
        String weightCol = get(WEIGHT_COL).isEmpty() ? null : get(WEIGHT_COL);
        return List.of(Summarizer.statistic(input, get(FEATURES_COL), get(LABEL_COL), weightCol, false),
            Statistic.fingerprint());
    }

    /** Each objective evaluation is a pass over the input: a planner caches it. */
    @Override
    public boolean iterative() {
        return true;
    }

    /** Fits from the summary and fingerprint of {@link #statistics}; the optimizer's passes follow. */
    @Override
    public LogisticRegressionModel fitFrom(Frame frame, FitContext context) {
        transformSchema(frame.schema());
        Provenance.Recorder rec = Provenance.begin(this, context.fingerprint(), null);
        String weightCol = get(WEIGHT_COL).isEmpty() ? null : get(WEIGHT_COL);
        int depth = get(AGGREGATION_DEPTH);
        Summarizer.Summary summary = Summarizer.summary(context, get(FEATURES_COL), get(LABEL_COL), weightCol,
            false);
        ColumnSummary features = summary.features();
        double[] classWeights = summary.labels().weights();
        int numClasses = Math.max(2, classWeights.length);
        boolean multinomial = switch (get(FAMILY)) {
            case "binomial" -> {
                if (numClasses > 2) {
                    throw new IllegalArgumentException("family binomial: found " + numClasses
                        + " classes in column '" + get(LABEL_COL) + "', expected 2 (use family multinomial)");
                }
                yield false;
            }
            case "multinomial" -> true;
            default -> numClasses > 2;
        };
        int k = multinomial ? numClasses : 1;
        int d = features.width();
        double regParam = get(REG_PARAM);
        double alpha = get(ELASTIC_NET_PARAM);
        boolean fitIntercept = get(FIT_INTERCEPT);
        KernelParams.Builder kp = KernelParams.builder().put("featuresCol", get(FEATURES_COL))
            .put("labelCol", get(LABEL_COL));
        if (weightCol != null) {
            kp.put("weightCol", weightCol);
        }
        LinearObjective objective = new LinearObjective(frame,
            multinomial ? LossKernels.multinomialKernel() : LossKernels.binaryLogisticKernel(), kp.build(), k,
            features.mean(), features.std(), fitIntercept, regParam * (1 - alpha), get(STANDARDIZATION), depth);
        double[] x0 = new double[objective.dimension()];
        if (fitIntercept) {
            initIntercepts(x0, k * d, classWeights, multinomial);
        }
        double l1 = regParam * alpha;
        OptimizerOptions options = OptimizerOptions.defaults().withMaxIter(get(MAX_ITER)).withTol(get(TOL));
        OptimizerResult result = l1 > 0
            ? new OWLQN(options).minimize(objective, objective.l1Weights(l1), x0)
            : new LBFGS(options).minimize(objective, x0);
        double[] coef = objective.effective(result.x());
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
        LogisticRegressionSummary trainingSummary = new LogisticRegressionSummary(result.lossHistory(),
            result.iterations(), objective.evaluations(), result.reason().description());
        Provenance p = rec.metric("objective", result.value()).metric("iterations", result.iterations())
            .metric("rowCount", features.count()).finish();
        LogisticRegressionModel model = new LogisticRegressionModel(uid(), paramMap(), numClasses, multinomial,
            coefficients, intercepts, trainingSummary, p);
        return Tracking.onFit(this, model, frame);
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
