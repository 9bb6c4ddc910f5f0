package dev.ember.ml.algo.feature;



import com.google.errorprone.annotations.CheckReturnValue;
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

import java.util.List;

/**
 * Divides each element of a vector column by the column's maximum absolute value, so that values fall in
 * {@code [-1, 1]}, as Spark's {@code MaxAbsScaler}. It does not shift the data. A column that is all zeros stays
 * zero.
 *
 * <p>{@link #fit} is one tree-aggregate pass of column minima and maxima (the same kernel as
 * {@link MinMaxScaler}); it refuses null rows and non-finite values, naming column, partition, row and element.
 * The transform is one fused row-wise pass that keeps the input's element type; NaN stays NaN and null rows are
 * refused.
 */
@CheckReturnValue
public final class MaxAbsScaler extends TwoPhaseEstimatorBase<MaxAbsScaler, MaxAbsScalerModel> {
    /** The input vector column. */
    public static final Param<String> INPUT_COL = SharedParams.inputCol("input vector column", "features");
    /** The output vector column. */
    public static final Param<String> OUTPUT_COL = SharedParams.outputCol("output vector column", "scaledFeatures");

    static final List<Param<?>> PARAMS = List.of(INPUT_COL, OUTPUT_COL);

    /** A new scaler with default params. */
    public MaxAbsScaler() {
        this(Uids.random("MaxAbsScaler"), ParamMap.empty());
    }

    private MaxAbsScaler(String uid, ParamMap params) {
        super(uid, params);
    }

    /** @param column the input column @return a copy with {@link #INPUT_COL} set */
    public MaxAbsScaler inputCol(String column) {
        return with(INPUT_COL, column);
    }

    /** @param column the output column @return a copy with {@link #OUTPUT_COL} set */
    public MaxAbsScaler outputCol(String column) {
        return with(OUTPUT_COL, column);
    }

    @Override
    public List<Param<?>> params() {
        return PARAMS;
    }

    @Override
    protected MaxAbsScaler withParams(ParamMap params) {
        return new MaxAbsScaler(uid(), params);
    }

    @Override
    public Schema transformSchema(Schema schema) {
        return outputSchema(schema, get(INPUT_COL), get(OUTPUT_COL));
    }

    static Schema outputSchema(Schema schema, String inputCol, String outputCol) {
        Field in = schema.require(inputCol, DataType.VECTOR);
        return schema.add(Field.vector(outputCol, in.vectorSize(), in.elementType()).withSlotNames(in.slotNames()));
    }

    /** Declares the input column's extrema and the input's fingerprint. */
    @Override
    public List<Statistic<?>> statistics(Schema input) {
        transformSchema(input);
        return List.of(MinMaxScaler.extremaStatistic(get(INPUT_COL), "MaxAbsScaler"), Statistic.fingerprint());
    }

    /** Fits from the extrema and fingerprint of {@link #statistics}: no pass of its own. */
    @Override
    protected MaxAbsScalerModel fitModel(Frame frame, FitContext context, Provenance.Recorder rec) {
        double[] e = MinMaxScaler.checkedExtrema(context.get(MinMaxScaler.extremaStatistic(get(INPUT_COL),
            "MaxAbsScaler")), get(INPUT_COL), "MaxAbsScaler");
        int d = (e.length - 1) / 2;
        double[] maxAbs = new double[d];
        for (int j = 0; j < d; j++) {
            maxAbs[j] = Math.max(Math.abs(e[1 + j]), Math.abs(e[1 + d + j]));
        }
        MaxAbsScalerModel model = new MaxAbsScalerModel(uid(), paramMap(), maxAbs, rec.metric("rowCount",
            e[0]).finish());
        return model;
    }

    static MaxAbsScaler load(StageReader reader) {
        return new MaxAbsScaler(reader.uid(), reader.params(PARAMS));
    }
}
