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

/** The fitted {@link StandardScaler}: column means and sample standard deviations. */
@CheckReturnValue
public final class StandardScalerModel extends ModelBase<StandardScalerModel> {
    private final double[] mean;
    private final double[] std;

    StandardScalerModel(String uid, ParamMap params, double[] mean, double[] std, Provenance provenance) {
        super(uid, params, provenance);
        if (mean.length != std.length) {
            throw new InvalidArgumentException("mean and std widths differ: " + mean.length + " vs " + std.length);
        }
        this.mean = mean;
        this.std = std;
    }

    /** @return the column means (a copy) */
    public double[] mean() {
        return mean.clone();
    }

    /** @return the column sample standard deviations (a copy) */
    public double[] std() {
        return std.clone();
    }

    /** @param v inputCol: input vector column @return a copy with it set */
    public StandardScalerModel inputCol(String v) {
        return with(StandardScaler.INPUT_COL, v);
    }

    /** @param v outputCol: output vector column @return a copy with it set */
    public StandardScalerModel outputCol(String v) {
        return with(StandardScaler.OUTPUT_COL, v);
    }

    @Override
    public List<Param<?>> params() {
        return StandardScaler.PARAMS;
    }

    @Override
    protected StandardScalerModel withParams(ParamMap params) {
        return new StandardScalerModel(uid(), params, mean, std, provenance());
    }

    @Override
    public Schema transformSchema(Schema schema) {
        Schema out = StandardScaler.outputSchema(schema, get(StandardScaler.INPUT_COL),
            get(StandardScaler.OUTPUT_COL));
        int width = schema.field(get(StandardScaler.INPUT_COL)).vectorSize();
        if (width != mean.length) {
            throw new InvalidArgumentException("column '" + get(StandardScaler.INPUT_COL) + "': found width " + width
                + ", expected " + mean.length + " (the width the scaler was fitted on)");
        }
        return out;
    }

    @Override
    public Frame transform(Frame frame) {
        Schema out = transformSchema(frame.schema());
        boolean withMean = get(StandardScaler.WITH_MEAN);
        boolean withStd = get(StandardScaler.WITH_STD);
        double[] shift = new double[mean.length];
        double[] factor = new double[mean.length];
        for (int j = 0; j < mean.length; j++) {
            shift[j] = withMean ? mean[j] : 0;
            factor[j] = !withStd ? 1 : std[j] == 0 ? 0 : 1 / std[j];
        }
        return frame.mapPartitions(MapCall.of(FeatureKernels.Affine.class, new FeatureKernels.AffineArgs(
            get(StandardScaler.INPUT_COL), get(StandardScaler.OUTPUT_COL), shift, factor).toParams()), out);
    }

    @Override
    public void writeData(StageWriter writer) {
        writer.array("mean", mean);
        writer.array("std", std);
    }

    static StandardScalerModel load(StageReader reader) {
        return new StandardScalerModel(reader.uid(), reader.params(StandardScaler.PARAMS), reader.array("mean"),
            reader.array("std"), reader.provenance());
    }
}
