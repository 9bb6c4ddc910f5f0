package dev.ember.ml.algo.classification;

import com.google.errorprone.annotations.CheckReturnValue;
import dev.ember.ml.algo.FeatureNames;
import dev.ember.ml.algo.stat.ColumnSummary;
import dev.ember.ml.algo.stat.Summarizer;
import dev.ember.ml.core.Estimator;
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
import dev.ember.ml.core.param.SharedParams;
import dev.ember.ml.core.persist.StageReader;

import java.util.Arrays;
import java.util.List;

/**
 * Linear support vector machine: minimizes the mean hinge loss {@code max(0, 1 - (2y - 1)(x . w + b))} plus
 * {@code regParam / 2 * ||w||^2} (standardized coefficients by default, intercept unpenalized), Spark ML's
 * objective. Unlike Spark (OWL-QN, which stalls at the hinge's kinks) the quadratic program is solved exactly by
 * {@link HingeSolver}: a smoothed-hinge Newton homotopy finished by an exact active-set polish that is verified
 * against the KKT conditions in one more pass. With {@code regParam = 0} (the default, as in Spark) the problem
 * is a linear program, solved exactly by simplex solves of the rows near the margin on the driver, certified
 * over all rows by a lower bound from the LP's dual; its optimum may not be unique: the objective value is then
 * exact, the coefficients one of the optima. On separable data (loss 0) the maximum-margin separator, the limit of
 * the solution as regParam falls to 0, is returned. {@code maxIter}
 * bounds the Newton steps and, separately, the band LPs; {@code tol} is not used (the fit ends at the verified
 * optimum). Labels are 0 and 1; {@code rawPrediction} is {@code [-m, m]} and
 * the prediction is 1 when {@code m > threshold}.
 */
@CheckReturnValue
public final class LinearSVC extends StageBase<LinearSVC> implements Estimator<LinearSVCModel> {
    /** Features column. */
    public static final Param<String> FEATURES_COL = SharedParams.featuresCol();
    /** Label column. */
    public static final Param<String> LABEL_COL = Param.ofString("labelCol", "label column: 0 or 1", "label",
        ParamValidators.nonEmpty());
    /** Weight column. */
    public static final Param<String> WEIGHT_COL = SharedParams.weightCol();
    /** Prediction column. */
    public static final Param<String> PREDICTION_COL = SharedParams.predictionCol("predicted class: 0 or 1");
    /** Raw prediction column. */
    public static final Param<String> RAW_PREDICTION_COL = SharedParams.rawPredictionCol("margins [-m, m] (vector)");
    /** Regularization strength. */
    public static final Param<Double> REG_PARAM = SharedParams.regParam();
    /** Iteration limit. */
    public static final Param<Integer> MAX_ITER = SharedParams.maxIter(100);
    /** Convergence tolerance. */
    public static final Param<Double> TOL = SharedParams.tol(1e-6);
    /** Intercept. */
    public static final Param<Boolean> FIT_INTERCEPT = SharedParams.fitIntercept();
    /** Standardization. */
    public static final Param<Boolean> STANDARDIZATION = SharedParams.standardization();
    /** Threshold on the margin. */
    public static final Param<Double> THRESHOLD = Param.ofDouble("threshold",
        "predict 1 when the margin exceeds it", 0.0, ParamValidators.any());
    /** Tree-aggregate depth. */
    public static final Param<Integer> AGGREGATION_DEPTH = SharedParams.aggregationDepth();

    static final List<Param<?>> PARAMS = List.of(FEATURES_COL, LABEL_COL, WEIGHT_COL, PREDICTION_COL,
        RAW_PREDICTION_COL, REG_PARAM, MAX_ITER, TOL, FIT_INTERCEPT, STANDARDIZATION, THRESHOLD, AGGREGATION_DEPTH);

    /** A new estimator with default params. */
    public LinearSVC() {
        this(Uids.random("LinearSVC"), ParamMap.empty());
    }

    private LinearSVC(String uid, ParamMap params) {
        super(uid, params);
    }

    /** @param v regParam @return a copy with it set */
    public LinearSVC regParam(double v) {
        return with(REG_PARAM, v);
    }

    /** @param v featuresCol: features vector column @return a copy with it set */
    public LinearSVC featuresCol(String v) {
        return with(FEATURES_COL, v);
    }

    /** @param v labelCol: label column: 0 or 1 @return a copy with it set */
    public LinearSVC labelCol(String v) {
        return with(LABEL_COL, v);
    }

    /** @param v weightCol: row weight column (empty: every row weighs 1) @return a copy with it set */
    public LinearSVC weightCol(String v) {
        return with(WEIGHT_COL, v);
    }

