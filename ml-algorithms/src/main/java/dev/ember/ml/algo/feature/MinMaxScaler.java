package dev.ember.ml.algo.feature;



import com.google.errorprone.annotations.CheckReturnValue;
import dev.ember.ml.core.InvalidArgumentException;
import dev.ember.ml.core.Provenance;
import dev.ember.ml.core.Uids;
import dev.ember.ml.core.data.DataType;
import dev.ember.ml.core.data.Field;
import dev.ember.ml.core.data.Frame;
import dev.ember.ml.core.data.Schema;
import dev.ember.ml.core.param.Param;
import dev.ember.ml.core.param.ParamMap;
import dev.ember.ml.core.param.SharedParams;
import dev.ember.ml.core.persist.StageReader;
import dev.ember.ml.core.stats.FitContext;
import dev.ember.ml.core.stats.Statistic;
import dev.ember.ml.core.stats.TwoPhaseEstimatorBase;
import dev.ember.ml.core.runtime.AggregateCall;

import java.util.Arrays;
import java.util.List;

/**
 * Rescales each element of a vector column linearly to {@code [min, max]}, as Spark's {@code MinMaxScaler}:
 * {@code (x - E_min) / (E_max - E_min) * (max - min) + min}, where {@code E_min} and {@code E_max} are the column's
 * minimum and maximum seen in fitting. A constant column ({@code E_max == E_min}) maps to {@code (min + max) / 2}.
 *
 * <p>{@link #fit} is one tree-aggregate pass of column minima and maxima; it refuses null rows and non-finite
 * values, naming column, partition, row and element. The model's transform is one fused row-wise pass that
 * keeps the input's element type; a NaN element stays NaN (as in Spark), and null rows are refused.
 */
@CheckReturnValue
public final class MinMaxScaler extends TwoPhaseEstimatorBase<MinMaxScaler, MinMaxScalerModel> {
    /** The input vector column. */
    public static final Param<String> INPUT_COL = SharedParams.inputCol("input vector column", "features");
    /** The output vector column. */
    public static final Param<String> OUTPUT_COL = SharedParams.outputCol("output vector column", "scaledFeatures");
    /** Lower bound of the output range. */
    public static final Param<Double> MIN = Param.ofDouble("min", "lower bound of the output range (< max)", 0.0,
        FeatureChecks.finite());
    /** Upper bound of the output range. */
    public static final Param<Double> MAX = Param.ofDouble("max", "upper bound of the output range (> min)", 1.0,
        FeatureChecks.finite());

    static final List<Param<?>> PARAMS = List.of(INPUT_COL, OUTPUT_COL, MIN, MAX);

    /** A new scaler to [0, 1]. */
    public MinMaxScaler() {
        this(Uids.random("MinMaxScaler"), ParamMap.empty());
    }

    private MinMaxScaler(String uid, ParamMap params) {
        super(uid, params);
    }

    /** @param column the input column @return a copy with {@link #INPUT_COL} set */
    public MinMaxScaler inputCol(String column) {
        return with(INPUT_COL, column);
    }

    /** @param column the output column @return a copy with {@link #OUTPUT_COL} set */
    public MinMaxScaler outputCol(String column) {
        return with(OUTPUT_COL, column);
    }

    /** @param v min: lower bound of the output range (&lt; max) @return a copy with it set */
    public MinMaxScaler min(double v) {
        return with(MIN, v);
    }

    /** @param v max: upper bound of the output range (&gt; min) @return a copy with it set */
    public MinMaxScaler max(double v) {
        return with(MAX, v);
    }

    @Override
    public List<Param<?>> params() {
        return PARAMS;
    }

    @Override
    protected MinMaxScaler withParams(ParamMap params) {
        return new MinMaxScaler(uid(), params);
    }

    @Override
    public Schema transformSchema(Schema schema) {
        return outputSchema(schema, get(INPUT_COL), get(OUTPUT_COL), get(MIN), get(MAX));
    }

    static Schema outputSchema(Schema schema, String inputCol, String outputCol, double min, double max) {
        if (!(min < max)) {
            throw new InvalidArgumentException("MinMaxScaler: found min=" + min + ", max=" + max
                + ", expected min < max");
        }
        Field in = schema.require(inputCol, DataType.VECTOR);
        return schema.add(Field.vector(outputCol, in.vectorSize(), in.elementType()).withSlotNames(in.slotNames()));
    }

    /** Declares the input column's extrema and the input's fingerprint. */
    @Override
    public List<Statistic<?>> statistics(Schema input) {
        transformSchema(input);
        return List.of(extremaStatistic(get(INPUT_COL), "MinMaxScaler"), Statistic.fingerprint());
    }

    /** Fits from the extrema and fingerprint of {@link #statistics}: no pass of its own. */
    @Override
    protected MinMaxScalerModel fitModel(Frame frame, FitContext context, Provenance.Recorder rec) {
        double[] e = checkedExtrema(context.get(extremaStatistic(get(INPUT_COL), "MinMaxScaler")), get(INPUT_COL),
            "MinMaxScaler");
        int d = (e.length - 1) / 2;
        Provenance p = rec.metric("rowCount", e[0]).finish();
        return new MinMaxScalerModel(uid(), paramMap(), Arrays.copyOfRange(e, 1, 1 + d),
            Arrays.copyOfRange(e, 1 + d, 1 + 2 * d), p);
    }

    /**
     * @param frame the data
     * @param column a vector column
     * @param stage the stage name, for messages
     * @return {@code [count, minima, maxima]}
     */
    static double[] extrema(Frame frame, String column, String stage) {
        return checkedExtrema(frame.treeAggregate(extremaStatistic(column, stage).call(), 2), column, stage);
    }

    /**
     * @param column a vector column
     * @param stage the stage name, for messages
     * @return the request for {@code [count, minima, maxima]} of the column
     */
    static Statistic<double[]> extremaStatistic(String column, String stage) {
        return Statistic.of("extrema", column, AggregateCall.of(ScalerKernels.Extrema.class,
            new ScalerKernels.ExtremaArgs(stage, column).toParams()));
    }

    static double[] checkedExtrema(double[] e, String column, String stage) {
        if (e.length == 0 || e[0] == 0) {
            throw new InvalidArgumentException(stage + ": column '" + column + "' has no rows to fit on");
        }
        return e;
    }

    static MinMaxScaler load(StageReader reader) {
        return new MinMaxScaler(reader.uid(), reader.params(PARAMS));
    }
}
