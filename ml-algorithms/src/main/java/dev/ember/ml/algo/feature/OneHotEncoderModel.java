package dev.ember.ml.algo.feature;

import com.google.errorprone.annotations.CheckReturnValue;
import dev.ember.ml.core.InvalidArgumentException;
import dev.ember.ml.core.ModelBase;
import dev.ember.ml.core.Provenance;
import dev.ember.ml.core.data.DataType;
import dev.ember.ml.core.data.Field;
import dev.ember.ml.core.data.Frame;
import dev.ember.ml.core.data.Schema;
import dev.ember.ml.core.param.Param;
import dev.ember.ml.core.param.ParamMap;
import dev.ember.ml.core.persist.StageReader;
import dev.ember.ml.core.persist.StageWriter;
import dev.ember.ml.core.runtime.KernelParams;
import dev.ember.ml.core.runtime.MapCall;

import java.util.List;

/**
 * The fitted {@link OneHotEncoder}: the number of categories of each input column. Its outputs are dense
 * {@code vector<double>} blocks (Ember has no sparse vectors yet).
 */
@CheckReturnValue
public final class OneHotEncoderModel extends ModelBase<OneHotEncoderModel> {
    private final int[] categorySizes;

    OneHotEncoderModel(String uid, ParamMap params, int[] categorySizes, Provenance provenance) {
        super(uid, params, provenance);
        this.categorySizes = categorySizes.clone();
    }

    /** @return the number of categories of each input column, as learned in fitting (a copy) */
    public int[] categorySizes() {
        return categorySizes.clone();
    }

    /** @param v inputCols: input columns of category indices 0, 1, 2, ... (numeric) @return a copy with it set */
    public OneHotEncoderModel inputCols(String... v) {
        return with(OneHotEncoder.INPUT_COLS, v.clone());
    }

    /** @param v outputCols: output vector columns, one per input column @return a copy with it set */
    public OneHotEncoderModel outputCols(String... v) {
        return with(OneHotEncoder.OUTPUT_COLS, v.clone());
    }

    /** @param v handleInvalid: invalid values when transforming (null, NaN, negative, fractional, unseen): error, or keep (an extra category) @return a copy with it set */
    public OneHotEncoderModel handleInvalid(String v) {
        return with(OneHotEncoder.HANDLE_INVALID, v);
    }

    @Override
    public List<Param<?>> params() {
        return OneHotEncoder.PARAMS;
    }

    @Override
    protected OneHotEncoderModel withParams(ParamMap params) {
        return new OneHotEncoderModel(uid(), params, categorySizes, provenance());
    }

    @Override
    public Schema transformSchema(Schema schema) {
        String[] in = get(OneHotEncoder.INPUT_COLS);
        String[] out = get(OneHotEncoder.OUTPUT_COLS);
        FeatureChecks.requireParallelNumericColumns(schema, "OneHotEncoderModel", in, out);
        if (in.length != categorySizes.length) {
            throw new InvalidArgumentException("OneHotEncoderModel: found " + in.length + " inputCols, expected "
                + categorySizes.length + " (the columns it was fitted on)");
        }
        int[] widths = OneHotEncoder.widths(this, categorySizes);
        Schema s = schema;
        for (int i = 0; i < out.length; i++) {
            s = s.add(Field.vector(out[i], widths[i], DataType.DOUBLE)
                .withSlotNames(categoryNames(schema.field(in[i]), categorySizes[i], widths[i])));
        }
        return s;
    }

    /**
     * Slot {@code j} of a one-hot vector is category {@code j}: named {@code col=label} when the input holds the
     * indices of a {@code StringIndexer} (its labels), else {@code col=j}; with handleInvalid keep, the last slot
     * (past the categories) is {@code col=__invalid}.
     */
    private static List<String> categoryNames(Field input, int size, int width) {
        List<String> labels = input.labels();
        List<String> names = new java.util.ArrayList<>(width);
        for (int j = 0; j < width; j++) {
            String category = j >= size ? "__invalid" : labels != null && j < labels.size() ? labels.get(j)
                : Integer.toString(j);
            names.add(input.name() + "=" + category);
        }
        return names;
    }

    @Override
    public Frame transform(Frame frame) {
        Schema out = transformSchema(frame.schema());
        int[] widths = OneHotEncoder.widths(this, categorySizes);
        long[] sizes = new long[categorySizes.length];
        long[] w = new long[widths.length];
        for (int i = 0; i < sizes.length; i++) {
            sizes[i] = categorySizes[i];
            w[i] = widths[i];
        }
        return frame.mapPartitions(MapCall.of(EncoderKernels.OneHot.class, KernelParams.builder()
            .put("inputCols", get(OneHotEncoder.INPUT_COLS))
            .put("outputCols", get(OneHotEncoder.OUTPUT_COLS))
            .put("sizes", sizes)
            .put("widths", w)
            .put("keepInvalid", "keep".equals(get(OneHotEncoder.HANDLE_INVALID)))
            .build()), out);
    }

    @Override
    public void writeData(StageWriter writer) {
        double[] sizes = new double[categorySizes.length];
        for (int i = 0; i < sizes.length; i++) {
            sizes[i] = categorySizes[i];
        }
        writer.array("categorySizes", sizes);
    }

    static OneHotEncoderModel load(StageReader reader) {
        double[] saved = reader.array("categorySizes");
        int[] sizes = new int[saved.length];
        for (int i = 0; i < sizes.length; i++) {
            sizes[i] = (int) saved[i];
        }
        return new OneHotEncoderModel(reader.uid(), reader.params(OneHotEncoder.PARAMS), sizes, reader.provenance());
    }
}
