package dev.ember.ml.algo.regression;

import com.google.errorprone.annotations.CheckReturnValue;
import dev.ember.ml.algo.FeatureNames;
import dev.ember.ml.algo.optim.LinearObjective;
import dev.ember.ml.algo.optim.LinearSolve;
import dev.ember.ml.core.FitMonitor;
import dev.ember.ml.algo.optim.LossKernels;
import dev.ember.ml.algo.optim.OptimizerOptions;
import dev.ember.ml.algo.optim.OptimizerResult;
import dev.ember.ml.algo.stat.ColumnSummary;
import dev.ember.ml.algo.stat.Summarizer;
import dev.ember.ml.core.DataFingerprint;
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
import dev.ember.ml.core.runtime.AggregateCall;
import dev.ember.ml.core.runtime.KernelParams;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.ArrayRealVector;
import org.apache.commons.math3.linear.CholeskyDecomposition;
import org.apache.commons.math3.linear.NonPositiveDefiniteMatrixException;
import org.apache.commons.math3.linear.RealMatrix;
import org.apache.commons.math3.linear.SingularValueDecomposition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;

/**
 * Linear least squares with elastic-net regularization, as Spark ML's {@code LinearRegression} (and glmnet's
 * gaussian family): minimizes
 *
 * <pre>
 *   (1/2W) sum_i w_i (y_i - x_i . beta - b)^2 + regParam * (alpha * sum_j |beta_j s_j|
 *                                                           + (1 - alpha) / (2 s_y) * sum_j (beta_j s_j)^2)
 * </pre>
 *
 * <p>with {@code s_j} the feature standard deviations (1 without standardization) and {@code s_y} the label's:
 * the label is standardized too, which scales the L2 part. Solvers:
 * <ul>
 *   <li>{@code normal}: one pass gathers the weighted co-moments of features and label (merged without
 *   cancellation); the normal equations are solved by Cholesky, falling back to the least-norm SVD solution
 *   when they are singular (collinear features). L2 only. Population standard deviations, as Spark's
 *   {@code WeightedLeastSquares} and glmnet.</li>
 *   <li>{@code l-bfgs}: L-BFGS, or OWL-QN with an L1 term, one tree-aggregate pass per evaluation. Sample
 *   standard deviations, as Spark's L-BFGS path.</li>
 *   <li>{@code auto} (default): normal when there is no L1 term and at most 4096 features, else l-bfgs.</li>
 * </ul>
 */
