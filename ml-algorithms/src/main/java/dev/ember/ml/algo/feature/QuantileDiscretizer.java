package dev.ember.ml.algo.feature;

import com.google.errorprone.annotations.CheckReturnValue;
import dev.ember.ml.core.EstimatorBase;
import dev.ember.ml.core.InvalidArgumentException;
import dev.ember.ml.core.Provenance;
import dev.ember.ml.core.Uids;
import dev.ember.ml.core.data.Frame;
import dev.ember.ml.core.data.Schema;
import dev.ember.ml.core.param.Param;
import dev.ember.ml.core.param.ParamMap;
import dev.ember.ml.core.param.SharedParams;
import dev.ember.ml.core.param.ParamValidators;
import dev.ember.ml.core.persist.StageReader;
import dev.ember.ml.core.runtime.AggregateCall;
import dev.ember.ml.core.runtime.KernelParams;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Arrays;
import java.util.List;

/**
 * Bins a numeric column into {@code numBuckets} buckets of about equal counts, as Spark's
 * {@code QuantileDiscretizer}: fitting computes the split points at the quantiles {@code i / numBuckets},
 * replaces the outer ones by {@code -Infinity} and {@code Infinity}, and drops duplicates (a column with few
 * distinct values gets fewer buckets, with a warning, as in Spark). The model buckets like {@link Bucketizer}
 * ({@link QuantileDiscretizerModel#toBucketizer()} gives one).
 *
 * <p>Quantiles are <b>exact</b>, with Spark's definition: the value of rank {@code ceil(p * n)} among the
 * {@code n} sorted non-null, non-NaN values (what {@code approxQuantile} returns with {@code relativeError = 0};
 * numpy's {@code quantile(method="inverted_cdf")}). Fitting gathers the column's sorted values (8 bytes each on
 * the driver, see {@link QuantileKernels}), so {@code relativeError} is met with rank error 0; the param is kept
 * for Spark compatibility. Nulls and NaN are ignored in fitting (as Spark's {@code approxQuantile} does) and
 * handled by {@code handleInvalid} when transforming.
 */
@CheckReturnValue
public final class QuantileDiscretizer extends EstimatorBase<QuantileDiscretizer, QuantileDiscretizerModel> {
    /** The input column. */
    public static final Param<String> INPUT_COL =
        SharedParams.inputCol("input numeric column (double, float, int, long)", null);
    /** The output column. */
    public static final Param<String> OUTPUT_COL = SharedParams.outputCol("output bucket index column (double)", null);
    /** The number of buckets wanted. */
    public static final Param<Integer> NUM_BUCKETS = Param.ofInt("numBuckets",
        "the number of buckets (>= 2); fewer if quantiles coincide", 2, ParamValidators.gtEq(2));
    /** Spark's quantile error bound; met exactly. */
    public static final Param<Double> RELATIVE_ERROR = Param.ofDouble("relativeError",
        "the allowed relative rank error of the quantiles, in [0, 1]; Ember computes them exactly (error 0)", 0.001,
        ParamValidators.inRange(0, 1));
    /** Null and NaN inputs when transforming. */
    public static final Param<String> HANDLE_INVALID = Param.ofString("handleInvalid",
        "null and NaN inputs when transforming: error, skip (drop the row) or keep (an extra bucket)", "error",
        ParamValidators.oneOf("error", "skip", "keep"));

    static final List<Param<?>> PARAMS = List.of(INPUT_COL, OUTPUT_COL, NUM_BUCKETS, RELATIVE_ERROR,
        HANDLE_INVALID);
    private static final Logger LOG = LoggerFactory.getLogger(QuantileDiscretizer.class);

    /** A new discretizer into 2 buckets; set the columns. */
    public QuantileDiscretizer() {
        this(Uids.random("QuantileDiscretizer"), ParamMap.empty());
    }

    private QuantileDiscretizer(String uid, ParamMap params) {
        super(uid, params);
    }

    /** @param column input column @return a copy with it set */
    public QuantileDiscretizer inputCol(String column) {
        return with(INPUT_COL, column);
    }

    /** @param column output column @return a copy with it set */
    public QuantileDiscretizer outputCol(String column) {
        return with(OUTPUT_COL, column);
    }

    /** @param n the number of buckets @return a copy with it set */
    public QuantileDiscretizer numBuckets(int n) {
        return with(NUM_BUCKETS, n);
    }

    /** @param v relativeError: the allowed relative rank error of the quantiles, in [0, 1]; Ember computes them exactly (error 0) @return a copy with it set */
    public QuantileDiscretizer relativeError(double v) {
        return with(RELATIVE_ERROR, v);
    }

    /** @param v handleInvalid: null and NaN inputs when transforming: error, skip (drop the row) or keep (an extra bucket) @return a copy with it set */
    public QuantileDiscretizer handleInvalid(String v) {
        return with(HANDLE_INVALID, v);
    }

    @Override
    public List<Param<?>> params() {
        return PARAMS;
    }

    @Override
    protected QuantileDiscretizer withParams(ParamMap params) {
        return new QuantileDiscretizer(uid(), params);
    }

    @Override
    public Schema transformSchema(Schema schema) {
        return Bucketizer.outputSchema(schema, get(INPUT_COL), get(OUTPUT_COL));
    }

    @Override
    protected QuantileDiscretizerModel fitModel(Frame frame, Provenance.Recorder rec) {
        String column = get(INPUT_COL);
        double[] sorted = frame.treeAggregate(AggregateCall.of(QuantileKernels.SortedValues.class,
            KernelParams.builder().put("inputCols", new String[] {column}).put("missingValue", Double.NaN)
                .build()), 2)[0];
        if (sorted.length == 0) {
            throw new InvalidArgumentException("QuantileDiscretizer: column '" + column + "': found no value that is"
                + " not null or NaN, expected at least one to compute quantiles from");
        }
        double[] splits = splits(sorted, get(NUM_BUCKETS));
        if (splits.length < 3) {
            throw new InvalidArgumentException("QuantileDiscretizer: column '" + column + "': found quantile splits "
                + Arrays.toString(splits) + ", expected at least one finite split (the values are all infinite)");
        }
        if (splits.length - 1 < get(NUM_BUCKETS)) {
            LOG.warn("QuantileDiscretizer {}: column '{}' has quantiles that coincide; bucketing into {} buckets"
                + " instead of {}", uid(), column, splits.length - 1, get(NUM_BUCKETS));
        }
        Provenance p = rec.metric("rowCount", sorted.length).metric("numBuckets", splits.length - 1).finish();
        return new QuantileDiscretizerModel(uid(), paramMap(), splits, p);
    }

    /**
     * @param sorted the sorted values, at least one
     * @param numBuckets the number of buckets wanted
     * @return the distinct split points: -Infinity, the interior quantiles, Infinity
     */
    static double[] splits(double[] sorted, int numBuckets) {
        double[] q = new double[numBuckets + 1];
        for (int i = 0; i <= numBuckets; i++) {
            q[i] = QuantileKernels.quantile(sorted, (double) i / numBuckets) + 0.0;
        }
        q[0] = Double.NEGATIVE_INFINITY;
        q[numBuckets] = Double.POSITIVE_INFINITY;
        return Arrays.stream(q).sorted().distinct().toArray();
    }

    static QuantileDiscretizer load(StageReader reader) {
        return new QuantileDiscretizer(reader.uid(), reader.params(PARAMS));
    }
}
