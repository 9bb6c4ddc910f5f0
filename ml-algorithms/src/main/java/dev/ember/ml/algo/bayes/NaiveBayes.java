package dev.ember.ml.algo.bayes;

import com.google.errorprone.annotations.CheckReturnValue;
import dev.ember.ml.algo.stat.LabelClasses;
import dev.ember.ml.core.EstimatorBase;
import dev.ember.ml.core.InvalidArgumentException;
import dev.ember.ml.core.Provenance;
import dev.ember.ml.core.StageBase;
import dev.ember.ml.core.Uids;
import dev.ember.ml.core.data.DataType;
import dev.ember.ml.core.data.Field;
import dev.ember.ml.core.data.Frame;
import dev.ember.ml.core.data.Schema;
import dev.ember.ml.core.param.Param;
import dev.ember.ml.core.param.ParamMap;
import dev.ember.ml.core.param.ParamValidators;
import dev.ember.ml.core.param.SharedParams;
import dev.ember.ml.core.persist.StageReader;
import dev.ember.ml.core.runtime.AggregateCall;

import java.util.List;

/**
 * Naive Bayes classification with Spark ML's names and defaults ({@code modelType = "multinomial"},
 * {@code smoothing = 1.0}, {@code thresholds}, {@code weightCol}), trained in one pass over the data
 * ({@link NaiveBayesKernels.ClassStats}: per class its weight, weighted feature sums and, for the Gaussian model,
 * weighted centered squares). Labels are class indices 0..K-1. With {@code W_c} the class weight, {@code W} the
 * total, {@code S_cj} the weighted sums, {@code l} the smoothing, {@code d} the width:
 *
 * <ul>
 *   <li>{@code multinomial} (Spark's, scikit-learn's {@code MultinomialNB}): log prior
 *   {@code pi_c = log((W_c + l) / (W + K l))}, {@code theta_cj = log((S_cj + l) / (sum_j S_cj + d l))};
 *   features {@code >= 0}.</li>
 *   <li>{@code bernoulli} ({@code BernoulliNB}): the same prior, {@code theta_cj = log((S_cj + l) / (W_c + 2 l))};
 *   features 0 or 1.</li>
 *   <li>{@code complement} (Rennie et al. 2003; {@code ComplementNB} with {@code norm=False}):
 *   {@code theta_cj = -log((F_j - S_cj + l) / sum_j (F_j - S_cj + l))}, {@code F_j = sum_c S_cj}; the
 *   likelihood is {@code theta_c . x} without the prior (as scikit-learn with more than one class); features
 *   {@code >= 0}.</li>
 *   <li>{@code gaussian} ({@code GaussianNB}): unsmoothed prior {@code log(W_c / W)}, per class weighted means
 *   {@code theta} and population variances {@code sigma}, to which {@code varSmoothing} times the largest
 *   variance of any feature over all rows is added (scikit-learn's {@code var_smoothing}, default 1e-9; Spark
 *   adds the same 1e-9 fraction).</li>
 * </ul>
 *
 * <p>The model's {@code rawPrediction} is the joint log-likelihood per class, {@code probability} its softmax and
 * {@code prediction} the most probable class (or the largest {@code p / threshold} with {@code thresholds}).
 * scikit-learn's multinomial and Bernoulli models use unsmoothed priors by default; pass
 * {@code class_prior=(W_c + l) / (W + K l)} to compare.
 */
@CheckReturnValue
public final class NaiveBayes extends EstimatorBase<NaiveBayes, NaiveBayesModel> {
    /** Features column. */
    public static final Param<String> FEATURES_COL = SharedParams.featuresCol();
    /** Label column. */
    public static final Param<String> LABEL_COL = SharedParams.labelCol("label column: class index 0..K-1");
    /** Weight column. */
    public static final Param<String> WEIGHT_COL = SharedParams.weightCol();
    /** Prediction column. */
    public static final Param<String> PREDICTION_COL = SharedParams.predictionCol("predicted class index");
    /** Raw prediction column. */
    public static final Param<String> RAW_PREDICTION_COL = SharedParams.rawPredictionCol(
        "joint log-likelihood per class (vector)");
    /** Probability column. */
    public static final Param<String> PROBABILITY_COL = Param.ofString("probabilityCol",
        "posterior probability per class (vector)", "probability", ParamValidators.nonEmpty());
    /** Additive smoothing. */
    public static final Param<Double> SMOOTHING = Param.ofDouble("smoothing", "additive smoothing (>= 0)", 1.0,
        ParamValidators.gtEq(0));
    /** Model type. */
    public static final Param<String> MODEL_TYPE = Param.ofString("modelType",
        "multinomial, bernoulli, gaussian or complement", "multinomial",
        ParamValidators.oneOf("multinomial", "bernoulli", "gaussian", "complement"));
    /** Gaussian variance smoothing. */
    public static final Param<Double> VAR_SMOOTHING = Param.ofDouble("varSmoothing",
        "gaussian: fraction of the largest feature variance added to every variance (>= 0)", 1e-9,
        ParamValidators.gtEq(0));
    /** Per-class thresholds. */
    public static final Param<double[]> THRESHOLDS = Param.ofDoubleArray("thresholds",
        "per-class thresholds: predict the largest p / t (empty: the most probable class)", new double[0],
        ParamValidators.any());