@CheckReturnValue
public final class LinearRegression extends StageBase<LinearRegression>
    implements TwoPhaseEstimator<LinearRegressionModel> {
    private static final Logger LOG = LoggerFactory.getLogger(LinearRegression.class);
    private static final int MAX_NORMAL_FEATURES = 4096;

    /** Features column. */
    public static final Param<String> FEATURES_COL = Param.ofString("featuresCol", "features vector column",
        "features", ParamValidators.nonEmpty());
    /** Label column. */
    public static final Param<String> LABEL_COL = Param.ofString("labelCol", "numeric label column", "label",
        ParamValidators.nonEmpty());
    /** Weight column. */
    public static final Param<String> WEIGHT_COL = Param.ofString("weightCol",
        "row weight column (empty: every row weighs 1)", "", ParamValidators.any());
    /** Prediction column. */
    public static final Param<String> PREDICTION_COL = Param.ofString("predictionCol", "prediction column",
        "prediction", ParamValidators.nonEmpty());
    /** Regularization strength. */
    public static final Param<Double> REG_PARAM = Param.ofDouble("regParam", "regularization strength (>= 0)",
        0.0, ParamValidators.gtEq(0));
    /** Elastic-net mixing. */
    public static final Param<Double> ELASTIC_NET_PARAM = Param.ofDouble("elasticNetParam",
        "elastic-net mixing: 0 is L2 (ridge), 1 is L1 (lasso)", 0.0, ParamValidators.inRange(0, 1));
    /** Iteration limit. */
    public static final Param<Integer> MAX_ITER = Param.ofInt("maxIter", "maximum iterations (>= 0), l-bfgs",
        100, ParamValidators.gtEq(0));
    /** Convergence tolerance. */
    public static final Param<Double> TOL = Param.ofDouble("tol", "convergence tolerance (>= 0), l-bfgs", 1e-6,
        ParamValidators.gtEq(0));
    /** Intercept. */
    public static final Param<Boolean> FIT_INTERCEPT = Param.ofBoolean("fitIntercept", "fit an intercept", true);
    /** Standardization. */
    public static final Param<Boolean> STANDARDIZATION = Param.ofBoolean("standardization",
        "penalize standardized coefficients", true);
    /** Solver. */
    public static final Param<String> SOLVER = Param.ofString("solver", "auto, normal or l-bfgs", "auto",
        ParamValidators.oneOf("auto", "normal", "l-bfgs"));
    /** Tree-aggregate depth. */
    public static final Param<Integer> AGGREGATION_DEPTH = Param.ofInt("aggregationDepth",
        "depth of the tree-aggregate (>= 1)", 2, ParamValidators.gtEq(1));

    static final List<Param<?>> PARAMS = List.of(FEATURES_COL, LABEL_COL, WEIGHT_COL, PREDICTION_COL, REG_PARAM,
        ELASTIC_NET_PARAM, MAX_ITER, TOL, FIT_INTERCEPT, STANDARDIZATION, SOLVER, AGGREGATION_DEPTH);

    /** A new estimator with default params. */
    public LinearRegression() {
        this(Uids.random("LinearRegression"), ParamMap.empty());
    }

    private LinearRegression(String uid, ParamMap params) {
        super(uid, params);
    }

    /** @param v regParam @return a copy with it set */
    public LinearRegression regParam(double v) {
        return with(REG_PARAM, v);
    }

    /** @param v elasticNetParam @return a copy with it set */
    public LinearRegression elasticNetParam(double v) {
        return with(ELASTIC_NET_PARAM, v);
    }

    /** @param v tol (l-bfgs) @return a copy with it set */
    public LinearRegression tol(double v) {
        return with(TOL, v);
    }

    /** @param v maxIter (l-bfgs) @return a copy with it set */
    public LinearRegression maxIter(int v) {
        return with(MAX_ITER, v);
    }

    /** @param v auto, normal or l-bfgs @return a copy with it set */
    public LinearRegression solver(String v) {
        return with(SOLVER, v);
    }

    /** @param v featuresCol: features vector column @return a copy with it set */
    public LinearRegression featuresCol(String v) {
        return with(FEATURES_COL, v);
    }

    /** @param v labelCol: numeric label column @return a copy with it set */
    public LinearRegression labelCol(String v) {
        return with(LABEL_COL, v);
    }

    /** @param v weightCol: row weight column (empty: every row weighs 1) @return a copy with it set */
    public LinearRegression weightCol(String v) {
        return with(WEIGHT_COL, v);
    }

    /** @param v predictionCol: prediction column @return a copy with it set */
    public LinearRegression predictionCol(String v) {
        return with(PREDICTION_COL, v);
    }

    /** @param v fitIntercept: fit an intercept @return a copy with it set */
    public LinearRegression fitIntercept(boolean v) {
        return with(FIT_INTERCEPT, v);
    }

    /** @param v standardization: penalize standardized coefficients @return a copy with it set */
    public LinearRegression standardization(boolean v) {
        return with(STANDARDIZATION, v);
    }

    /** @param v aggregationDepth: depth of the tree-aggregate (&gt;= 1) @return a copy with it set */
    public LinearRegression aggregationDepth(int v) {
        return with(AGGREGATION_DEPTH, v);
    }

    @Override
    public List<Param<?>> params() {
        return PARAMS;
    }

    @Override
    protected LinearRegression withParams(ParamMap params) {
        return new LinearRegression(uid(), params);
    }

    @Override
    public Schema transformSchema(Schema schema) {
        schema.require(get(LABEL_COL), DataType.DOUBLE, DataType.FLOAT, DataType.INT, DataType.LONG);
        if (!get(WEIGHT_COL).isEmpty()) {
            schema.require(get(WEIGHT_COL), DataType.DOUBLE, DataType.FLOAT, DataType.INT, DataType.LONG);
        }
        return outputSchema(schema, this);
    }

    static Schema outputSchema(Schema schema, StageBase<?> stage) {
        schema.require(stage.get(FEATURES_COL), DataType.VECTOR);
        return schema.add(Field.of(stage.get(PREDICTION_COL), DataType.DOUBLE, false));
    }

    private String resolvedSolver(int width) {
        String s = get(SOLVER);
        double l1 = get(REG_PARAM) * get(ELASTIC_NET_PARAM);
        if ("normal".equals(s) && l1 > 0) {
            throw new InvalidArgumentException("solver normal: found elasticNetParam " + get(ELASTIC_NET_PARAM)
                + " with regParam " + get(REG_PARAM) + ", expected no L1 term (use solver l-bfgs or auto)");
        }
        if ("auto".equals(s)) {
            return l1 == 0 && width <= MAX_NORMAL_FEATURES ? "normal" : "l-bfgs";
        }
        return s;
    }

    @Override
    public LinearRegressionModel fit(Frame frame) {
        return fit(frame, (LinearRegressionModel) null);
    }

    /**
     * Fits with a warm start: solver {@code l-bfgs} starts from {@code initial}'s coefficients and intercept
     * (saving iterations when tuning over nearby params); solver {@code normal} solves in closed form and ignores
     * it. The result is the same optimum, to the tolerance. The statistics of {@link #statistics} and the
     * fingerprint are gathered in one pass.
     *
     * @param frame the training data
     * @param initial a model of the same feature width, or null for a cold start
     * @return the fitted model
     * @throws InvalidArgumentException if {@code initial} has another width
     */
    public LinearRegressionModel fit(Frame frame, LinearRegressionModel initial) {
        try (FitScope scope = Tracking.enterFit(this)) {
            FitContext context = FitContext.gather(frame, statistics(frame.schema()), get(AGGREGATION_DEPTH));
            return fitModel(frame, context.fingerprint(), context, null, initial);
        }
    }

    /**
     * Declares, for the normal solver, the co-moments of features and label (the whole fit's data), else the
     * features and label summary; and the input's fingerprint.
     */
    @Override
    public List<Statistic<?>> statistics(Schema input) {
        transformSchema(input);
        String solver = resolvedSolver(input.field(get(FEATURES_COL)).vectorSize());
        return List.of("normal".equals(solver) ? normalStatistic() : summaryStatistic(input), Statistic.fingerprint());
    }

    /** The l-bfgs solver (and auto, which may choose it) makes a pass per evaluation: a planner caches its input. */
    @Override
    public boolean iterative() {
        return !"normal".equals(get(SOLVER));
    }

    private Statistic<CoMoments> normalStatistic() {
        return Statistic.of("coMoments", get(FEATURES_COL), AggregateCall.of(RegressionKernels.NormalEquations.class,
            columns().build()));
    }

    private Statistic<?> summaryStatistic(Schema input) {
        return Summarizer.statistic(input, get(FEATURES_COL), get(LABEL_COL), weightColOrNull(), true);
    }

    private String weightColOrNull() {
        return get(WEIGHT_COL).isEmpty() ? null : get(WEIGHT_COL);
    }

    /** Fits from the statistics of {@link #statistics} (a cold start); the l-bfgs solver's passes follow. */
    @Override
    public LinearRegressionModel fitFrom(Frame frame, FitContext context) {
        transformSchema(frame.schema());
        return fitModel(frame, context.fingerprint(), context, null, null);
    }

    /**
     * The statistics pass of an l-bfgs fit: feature means and standard deviations, label mean and variance, one
     * tree-aggregate. A plan that gathers these in a shared pass calls {@link #fitFrom} instead.
     *
     * @param frame the training data
     * @return the summary
     */
    public Summarizer.Summary summarize(Frame frame) {
        return Summarizer.summarizeRegression(frame, get(FEATURES_COL), get(LABEL_COL), weightColOrNull(),
            get(AGGREGATION_DEPTH));
    }

    /**
     * The numerical part of a fit. Solver {@code normal} gathers its own co-moments in one pass and needs no
     * summary; solver {@code l-bfgs} takes the summary of {@link #summarize} (gathered here, with the fingerprint,
     * if null).
     *
     * @param frame the training data (cache it for l-bfgs: every evaluation is a pass)
     * @param summary the features' and the numeric label's summary of {@code frame}, or null
     * @param initial a warm start for l-bfgs, or null
     * @return the fitted model
     */
    public LinearRegressionModel fitWithSummary(Frame frame, Summarizer.Summary summary,
                                                LinearRegressionModel initial) {
        transformSchema(frame.schema());
        String solver = resolvedSolver(frame.schema().field(get(FEATURES_COL)).vectorSize());
        if (summary == null || "normal".equals(solver)) {
            return fit(frame, initial);
        }
        return fitModel(frame, DataFingerprint.of(frame), null, summary, initial);
    }

    /**
     * @param context the statistics of {@link #statistics}, or null when {@code summary} is given (l-bfgs)
     * @param summary the l-bfgs summary, or null to read it from {@code context}
     */
    private LinearRegressionModel fitModel(Frame frame, DataFingerprint data, FitContext context,
                                           Summarizer.Summary summary, LinearRegressionModel initial) {
        Provenance.Recorder rec = Provenance.begin(this, data, null);
        int width = frame.schema().field(get(FEATURES_COL)).vectorSize();
        String solver = resolvedSolver(width);
        if (initial != null && initial.coefficients().length != width) {
            throw new InvalidArgumentException("initial model: found " + initial.coefficients().length
                + " features, expected " + width);
        }
        Fitted f = "normal".equals(solver) ? fitNormal(context)
            : fitLbfgs(frame, summary != null ? summary
                : Summarizer.summary(context, get(FEATURES_COL), get(LABEL_COL), weightColOrNull(), true), initial);
        Provenance p = rec.metric("objective", f.objective).metric("iterations", f.summary.iterations())
            .finish();
        LOG.debug("fitted {} with solver {} in {} iterations", uid(), solver, f.summary.iterations());
        LinearRegressionModel model = new LinearRegressionModel(uid(), paramMap(), f.coefficients, f.intercept,
            f.summary, p, FeatureNames.of(frame.schema(), get(FEATURES_COL)));
        return Tracking.onFit(this, model, frame);
    }

    private record Fitted(double[] coefficients, double intercept, double objective,
                          LinearRegressionSummary summary) {
    }

    private KernelParams.Builder columns() {
        KernelParams.Builder kp = KernelParams.builder().put("featuresCol", get(FEATURES_COL))
            .put("labelCol", get(LABEL_COL));
        if (!get(WEIGHT_COL).isEmpty()) {
            kp.put("weightCol", get(WEIGHT_COL));
        }
        return kp;
    }

    private Fitted fitNormal(FitContext context) {
        CoMoments m = context.get(normalStatistic());
        if (m == null || !(m.weightSum > 0)) {
            throw new InvalidArgumentException("LinearRegression: no rows with positive weight to fit on");
        }
        int d = m.d;
        double w = m.weightSum;
        boolean intercept = get(FIT_INTERCEPT);
        double sigmaY = Math.sqrt(m.syy / w);
        double l2 = sigmaY > 0 ? get(REG_PARAM) * (1 - get(ELASTIC_NET_PARAM)) / sigmaY : 0;
        List<Integer> active = new ArrayList<>();
        for (int j = 0; j < d; j++) {
            double second = m.sxx(j, j) / w + (intercept ? 0 : m.meanX[j] * m.meanX[j]);
            if (second > 0) {
                active.add(j);
            }
        }
        double[] beta = new double[d];
        int a = active.size();
        if (a > 0) {
            double[][] lhs = new double[a][a];
            double[] rhs = new double[a];
            for (int p = 0; p < a; p++) {
                int i = active.get(p);
                for (int q = 0; q < a; q++) {
                    int j = active.get(q);
                    lhs[p][q] = m.sxx(i, j) / w + (intercept ? 0 : m.meanX[i] * m.meanX[j]);
                }
                double var = m.sxx(i, i) / w;
                lhs[p][p] += l2 * (get(STANDARDIZATION) ? var : 1);
                rhs[p] = m.sxy[i] / w + (intercept ? 0 : m.meanX[i] * m.meanY);
            }
            double[] solved = solve(lhs, rhs);
            for (int p = 0; p < a; p++) {
                beta[active.get(p)] = solved[p];
            }
        }
        double b = 0;
        if (intercept) {
            b = m.meanY;
            for (int j = 0; j < d; j++) {
                b -= beta[j] * m.meanX[j];
            }
        }
        // objective = RSS / 2W + penalty, from the moments
        double rss = intercept ? m.syy / w : m.syy / w + m.meanY * m.meanY;
        double penalty = 0;
        for (int i = 0; i < d; i++) {
            double ci = m.sxy[i] / w + (intercept ? 0 : m.meanX[i] * m.meanY);
            rss -= 2 * beta[i] * ci;
            for (int j = 0; j < d; j++) {
                rss += beta[i] * beta[j] * (m.sxx(i, j) / w + (intercept ? 0 : m.meanX[i] * m.meanX[j]));
            }
            double var = m.sxx(i, i) / w;
            penalty += 0.5 * l2 * (get(STANDARDIZATION) ? var : 1) * beta[i] * beta[i];
        }
        double objective = rss / 2 + penalty;
        return new Fitted(beta, b, objective, new LinearRegressionSummary(new double[] {objective}, 0, 1, "normal"));
    }

    /** Cholesky, or the least-norm SVD solution when the system is singular. */
    static double[] solve(double[][] lhs, double[] rhs) {
        RealMatrix a = new Array2DRowRealMatrix(lhs, false);
        try {
            return new CholeskyDecomposition(a, 1e-14, 1e-14).getSolver().solve(new ArrayRealVector(rhs, false))
                .toArray();
        } catch (NonPositiveDefiniteMatrixException | org.apache.commons.math3.linear.NonSymmetricMatrixException e) {
            LOG.warn("the normal equations are singular (collinear or constant features); using the least-norm"
                + " solution");
            return new SingularValueDecomposition(a).getSolver().solve(new ArrayRealVector(rhs, false)).toArray();
        }
    }

    private Fitted fitLbfgs(Frame frame, Summarizer.Summary s, LinearRegressionModel initial) {
        int depth = get(AGGREGATION_DEPTH);
        if (Double.isNaN(s.labelVariance())) {
            throw new InvalidArgumentException("summary: found no numeric label moments, expected those of column '"
                + get(LABEL_COL) + "' (use summarize(frame))");
        }
        ColumnSummary features = s.features();
        double sigmaY = Math.sqrt(s.labelVariance());
        int d = features.width();
        boolean intercept = get(FIT_INTERCEPT);
        if (sigmaY == 0) {
            double b = intercept ? s.labelMean() : 0;
            LOG.warn("the label is constant; the coefficients are 0{}", intercept ? " and the intercept its value"
                : "");
            return new Fitted(new double[d], b, 0, new LinearRegressionSummary(new double[] {0}, 0, 0,
                "constant label"));
        }
        double regParam = get(REG_PARAM) / sigmaY;
        double alpha = get(ELASTIC_NET_PARAM);
        LinearObjective objective = new LinearObjective(frame, LossKernels.leastSquaresKernel(), columns().build(), 1,
            features.mean(), features.std(), intercept, regParam * (1 - alpha), get(STANDARDIZATION), depth,
            sigmaY);
        double[] x0;
        if (initial != null) {
            double[] start = java.util.Arrays.copyOf(initial.coefficients(), d + 1);
            start[d] = intercept ? initial.intercept() : 0;
            x0 = objective.variables(start);
        } else {
            x0 = new double[objective.dimension()];
            if (intercept) {
                x0[d] = s.labelMean() / sigmaY;
            }
        }
        OptimizerOptions options = OptimizerOptions.defaults().withMaxIter(get(MAX_ITER)).withTol(get(TOL));
        double l1 = regParam * alpha;
        List<String> names = FeatureNames.of(frame.schema(), get(FEATURES_COL));
        // a sweep's monitor sees every accepted L-BFGS / OWL-QN iteration with the model of its iterate (the normal
        // solver has no iterations, so it reports nothing)
        FitMonitor.current().ifPresent(m -> objective.onIteration((it, fx, x) -> m.onIteration(it,
            fx * sigmaY * sigmaY, () -> {
                double[] c = objective.effective(x);
                return new LinearRegressionModel(uid(), paramMap(), java.util.Arrays.copyOf(c, d), c[d],
                    new LinearRegressionSummary(new double[] {fx * sigmaY * sigmaY}, it, objective.evaluations(),
                        "in progress"), null, names);
            })));
        OptimizerResult r = LinearSolve.minimize(objective, options, l1, false, x0, features.count());
        double[] coef = objective.effective(r.x());
        double[] beta = java.util.Arrays.copyOf(coef, d);
        // objective in the original units: multiply the standardized-label objective by s_y^2
        double[] history = r.lossHistory();
        for (int i = 0; i < history.length; i++) {
            history[i] *= sigmaY * sigmaY;
        }
        return new Fitted(beta, coef[d], r.value() * sigmaY * sigmaY, new LinearRegressionSummary(history,
            r.iterations(), objective.evaluations(), r.reason().description()));
    }

    static LinearRegression load(StageReader reader) {
        return new LinearRegression(reader.uid(), reader.params(PARAMS));
    }
}
