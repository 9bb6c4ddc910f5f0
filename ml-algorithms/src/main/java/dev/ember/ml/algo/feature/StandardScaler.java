package dev.ember.ml.algo.feature;

import com.google.errorprone.annotations.CheckReturnValue;
import dev.ember.ml.algo.stat.ColumnSummary;
import dev.ember.ml.algo.stat.Summarizer;

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
 * Standardizes a vector column: subtracts the column mean (if {@code withMean}) and divides by the column's
 * sample standard deviation (n - 1 denominator, if {@code withStd}), as Spark's {@code StandardScaler} and
 * numpy's {@code std(ddof=1)} do. A constant column (standard deviation 0) scales to 0.
 *
 * <p>{@link #fit} is one tree-aggregate pass of count, mean and squared deviations ({@link Summarizer}); the
 * model's transform is one fused row-wise pass. Input containing NaN is refused at fit time with the column and
 * element named.
 */
@CheckReturnValue
public final class StandardScaler extends TwoPhaseEstimatorBase<StandardScaler, StandardScalerModel> {
    /** The input vector column. */
    public static final Param<String> INPUT_COL = SharedParams.inputCol("input vector column", "features");
    /** The output vector column. */
    public static final Param<String> OUTPUT_COL = SharedParams.outputCol("output vector column", "scaledFeatures");
    /** Whether to center. */
    public static final Param<Boolean> WITH_MEAN = Param.ofBoolean("withMean",
        "subtract the column mean before scaling", false);
    /** Whether to scale. */
    public static final Param<Boolean> WITH_STD = Param.ofBoolean("withStd",
        "divide by the column's sample standard deviation", true);

    static final List<Param<?>> PARAMS = List.of(INPUT_COL, OUTPUT_COL, WITH_MEAN, WITH_STD);

    /** A new scaler with default params. */
    public StandardScaler() {
        this(Uids.random("StandardScaler"), ParamMap.empty());
    }

    private StandardScaler(String uid, ParamMap params) {
        super(uid, params);
    }

    /** @param column the input column @return a copy with {@link #INPUT_COL} set */
    public StandardScaler inputCol(String column) {
        return with(INPUT_COL, column);
    }

    /** @param column the output column @return a copy with {@link #OUTPUT_COL} set */
    public StandardScaler outputCol(String column) {
        return with(OUTPUT_COL, column);
    }

    /** @param v withMean: subtract the column mean before scaling @return a copy with it set */
    public StandardScaler withMean(boolean v) {
        return with(WITH_MEAN, v);
    }

    /** @param v withStd: divide by the column's sample standard deviation @return a copy with it set */
    public StandardScaler withStd(boolean v) {
        return with(WITH_STD, v);
    }

    @Override
    public List<Param<?>> params() {
        return PARAMS;
    }

    @Override
    protected StandardScaler withParams(ParamMap params) {
        return new StandardScaler(uid(), params);
    }

    @Override
    public Schema transformSchema(Schema schema) {
        return outputSchema(schema, get(INPUT_COL), get(OUTPUT_COL));
    }

    static Schema outputSchema(Schema schema, String inputCol, String outputCol) {
        Field in = schema.require(inputCol, DataType.VECTOR);
        return schema.add(Field.vector(outputCol, in.vectorSize(), in.elementType()).withSlotNames(in.slotNames()));
    }

    /** Declares the moments of the input column and the input's fingerprint. */
    @Override
    public List<Statistic<?>> statistics(Schema input) {
        transformSchema(input);
        return List.of(Summarizer.statistic(input, get(INPUT_COL), null, null, false), Statistic.fingerprint());
    }

    /** Fits from the moments and the fingerprint of {@link #statistics}: no pass of its own. */
    @Override
    protected StandardScalerModel fitModel(Frame frame, FitContext context, Provenance.Recorder rec) {
        ColumnSummary summary = Summarizer.summary(context, get(INPUT_COL), null, null, false).features();
        Provenance p = rec.metric("rowCount", summary.count()).finish();
        StandardScalerModel model = new StandardScalerModel(uid(), paramMap(), summary.mean(), summary.std(), p);
        return model;
    }

    static StandardScaler load(StageReader reader) {
        return new StandardScaler(reader.uid(), reader.params(PARAMS));
    }
}
