package dev.ember.ml.algo.feature;

import com.google.errorprone.annotations.CheckReturnValue;
import dev.ember.ml.core.InvalidArgumentException;
import dev.ember.ml.core.ModelBase;
import dev.ember.ml.core.Provenance;
import dev.ember.ml.core.data.Frame;
import dev.ember.ml.core.data.Schema;
import dev.ember.ml.core.param.Param;
import dev.ember.ml.core.param.ParamMap;
import dev.ember.ml.core.persist.StageReader;
import dev.ember.ml.core.persist.StageWriter;

import java.util.List;

/**
 * The fitted {@link QuantileDiscretizer}: the split points, used as {@link Bucketizer} uses them (Spark's
 * {@code QuantileDiscretizer} returns a {@code Bucketizer}; an Ember model also carries its provenance).
 */
@CheckReturnValue
public final class QuantileDiscretizerModel extends ModelBase<QuantileDiscretizerModel> {
    private final double[] splits;

    QuantileDiscretizerModel(String uid, ParamMap params, double[] splits, Provenance provenance) {
        super(uid, params, provenance);
        if (!Bucketizer.validSplits().accepts(splits)) {
            throw new InvalidArgumentException("QuantileDiscretizerModel splits: found "
                + java.util.Arrays.toString(splits) + ", expected " + Bucketizer.validSplits().expected());
        }
        this.splits = splits.clone();
    }

    /** @return the split points, -Infinity first and Infinity last (a copy) */
    public double[] splits() {
        return splits.clone();
    }

    /** @return the number of buckets (may be fewer than {@code numBuckets} when quantiles coincide) */
    public int numBuckets() {
        return splits.length - 1;
    }

    /** @return a {@link Bucketizer} with the same columns, splits and {@code handleInvalid} */
    public Bucketizer toBucketizer() {
        return new Bucketizer().inputCol(get(QuantileDiscretizer.INPUT_COL))
            .outputCol(get(QuantileDiscretizer.OUTPUT_COL)).splits(splits)
            .with(Bucketizer.HANDLE_INVALID, get(QuantileDiscretizer.HANDLE_INVALID));
    }

    /** @param v inputCol: input numeric column (double, float, int, long) @return a copy with it set */
    public QuantileDiscretizerModel inputCol(String v) {
        return with(QuantileDiscretizer.INPUT_COL, v);
    }

    /** @param v outputCol: output bucket index column (double) @return a copy with it set */
    public QuantileDiscretizerModel outputCol(String v) {
        return with(QuantileDiscretizer.OUTPUT_COL, v);
    }

    /** @param v handleInvalid: null and NaN inputs when transforming: error, skip (drop the row) or keep (an extra bucket) @return a copy with it set */
    public QuantileDiscretizerModel handleInvalid(String v) {
        return with(QuantileDiscretizer.HANDLE_INVALID, v);
    }

    @Override
    public List<Param<?>> params() {
        return QuantileDiscretizer.PARAMS;
    }

    @Override
    protected QuantileDiscretizerModel withParams(ParamMap params) {
        return new QuantileDiscretizerModel(uid(), params, splits, provenance());
    }

    @Override
    public Schema transformSchema(Schema schema) {
        return Bucketizer.outputSchema(schema, get(QuantileDiscretizer.INPUT_COL),
            get(QuantileDiscretizer.OUTPUT_COL));
    }

    @Override
    public Frame transform(Frame frame) {
        Schema out = transformSchema(frame.schema());
        return Bucketizer.bucketize(frame, out, "QuantileDiscretizerModel", get(QuantileDiscretizer.INPUT_COL),
            get(QuantileDiscretizer.OUTPUT_COL), splits, get(QuantileDiscretizer.HANDLE_INVALID));
    }

    @Override
    public void writeData(StageWriter writer) {
        writer.array("splits", splits);
    }

    static QuantileDiscretizerModel load(StageReader reader) {
        return new QuantileDiscretizerModel(reader.uid(), reader.params(QuantileDiscretizer.PARAMS),
            reader.array("splits"), reader.provenance());
    }
}
