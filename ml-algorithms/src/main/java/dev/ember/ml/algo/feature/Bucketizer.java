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
import dev.ember.ml.core.param.ParamValidator;
import dev.ember.ml.core.param.ParamValidators;
import dev.ember.ml.core.persist.StageReader;
import dev.ember.ml.core.runtime.KernelParams;
import dev.ember.ml.core.runtime.MapCall;

import java.util.List;

/**
 * Maps a numeric column to bucket indices by split points, as Spark's {@code Bucketizer}: with splits
 * {@code s_0 < s_1 < ... < s_n}, bucket {@code i} holds {@code [s_i, s_{i+1})}, and the last bucket also holds
 * {@code s_n}. {@code -Infinity} and {@code Infinity} are allowed as the outer splits. The output is a
 * non-nullable {@code double} column.
 *
 * <p>A number outside {@code [s_0, s_n]} always fails, naming column, partition and row. Null and NaN inputs
 * follow {@code handleInvalid}: {@code error} (the default) fails, {@code skip} drops the row, {@code keep} puts
 * it in an extra bucket, index {@code n}. (Spark gives null, not a bucket, for a null input in {@code keep} mode;
 * Ember treats null like NaN.)
 */
@CheckReturnValue
public final class Bucketizer extends StageBase<Bucketizer> implements Transformer {
    /** The input column. */
    public static final Param<String> INPUT_COL =
        SharedParams.inputCol("input numeric column (double, float, int, long)", null);
    /** The output column. */
    public static final Param<String> OUTPUT_COL = SharedParams.outputCol("output bucket index column (double)", null);
    /** The split points. */
    public static final Param<double[]> SPLITS = Param.ofDoubleArray("splits",
        "split points, strictly increasing, at least 3; -Infinity and Infinity allowed", null, validSplits());
    /** Null and NaN inputs. */
    public static final Param<String> HANDLE_INVALID = Param.ofString("handleInvalid",
        "null and NaN inputs: error, skip (drop the row) or keep (an extra bucket, index numSplits - 1)", "error",
        ParamValidators.oneOf("error", "skip", "keep"));

    private static final List<Param<?>> PARAMS = List.of(INPUT_COL, OUTPUT_COL, SPLITS, HANDLE_INVALID);

    /** A new bucketizer; set the columns and the splits. */
    public Bucketizer() {
        this(Uids.random("Bucketizer"), ParamMap.empty());
    }

    private Bucketizer(String uid, ParamMap params) {
        super(uid, params);
    }

    /** @return accepts at least 3 strictly increasing split points, none NaN */
    static ParamValidator<double[]> validSplits() {
        return new ParamValidator<>(s -> {
            if (s.length < 3) {
                return false;
            }
            for (int i = 0; i + 1 < s.length; i++) {
                if (!(s[i] < s[i + 1])) {
                    return false;
                }
            }
            return true;
        }, "at least 3 strictly increasing split points, none NaN");
    }

    /** @param column input column @return a copy with it set */
    public Bucketizer inputCol(String column) {
        return with(INPUT_COL, column);
    }

    /** @param column output column @return a copy with it set */
    public Bucketizer outputCol(String column) {
        return with(OUTPUT_COL, column);
    }

    /** @param splits the split points @return a copy with them set */
    public Bucketizer splits(double... splits) {
        return with(SPLITS, splits);
    }

    /** @param v handleInvalid: null and NaN inputs: error, skip (drop the row) or keep (an extra bucket, index numSplits - 1) @return a copy with it set */
    public Bucketizer handleInvalid(String v) {
        return with(HANDLE_INVALID, v);
    }

    @Override
    public List<Param<?>> params() {
        return PARAMS;
    }

    @Override
    protected Bucketizer withParams(ParamMap params) {
        return new Bucketizer(uid(), params);
    }

    @Override
    public Schema transformSchema(Schema schema) {
        get(SPLITS);
        return outputSchema(schema, get(INPUT_COL), get(OUTPUT_COL));
    }

    static Schema outputSchema(Schema schema, String in, String out) {
        schema.require(in, FeatureChecks.NUMERIC);
        return schema.add(Field.of(out, DataType.DOUBLE, false));
    }

    @Override
    public Frame transform(Frame frame) {
        Schema out = transformSchema(frame.schema());
        return bucketize(frame, out, "Bucketizer", get(INPUT_COL), get(OUTPUT_COL), get(SPLITS),
            get(HANDLE_INVALID));
    }

    static Frame bucketize(Frame frame, Schema out, String stage, String in, String outCol, double[] splits,
                           String handleInvalid) {
        return frame.mapPartitions(MapCall.of(BucketKernels.Bucketize.class, KernelParams.builder()
            .put("stage", stage)
            .put("inputCol", in)
            .put("outputCol", outCol)
            .put("splits", splits)
            .put("handleInvalid", handleInvalid)
            .build()), out);
    }

    static Bucketizer load(StageReader reader) {
        return new Bucketizer(reader.uid(), reader.params(PARAMS));
    }
}