    /** @param v predictionCol: predicted class: 0 or 1 @return a copy with it set */
    public LinearSVC predictionCol(String v) {
        return with(PREDICTION_COL, v);
    }

    /** @param v rawPredictionCol: margins [-m, m] (vector) @return a copy with it set */
    public LinearSVC rawPredictionCol(String v) {
        return with(RAW_PREDICTION_COL, v);
    }

    /** @param v maxIter: maximum iterations (&gt;= 0) @return a copy with it set */
    public LinearSVC maxIter(int v) {
        return with(MAX_ITER, v);
    }

    /** @param v tol: convergence tolerance (&gt;= 0) @return a copy with it set */
    public LinearSVC tol(double v) {
        return with(TOL, v);
    }

    /** @param v fitIntercept: fit an intercept @return a copy with it set */
    public LinearSVC fitIntercept(boolean v) {
        return with(FIT_INTERCEPT, v);
    }

    /** @param v standardization: penalize standardized coefficients (the data is never copied) @return a copy with it set */
    public LinearSVC standardization(boolean v) {
        return with(STANDARDIZATION, v);
    }

    /** @param v threshold: predict 1 when the margin exceeds it @return a copy with it set */
    public LinearSVC threshold(double v) {
        return with(THRESHOLD, v);
    }

    /** @param v aggregationDepth: depth of the tree-aggregate (&gt;= 1) @return a copy with it set */
    public LinearSVC aggregationDepth(int v) {
        return with(AGGREGATION_DEPTH, v);
    }

    @Override
    public List<Param<?>> params() {
        return PARAMS;
    }

    @Override
    protected LinearSVC withParams(ParamMap params) {
        return new LinearSVC(uid(), params);
    }

    @Override
    public Schema transformSchema(Schema schema) {
        schema.require(get(LABEL_COL), DataType.DOUBLE, DataType.FLOAT, DataType.INT, DataType.LONG);
        return outputSchema(schema, this);
    }

    static Schema outputSchema(Schema schema, StageBase<?> stage) {
        schema.require(stage.get(FEATURES_COL), DataType.VECTOR);
        return schema.add(Field.vector(stage.get(RAW_PREDICTION_COL), 2, DataType.DOUBLE))
            .add(Field.of(stage.get(PREDICTION_COL), DataType.DOUBLE, false));
    }

    @Override
    public LinearSVCModel fit(Frame frame) {
        try (FitScope scope = Tracking.enterFit(this)) {
            return fitInScope(frame);
        }
    }

    private LinearSVCModel fitInScope(Frame frame) {
        transformSchema(frame.schema());
        Provenance.Recorder rec = Provenance.begin(this, frame, null);
        String weightCol = get(WEIGHT_COL).isEmpty() ? null : get(WEIGHT_COL);
        int depth = get(AGGREGATION_DEPTH);
        Summarizer.Summary s = Summarizer.summarize(frame, get(FEATURES_COL), get(LABEL_COL), weightCol, depth);
        if (s.labels().numClasses() > 2) {
            throw new InvalidArgumentException("LinearSVC: column '" + get(LABEL_COL) + "' has "
                + s.labels().numClasses() + " classes, expected labels 0 and 1");
        }
        ColumnSummary features = s.features();
        double[] mean = features.mean();
        double[] std = features.std();
        HingeSolver.Result r = new HingeSolver(frame, get(FEATURES_COL), get(LABEL_COL), weightCol, mean, std,
            get(FIT_INTERCEPT), get(REG_PARAM), get(STANDARDIZATION), depth, get(MAX_ITER)).solve();
        int d = features.width();
        double[] coef = new double[d];
        double intercept = get(FIT_INTERCEPT) ? r.theta()[d] : 0;
        for (int j = 0; j < d; j++) {
            coef[j] = std[j] > 0 ? r.theta()[j] / std[j] : 0;
            if (get(FIT_INTERCEPT)) {
                intercept -= coef[j] * mean[j];
            }
        }
        double[] history = Arrays.copyOf(r.history(), r.history().length + 1);
        history[history.length - 1] = r.objective();
        LogisticRegressionSummary summary = new LogisticRegressionSummary(history, r.steps(), r.passes(),
            r.reason());
        Provenance p = rec.metric("objective", r.objective()).metric("iterations", r.steps())
            .metric("passes", r.passes()).finish();
        LinearSVCModel model = new LinearSVCModel(uid(), paramMap(), coef, intercept, summary, p,
            FeatureNames.of(frame.schema(), get(FEATURES_COL)));
        return Tracking.onFit(this, model, frame);
    }

    static LinearSVC load(StageReader reader) {
        return new LinearSVC(reader.uid(), reader.params(PARAMS));
    }
}
