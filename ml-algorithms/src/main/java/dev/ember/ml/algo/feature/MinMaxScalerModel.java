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
import dev.ember.ml.core.runtime.MapCall;

import java.util.List;

/** The fitted {@link MinMaxScaler}: the column minima and maxima seen in fitting. */
@CheckReturnValue
public final class MinMaxScalerModel extends ModelBase<MinMaxScalerModel> {
    private final double[] originalMin;
    private final double[] originalMax;

    MinMaxScalerModel(String uid, ParamMap params, double[] originalMin, double[] originalMax,
                      Provenance provenance) {
        super(uid, params, provenance);
        if (originalMin.length != originalMax.length) {
            throw new InvalidArgumentException("MinMaxScalerModel: found " + originalMin.length + " minima and "
                + originalMax.length + " maxima, expected as many of each");
        }
        this.originalMin = originalMin.clone();
        this.originalMax = originalMax.clone();
    }

    /** @return the column minima seen in fitting (a copy) */
    public double[] originalMin() {
        return originalMin.clone();
    }

    /** @return the column maxima seen in fitting (a copy) */
    public double[] originalMax() {
        return originalMax.clone();
    }

    /** @param v inputCol: input vector column @return a copy with it set */
    public MinMaxScalerModel inputCol(String v) {
        return with(MinMaxScaler.INPUT_COL, v);
    }

    /** @param v outputCol: output vector column @return a copy with it set */
    public MinMaxScalerModel outputCol(String v) {
        return with(MinMaxScaler.OUTPUT_COL, v);
    }

    @Override
    public List<Param<?>> params() {
        return MinMaxScaler.PARAMS;
    }

    @Override
    protected MinMaxScalerModel withParams(ParamMap params) {
        return new MinMaxScalerModel(uid(), params, originalMin, originalMax, provenance());
    }

    @Override
    public Schema transformSchema(Schema schema) {
        Schema out = MinMaxScaler.outputSchema(schema, get(MinMaxScaler.INPUT_COL), get(MinMaxScaler.OUTPUT_COL),
            get(MinMaxScaler.MIN), get(MinMaxScaler.MAX));
        FeatureChecks.requireVectorOfWidth(schema, get(MinMaxScaler.INPUT_COL), originalMin.length);
        return out;
    }

    @Override
    public Frame transform(Frame frame) {
        Schema out = transformSchema(frame.schema());
        double min = get(MinMaxScaler.MIN);
        double max = get(MinMaxScaler.MAX);
        int d = originalMin.length;
        double[] factor = new double[d];
        double[] offset = new double[d];
        for (int j = 0; j < d; j++) {
            double range = originalMax[j] - originalMin[j];
            factor[j] = range != 0 ? (max - min) / range : 0;
            offset[j] = range != 0 ? min : 0.5 * (max + min);
        }
        return frame.mapPartitions(MapCall.of(ScalerKernels.Rescale.class, new ScalerKernels.RescaleArgs(
            "MinMaxScalerModel", get(MinMaxScaler.INPUT_COL), get(MinMaxScaler.OUTPUT_COL), originalMin, factor,
            offset).toParams()), out);
    }

    @Override
    public void writeData(StageWriter writer) {
        writer.array("originalMin", originalMin);
        writer.array("originalMax", originalMax);
    }

    static MinMaxScalerModel load(StageReader reader) {
        return new MinMaxScalerModel(reader.uid(), reader.params(MinMaxScaler.PARAMS), reader.array("originalMin"),
            reader.array("originalMax"), reader.provenance());
    }
}