    static final List<Param<?>> PARAMS = List.of(FEATURES_COL, LABEL_COL, WEIGHT_COL, PREDICTION_COL,
        RAW_PREDICTION_COL, PROBABILITY_COL, SMOOTHING, MODEL_TYPE, VAR_SMOOTHING, THRESHOLDS);

    /** A new estimator with Spark's defaults. */
    public NaiveBayes() {
        this(Uids.random("NaiveBayes"), ParamMap.empty());
    }

    private NaiveBayes(String uid, ParamMap params) {
        super(uid, params);
    }

    /** @param v the model type @return a copy with it set */
    public NaiveBayes modelType(String v) {
        return with(MODEL_TYPE, v);
    }

    /** @param v the smoothing @return a copy with it set */
    public NaiveBayes smoothing(double v) {
        return with(SMOOTHING, v);
    }

    /** @param v the label column @return a copy with it set */
    public NaiveBayes labelCol(String v) {
        return with(LABEL_COL, v);
    }

    /** @param v the weight column @return a copy with it set */
    public NaiveBayes weightCol(String v) {
        return with(WEIGHT_COL, v);
    }

    /** @param v featuresCol: features vector column @return a copy with it set */
    public NaiveBayes featuresCol(String v) {
        return with(FEATURES_COL, v);
    }

    /** @param v predictionCol: predicted class index @return a copy with it set */
    public NaiveBayes predictionCol(String v) {
        return with(PREDICTION_COL, v);
    }

    /** @param v rawPredictionCol: joint log-likelihood per class (vector) @return a copy with it set */
    public NaiveBayes rawPredictionCol(String v) {
        return with(RAW_PREDICTION_COL, v);
    }

    /** @param v probabilityCol: posterior probability per class (vector) @return a copy with it set */
    public NaiveBayes probabilityCol(String v) {
        return with(PROBABILITY_COL, v);
    }

    /** @param v varSmoothing: gaussian: fraction of the largest feature variance added to every variance (&gt;= 0) @return a copy with it set */
    public NaiveBayes varSmoothing(double v) {
        return with(VAR_SMOOTHING, v);
    }

    /** @param v thresholds: per-class thresholds: predict the largest p / t (empty: the most probable class) @return a copy with it set */
    public NaiveBayes thresholds(double... v) {
        return with(THRESHOLDS, v.clone());
    }

    @Override
    public List<Param<?>> params() {
        return PARAMS;
    }

    @Override
    protected NaiveBayes withParams(ParamMap params) {
        return new NaiveBayes(uid(), params);
    }

    @Override
    public Schema transformSchema(Schema schema) {
        schema.require(get(LABEL_COL), DataType.DOUBLE, DataType.FLOAT, DataType.INT, DataType.LONG);
        if (!get(WEIGHT_COL).isEmpty()) {
            schema.require(get(WEIGHT_COL), DataType.DOUBLE, DataType.FLOAT, DataType.INT, DataType.LONG);
        }
        schema.require(get(FEATURES_COL), DataType.VECTOR);
        return schema;
    }

    static Schema outputSchema(Schema schema, StageBase<?> stage, int numClasses) {
        schema.require(stage.get(FEATURES_COL), DataType.VECTOR);
        return schema.add(Field.vector(stage.get(RAW_PREDICTION_COL), numClasses, DataType.DOUBLE))
            .add(Field.vector(stage.get(PROBABILITY_COL), numClasses, DataType.DOUBLE))
            .add(Field.of(stage.get(PREDICTION_COL), DataType.DOUBLE, false));
    }

    @Override
    protected NaiveBayesModel fitModel(Frame frame, Provenance.Recorder rec) {
        String type = get(MODEL_TYPE);
        double[] st = frame.treeAggregate(AggregateCall.of(NaiveBayesKernels.ClassStats.class,
            new NaiveBayesKernels.StatsArgs(get(FEATURES_COL), get(LABEL_COL), get(WEIGHT_COL), type).toParams()),
            2);
        if (st.length == 0 || st[1] == 0) {
            throw new InvalidArgumentException("NaiveBayes: found no rows, expected labelled rows to fit");
        }
        int d = (int) st[0];
        int s = NaiveBayesKernels.slot(d);
        // as many classes as StringIndexer's labels on the label column, if it has them (a split may lack one)
        int k = LabelClasses.numClasses("NaiveBayes", frame.schema(), get(LABEL_COL), (int) st[1]);
        if (k > st[1]) {
            st = java.util.Arrays.copyOf(st, NaiveBayesKernels.HEADER + k * s);
            st[1] = k;
        }
        double total = 0;
        for (int c = 0; c < k; c++) {
            total += st[NaiveBayesKernels.HEADER + c * s];
        }
        if (!(total > 0)) {
            throw new InvalidArgumentException("NaiveBayes: found total weight " + total + ", expected > 0");
        }
        double[] classWeights = new double[k];
        for (int c = 0; c < k; c++) {
            classWeights[c] = st[NaiveBayesKernels.HEADER + c * s];
        }
        LabelClasses.warnIfEmpty("NaiveBayes", frame.schema(), get(LABEL_COL), classWeights);
        ClassTables t = ClassTables.fit(type, st, d, k, total, get(SMOOTHING), get(VAR_SMOOTHING));
        Provenance p = rec.metric("numClasses", k).metric("rowWeight", total).finish();
        return new NaiveBayesModel(uid(), paramMap(), t.pi(), t.theta(), t.sigma(), p);
    }

    static NaiveBayes load(StageReader reader) {
        return new NaiveBayes(reader.uid(), reader.params(PARAMS));
    }
}
