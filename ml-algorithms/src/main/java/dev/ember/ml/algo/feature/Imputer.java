package dev.ember.ml.algo.feature;

import dev.ember.ml.core.EstimatorBase;
import dev.ember.ml.core.Provenance;
import dev.ember.ml.core.Uids;
import dev.ember.ml.core.data.Field;
import dev.ember.ml.core.data.Frame;
import dev.ember.ml.core.data.Schema;
import dev.ember.ml.core.param.Param;
import dev.ember.ml.core.param.ParamMap;
import dev.ember.ml.core.param.ParamValidators;
import dev.ember.ml.core.persist.StageReader;
import dev.ember.ml.core.runtime.AggregateCall;
import dev.ember.ml.core.runtime.KernelParams;

import java.util.List;

/**
 * Completes missing values of numeric columns with each column's mean, median or mode, as Spark's
 * {@code Imputer} (3.x, {@code inputCols}/{@code outputCols}).
 *
 * <p>Missing, when fitting: null, NaN, and values equal to {@code missingValue} (default NaN); the surrogate is
 * computed from the other values. When transforming, as in Spark: nulls and values equal to {@code missingValue}
 * are replaced (NaN equals NaN here), while a NaN is kept when {@code missingValue} is something else. A column
 * with no value left to fit on fails, naming it. Outputs keep the input's type and are non-nullable; an
 * {@code int} or {@code long} output takes the surrogate truncated toward zero (Spark's cast).
 *
 * <p>Strategies: {@code mean}; {@code median}, the lower median {@code x[ceil(n/2)]} (1-based, of the sorted
 * values), which is what Spark's {@code approxQuantile(0.5)} returns when exact and numpy's
 * {@code quantile(x, 0.5, method="inverted_cdf")}; {@code mode}, the most frequent value, the smallest among
 * ties (Spark 3.1+, scikit-learn). Median and mode are <b>exact</b>: fitting gathers each column's sorted
 * non-missing values ({@link QuantileKernels}, 8 bytes a value on the driver), so {@code relativeError} is met
 * with rank error 0. The param is kept for Spark compatibility and for a future quantile sketch. The mean
 * strategy needs only a count and a mean per column.
 */
public final class Imputer extends EstimatorBase<Imputer, ImputerModel> {
    /** The input columns. */
    public static final Param<String[]> INPUT_COLS = Param.ofStringArray("inputCols",
        "input numeric columns (double, float, int, long)", null, ParamValidators.nonEmptyDistinct());
    /** The output columns. */
    public static final Param<String[]> OUTPUT_COLS = Param.ofStringArray("outputCols",
        "output columns, one per input column, of the input's type", null, ParamValidators.nonEmptyDistinct());
    /** The surrogate statistic. */
    public static final Param<String> STRATEGY = Param.ofString("strategy",
        "the surrogate: mean, median (lower median) or mode (smallest most frequent value)", "mean",
        ParamValidators.oneOf("mean", "median", "mode"));
    /** The placeholder of missing values. */
    public static final Param<Double> MISSING_VALUE = Param.ofDouble("missingValue",
        "the placeholder for missing values (nulls are always missing)", Double.NaN, ParamValidators.any());
    /** Spark's quantile error bound; met exactly. */
    public static final Param<Double> RELATIVE_ERROR = Param.ofDouble("relativeError",
        "the allowed relative rank error of the median, in [0, 1]; Ember computes it exactly (error 0)", 0.001,
        ParamValidators.inRange(0, 1));

    static final List<Param<?>> PARAMS = List.of(INPUT_COLS, OUTPUT_COLS, STRATEGY, MISSING_VALUE,
        RELATIVE_ERROR);

    /** A new imputer; set the input and output columns. */
    public Imputer() {
        this(Uids.random("Imputer"), ParamMap.empty());
    }

    private Imputer(String uid, ParamMap params) {
        super(uid, params);
    }

    /** @param columns input columns @return a copy with them set */
    public Imputer inputCols(String... columns) {
        return with(INPUT_COLS, columns);
    }

    /** @param columns output columns @return a copy with them set */
    public Imputer outputCols(String... columns) {
        return with(OUTPUT_COLS, columns);
    }

    /** @param strategy mean, median or mode @return a copy with it set */
    public Imputer strategy(String strategy) {
        return with(STRATEGY, strategy);
    }

    @Override
    public List<Param<?>> params() {
        return PARAMS;
    }

    @Override
    protected Imputer withParams(ParamMap params) {
        return new Imputer(uid(), params);
    }

    @Override
    public Schema transformSchema(Schema schema) {
        return outputSchema(schema, get(INPUT_COLS), get(OUTPUT_COLS));
    }

    static Schema outputSchema(Schema schema, String[] in, String[] out) {
        FeatureChecks.requireParallelNumericColumns(schema, "Imputer", in, out);
        Schema s = schema;
        for (int i = 0; i < in.length; i++) {
            s = s.add(Field.of(out[i], schema.field(in[i]).type(), false));
        }
        return s;
    }

    @Override
    protected ImputerModel fitModel(Frame frame, Provenance.Recorder rec) {
        String[] in = get(INPUT_COLS);
        String strategy = get(STRATEGY);
        KernelParams kp = KernelParams.builder().put("inputCols", in).put("missingValue", get(MISSING_VALUE))
            .build();
        double[] surrogates = new double[in.length];
        if ("mean".equals(strategy)) {
            double[] means = frame.treeAggregate(AggregateCall.of(QuantileKernels.Means.class, kp), 2);
            for (int i = 0; i < in.length; i++) {
                requireValues(in[i], means[i]);
                surrogates[i] = means[in.length + i];
                rec.metric("count." + in[i], means[i]);
            }
        } else {
            double[][] sorted = frame.treeAggregate(AggregateCall.of(QuantileKernels.SortedValues.class, kp), 2);
            for (int i = 0; i < in.length; i++) {
                requireValues(in[i], sorted[i].length);
                surrogates[i] = "median".equals(strategy) ? QuantileKernels.quantile(sorted[i], 0.5)
                    : QuantileKernels.mode(sorted[i]);
                rec.metric("count." + in[i], sorted[i].length);
            }
        }
        return new ImputerModel(uid(), paramMap(), surrogates, rec.finish());
    }

    private void requireValues(String column, double count) {
        if (count == 0) {
            throw new IllegalArgumentException("Imputer: column '" + column + "': found no value to compute the "
                + get(STRATEGY) + " from, expected at least one that is not null, NaN or the missingValue "
                + get(MISSING_VALUE));
        }
    }

    static Imputer load(StageReader reader) {
        return new Imputer(reader.uid(), reader.params(PARAMS));
    }
}
