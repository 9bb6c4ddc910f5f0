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
import dev.ember.ml.core.runtime.KernelParams;
import dev.ember.ml.core.runtime.MapCall;

import java.util.List;

/** The fitted {@link Imputer}: one surrogate per input column. */
@CheckReturnValue
public final class ImputerModel extends ModelBase<ImputerModel> {
    private final double[] surrogates;

    ImputerModel(String uid, ParamMap params, double[] surrogates, Provenance provenance) {
        super(uid, params, provenance);
        this.surrogates = surrogates.clone();
    }

    /** @return the value that replaces missing values, per input column in order (a copy) */
    public double[] surrogates() {
        return surrogates.clone();
    }

    /** @param v inputCols: input numeric columns (double, float, int, long) @return a copy with it set */
    public ImputerModel inputCols(String... v) {
        return with(Imputer.INPUT_COLS, v.clone());
    }

    /** @param v outputCols: output columns, one per input column, of the input's type @return a copy with it set */
    public ImputerModel outputCols(String... v) {
        return with(Imputer.OUTPUT_COLS, v.clone());
    }

    @Override
    public List<Param<?>> params() {
        return Imputer.PARAMS;
    }

    @Override
    protected ImputerModel withParams(ParamMap params) {
        return new ImputerModel(uid(), params, surrogates, provenance());
    }

    @Override
    public Schema transformSchema(Schema schema) {
        String[] in = get(Imputer.INPUT_COLS);
        Schema out = Imputer.outputSchema(schema, in, get(Imputer.OUTPUT_COLS));
        if (in.length != surrogates.length) {
            throw new InvalidArgumentException("ImputerModel: found " + in.length + " inputCols, expected "
                + surrogates.length + " (the columns it was fitted on)");
        }
        return out;
    }

    @Override
    public Frame transform(Frame frame) {
        Schema out = transformSchema(frame.schema());
        return frame.mapPartitions(MapCall.of(ImputerKernels.Impute.class, KernelParams.builder()
            .put("inputCols", get(Imputer.INPUT_COLS))
            .put("outputCols", get(Imputer.OUTPUT_COLS))
            .put("surrogates", surrogates)
            .put("missingValue", get(Imputer.MISSING_VALUE))
            .build()), out);
    }

    @Override
    public void writeData(StageWriter writer) {
        writer.array("surrogates", surrogates);
    }

    static ImputerModel load(StageReader reader) {
        return new ImputerModel(reader.uid(), reader.params(Imputer.PARAMS), reader.array("surrogates"),
            reader.provenance());
    }
}
