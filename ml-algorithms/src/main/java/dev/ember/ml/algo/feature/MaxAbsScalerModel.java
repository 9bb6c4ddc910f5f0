package dev.ember.ml.algo.feature;

import com.google.errorprone.annotations.CheckReturnValue;
import dev.ember.ml.core.ModelBase;
import dev.ember.ml.core.Provenance;
import dev.ember.ml.core.data.Frame;
import dev.ember.ml.core.data.Schema;
import dev.ember.ml.core.param.Param;
import dev.ember.ml.core.param.ParamMap;
import dev.ember.ml.core.persist.StageReader;
import dev.ember.ml.core.persist.StageWriter;
import dev.ember.ml.core.runtime.MapCall;

import java.util.List;

/** The fitted {@link MaxAbsScaler}: each column's maximum absolute value. */
@CheckReturnValue
public final class MaxAbsScalerModel extends ModelBase<MaxAbsScalerModel> {
    private final double[] maxAbs;

    MaxAbsScalerModel(String uid, ParamMap params, double[] maxAbs, Provenance provenance) {
        super(uid, params, provenance);
        this.maxAbs = maxAbs.clone();
    }

    /** @return each column's maximum absolute value (a copy) */
    public double[] maxAbs() {
        return maxAbs.clone();
    }

    /** @param v inputCol: input vector column @return a copy with it set */
    public MaxAbsScalerModel inputCol(String v) {
        return with(MaxAbsScaler.INPUT_COL, v);
    }

    /** @param v outputCol: output vector column @return a copy with it set */
    public MaxAbsScalerModel outputCol(String v) {
        return with(MaxAbsScaler.OUTPUT_COL, v);
    }

    @Override
    public List<Param<?>> params() {
        return MaxAbsScaler.PARAMS;
    }

    @Override
    protected MaxAbsScalerModel withParams(ParamMap params) {
        return new MaxAbsScalerModel(uid(), params, maxAbs, provenance());
    }

    @Override
    public Schema transformSchema(Schema schema) {
        Schema out = MaxAbsScaler.outputSchema(schema, get(MaxAbsScaler.INPUT_COL), get(MaxAbsScaler.OUTPUT_COL));
        FeatureChecks.requireVectorOfWidth(schema, get(MaxAbsScaler.INPUT_COL), maxAbs.length);
        return out;
    }

    @Override
    public Frame transform(Frame frame) {
        Schema out = transformSchema(frame.schema());
        int d = maxAbs.length;
        double[] factor = new double[d];
        for (int j = 0; j < d; j++) {
            factor[j] = maxAbs[j] == 0 ? 1 : 1 / maxAbs[j];
        }
        return frame.mapPartitions(MapCall.of(ScalerKernels.Rescale.class, new ScalerKernels.RescaleArgs(
            "MaxAbsScalerModel", get(MaxAbsScaler.INPUT_COL), get(MaxAbsScaler.OUTPUT_COL), new double[d], factor,
            new double[d]).toParams()), out);
    }

    @Override
    public void writeData(StageWriter writer) {
        writer.array("maxAbs", maxAbs);
    }

    static MaxAbsScalerModel load(StageReader reader) {
        return new MaxAbsScalerModel(reader.uid(), reader.params(MaxAbsScaler.PARAMS), reader.array("maxAbs"),
            reader.provenance());
    }
}
