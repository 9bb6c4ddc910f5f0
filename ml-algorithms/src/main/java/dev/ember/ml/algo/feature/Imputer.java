package dev.ember.ml.algo.feature;

import com.google.errorprone.annotations.CheckReturnValue;
import dev.ember.ml.algo.stat.Summarizer;
import dev.ember.ml.core.InvalidArgumentException;
import dev.ember.ml.core.Model;
import dev.ember.ml.core.PipelineStage;
import dev.ember.ml.core.Provenance;
import dev.ember.ml.core.Uids;
import dev.ember.ml.core.data.DataType;
import dev.ember.ml.core.data.Field;
import dev.ember.ml.core.data.Frame;
import dev.ember.ml.core.data.Schema;
import dev.ember.ml.core.param.Param;
import dev.ember.ml.core.param.ParamMap;
import dev.ember.ml.core.param.ParamValidators;
import dev.ember.ml.core.persist.StageReader;
import dev.ember.ml.core.runtime.AggregateCall;
import dev.ember.ml.core.runtime.KernelParams;
import dev.ember.ml.core.stats.Derivation;
import dev.ember.ml.core.stats.FitContext;
import dev.ember.ml.core.stats.Statistic;
import dev.ember.ml.core.stats.StatisticDeriver;
import dev.ember.ml.core.stats.TwoPhaseEstimatorBase;

import java.util.List;
import java.util.Optional;

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
@CheckReturnValue
public final class Imputer extends TwoPhaseEstimatorBase<Imputer, ImputerModel> implements StatisticDeriver {
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

    /** @param v missingValue: the placeholder for missing values (nulls are always missing) @return a copy with it set */
    public Imputer missingValue(double v) {
        return with(MISSING_VALUE, v);
    }

