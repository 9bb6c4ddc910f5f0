package dev.ember.ml.algo.feature;

import com.google.errorprone.annotations.CheckReturnValue;
import dev.ember.ml.core.StageBase;
import dev.ember.ml.core.Transformer;
import dev.ember.ml.core.Uids;
import dev.ember.ml.core.data.DataType;
import dev.ember.ml.core.data.Field;
import dev.ember.ml.core.data.Frame;
import dev.ember.ml.core.data.Schema;
import dev.ember.ml.core.param.Param;
import dev.ember.ml.core.param.ParamMap;
import dev.ember.ml.core.param.SharedParams;
import dev.ember.ml.core.param.ParamValidators;
import dev.ember.ml.core.persist.StageReader;
import dev.ember.ml.core.runtime.MapCall;

import java.util.List;

/**
 * Scales each row of a vector column to unit p-norm, as Spark's {@code Normalizer}: {@code x / ||x||_p} with
 * {@code ||x||_p = (sum |x_j|^p)^(1/p)} for {@code p >= 1}, and {@code max |x_j|} for {@code p = +Infinity}.
 *
 * <p>A row whose norm is 0 is written unchanged (all zeros). A row holding a NaN has a NaN norm and comes out all
 * NaN, as in Spark. Null rows are refused with their column, partition and row. One fused pass that keeps the
 * input's element type (the norm is computed in double).
 */
@CheckReturnValue
public final class Normalizer extends StageBase<Normalizer> implements Transformer {
    /** The input vector column. */
    public static final Param<String> INPUT_COL = SharedParams.inputCol("input vector column", "features");
    /** The output vector column. */
    public static final Param<String> OUTPUT_COL = SharedParams.outputCol("output vector column", "normFeatures");
    /** The norm. */
    public static final Param<Double> P = Param.ofDouble("p", "the norm: p >= 1, Infinity for the max norm", 2.0,
        ParamValidators.gtEq(1));

    private static final List<Param<?>> PARAMS = List.of(INPUT_COL, OUTPUT_COL, P);

    /** A new normalizer to unit L2 norm. */
    public Normalizer() {
        this(Uids.random("Normalizer"), ParamMap.empty());
    }

    private Normalizer(String uid, ParamMap params) {
        super(uid, params);
    }

    /** @param column the input column @return a copy with {@link #INPUT_COL} set */
    public Normalizer inputCol(String column) {
        return with(INPUT_COL, column);
    }

    /** @param column the output column @return a copy with {@link #OUTPUT_COL} set */
    public Normalizer outputCol(String column) {
        return with(OUTPUT_COL, column);
    }

    /** @param p the norm, at least 1 @return a copy with {@link #P} set */
    public Normalizer p(double p) {
        return with(P, p);
    }

    @Override
    public List<Param<?>> params() {
        return PARAMS;
    }

    @Override
    protected Normalizer withParams(ParamMap params) {
        return new Normalizer(uid(), params);
    }

    @Override
    public Schema transformSchema(Schema schema) {
        Field in = schema.require(get(INPUT_COL), DataType.VECTOR);
        return schema.add(Field.vector(get(OUTPUT_COL), in.vectorSize(), in.elementType())
            .withSlotNames(in.slotNames()));
    }

    @Override
    public Frame transform(Frame frame) {
        Schema out = transformSchema(frame.schema());
        return frame.mapPartitions(MapCall.of(ScalerKernels.Normalize.class,
            new ScalerKernels.NormalizeArgs(get(INPUT_COL), get(OUTPUT_COL), get(P)).toParams()), out);
    }

    static Normalizer load(StageReader reader) {
        return new Normalizer(reader.uid(), reader.params(PARAMS));
    }
}