    /** @param v relativeError: the allowed relative rank error of the median, in [0, 1]; Ember computes it exactly (error 0) @return a copy with it set */
    public Imputer relativeError(double v) {
        return with(RELATIVE_ERROR, v);
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

    /** Declares the observed means (strategy mean) or sorted observed values (median, mode), and the fingerprint. */
    @Override
    public List<Statistic<?>> statistics(Schema input) {
        transformSchema(input);
        return List.of(surrogateStatistic(), Statistic.fingerprint());
    }

    private Statistic<?> surrogateStatistic() {
        String[] in = get(INPUT_COLS);
        KernelParams kp = KernelParams.builder().put("inputCols", in).put("missingValue", get(MISSING_VALUE))
            .build();
        return "mean".equals(get(STRATEGY))
            ? Statistic.of("means", String.join(",", in), AggregateCall.of(QuantileKernels.Means.class, kp))
            : Statistic.of("sortedValues", String.join(",", in), AggregateCall.of(QuantileKernels.SortedValues.class,
                kp));
    }

    /** Fits from the statistics of {@link #statistics}: no pass of its own. */
    @Override
    protected ImputerModel fitModel(Frame frame, FitContext context, Provenance.Recorder rec) {
        String[] in = get(INPUT_COLS);
        String strategy = get(STRATEGY);
        double[] surrogates = new double[in.length];
        Object values = context.get(surrogateStatistic());
        if ("mean".equals(strategy)) {
            double[] means = (double[]) values;
            for (int i = 0; i < in.length; i++) {
                requireValues(in[i], means[i]);
                surrogates[i] = means[in.length + i];
                rec.metric("nonMissingCount." + in[i], means[i]);
            }
        } else {
            double[][] sorted = (double[][]) values;
            for (int i = 0; i < in.length; i++) {
                requireValues(in[i], sorted[i].length);
                surrogates[i] = "median".equals(strategy) ? QuantileKernels.quantile(sorted[i], 0.5)
                    : QuantileKernels.mode(sorted[i]);
                rec.metric("nonMissingCount." + in[i], sorted[i].length);
            }
        }
        return new ImputerModel(uid(), paramMap(), surrogates, rec.finish());
    }

    /**
     * Derives the features summary ({@code Summarizer.statistic} without label or weight) of a vector that a
     * {@link VectorAssembler} with double elements builds from this imputer's outputs and untouched numeric
     * columns: per column, the observed moments merged with a zero-variance group of the missing rows at the
     * surrogate (as the column's type stores it). An untouched column must turn out to have no missing value, else
     * the derivation reports it underivable and the planner runs the pass.
     */
    @Override
    public Optional<Derivation> derive(Statistic<?> target, Schema input, List<PipelineStage> between) {
        if (!"summary".equals(target.kind()) || target.call().params().has("labelCol")
            || target.call().params().has("weightCol")) {
            return Optional.empty();
        }
        String[] in = get(INPUT_COLS);
        List<String> outs = List.of(get(OUTPUT_COLS));
        Schema s = transformSchema(input);
        VectorAssembler assembler = null;
        for (PipelineStage stage : between) {
            if (stage instanceof VectorAssembler va && va.get(VectorAssembler.OUTPUT_COL).equals(target.column())) {
                assembler = va;
                break;
            }
            Schema next = stage.transformSchema(s);
            for (String n : s.names()) {
                if (!next.field(n).equals(s.field(n))) {
                    return Optional.empty();
                }
            }
            s = next;
        }
        if (assembler == null || !"double".equals(assembler.get(VectorAssembler.ELEMENT_TYPE))) {
            return Optional.empty();
        }
        String[] cols = assembler.get(VectorAssembler.INPUT_COLS);
        String[] sources = new String[cols.length];
        int[] imputed = new int[cols.length];
        for (int j = 0; j < cols.length; j++) {
            int k = outs.indexOf(cols[j]);
            imputed[j] = k;
            sources[j] = k >= 0 ? in[k] : cols[j];
            if (k < 0 && (!input.contains(cols[j]) || input.field(cols[j]).type() == DataType.VECTOR
                || !input.field(cols[j]).type().isNumeric())) {
                return Optional.empty();
            }
        }
        Schema imputedSchema = transformSchema(input);
        Statistic<double[]> observed = Statistic.of("observedMoments", String.join(",", sources),
            AggregateCall.of(MomentKernels.ObservedMoments.class, KernelParams.builder().put("inputCols", sources)
                .put("missingValue", get(MISSING_VALUE)).build()));
        return Optional.of(new Derivation() {
            @Override
            public List<Statistic<?>> needs() {
                return List.of(observed);
            }

            @Override
            public Optional<Object> value(Model model, FitContext gathered) {
                double[] acc = gathered.get(observed);
                double[] surrogates = ((ImputerModel) model).surrogates();
                long rows = (long) acc[0];
                int d = sources.length;
                double[] mean = new double[d];
                double[] m2 = new double[d];
                double[] min = new double[d];
                double[] max = new double[d];
                for (int j = 0; j < d; j++) {
                    int at = 1 + MomentKernels.STRIDE * j;
                    double[] g = {acc[at], acc[at + 1], acc[at + 2]};
                    double missing = rows - acc[at];
                    min[j] = acc[at + 3];
                    max[j] = acc[at + 4];
                    if (missing > 0) {
                        if (imputed[j] < 0) {
                            return Optional.empty();
                        }
                        double fill = stored(imputedSchema.field(cols[j]), surrogates[imputed[j]]);
                        MomentKernels.merge(g, 0, missing, fill, 0);
                        min[j] = Math.min(min[j], fill);
                        max[j] = Math.max(max[j], fill);
                    }
                    mean[j] = g[1];
                    m2[j] = g[2];
                }
                return Optional.of(Summarizer.unitWeightMoments(rows, mean, m2, min, max));
            }
        });
    }

    private static double stored(Field field, double surrogate) {
        return switch (field.type()) {
            case FLOAT -> (float) surrogate;
            case INT -> (int) surrogate;
            case LONG -> (long) surrogate;
            default -> surrogate;
        };
    }

    private void requireValues(String column, double count) {
        if (count == 0) {
            throw new InvalidArgumentException("Imputer: column '" + column + "': found no value to compute the "
                + get(STRATEGY) + " from, expected at least one that is not null, NaN or the missingValue "
                + get(MISSING_VALUE));
        }
    }

    static Imputer load(StageReader reader) {
        return new Imputer(reader.uid(), reader.params(PARAMS));
    }
}
