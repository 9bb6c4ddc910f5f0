package dev.ember.ml.algo.feature;

import com.google.errorprone.annotations.CheckReturnValue;
import dev.ember.ml.core.EstimatorBase;
import dev.ember.ml.core.InvalidArgumentException;
import dev.ember.ml.core.Provenance;
import dev.ember.ml.core.Uids;
import dev.ember.ml.core.data.DataType;
import dev.ember.ml.core.data.Field;
import dev.ember.ml.core.data.Frame;
import dev.ember.ml.core.data.Schema;
import dev.ember.ml.core.param.Param;
import dev.ember.ml.core.param.ParamMap;
import dev.ember.ml.core.param.ParamValidators;
import dev.ember.ml.core.param.Params;
import dev.ember.ml.core.persist.StageReader;
import dev.ember.ml.core.runtime.AggregateCall;
import dev.ember.ml.core.runtime.KernelParams;

import java.util.List;

/**
 * One-hot encodes columns of category indices (such as {@link StringIndexer}'s output), as Spark 3's
 * {@code OneHotEncoder} with {@code inputCols}/{@code outputCols}: index {@code k} of a column with {@code K}
 * categories becomes a vector with a 1 at slot {@code k}.
 *
 * <p>{@link #fit} learns each column's number of categories, {@code K = max index + 1}, in one tree-aggregate pass;
 * every value must then be a category index 0, 1, 2, ... (null, NaN, negative and fractional values fail with
 * column, partition and row; {@code handleInvalid} only applies when transforming, as in Spark).
 *
 * <p>Output widths, as Spark: {@code dropLast} (default true) drops the last category, which becomes the all-zero
 * vector; {@code handleInvalid = "keep"} adds one slot for invalid values (null, NaN, negative, fractional or
 * unseen indices) after the K categories, and with {@code dropLast} that extra slot is the one dropped, so invalid
 * values become all zeros. {@code "error"} (the default) fails on them with column, partition and row.
 *
 * <p>The output columns are <b>dense</b> {@code vector<double, width>} blocks: Ember has no sparse vectors yet,
 * so a column with many categories costs {@code rows x width x 8} bytes off-heap. Keep high-cardinality columns
 * out of one-hot encoding (or bucket them first) until sparse vectors exist.
 */
@CheckReturnValue
public final class OneHotEncoder extends EstimatorBase<OneHotEncoder, OneHotEncoderModel> {
    /** The input index columns. */
    public static final Param<String[]> INPUT_COLS = Param.ofStringArray("inputCols",
        "input columns of category indices 0, 1, 2, ... (numeric)", null, ParamValidators.nonEmptyDistinct());
    /** The output vector columns. */
    public static final Param<String[]> OUTPUT_COLS = Param.ofStringArray("outputCols",
        "output vector columns, one per input column", null, ParamValidators.nonEmptyDistinct());
    /** Whether to drop the last category. */
    public static final Param<Boolean> DROP_LAST = Param.ofBoolean("dropLast",
        "drop the last category (it becomes the all-zero vector), so the slots are linearly independent", true);
    /** Invalid values at transform time. */
    public static final Param<String> HANDLE_INVALID = Param.ofString("handleInvalid",
        "invalid values when transforming (null, NaN, negative, fractional, unseen): error, or keep (an extra"
            + " category)", "error", ParamValidators.oneOf("error", "keep"));

    static final List<Param<?>> PARAMS = List.of(INPUT_COLS, OUTPUT_COLS, DROP_LAST, HANDLE_INVALID);

    /** A new encoder; set the input and output columns. */
    public OneHotEncoder() {
        this(Uids.random("OneHotEncoder"), ParamMap.empty());
    }

    private OneHotEncoder(String uid, ParamMap params) {
        super(uid, params);
    }

    /** @param columns input columns @return a copy with them set */
    public OneHotEncoder inputCols(String... columns) {
        return with(INPUT_COLS, columns);
    }

    /** @param columns output columns @return a copy with them set */
    public OneHotEncoder outputCols(String... columns) {
        return with(OUTPUT_COLS, columns);
    }

    /** @param v dropLast: drop the last category (it becomes the all-zero vector), so the slots are linearly independent @return a copy with it set */
    public OneHotEncoder dropLast(boolean v) {
        return with(DROP_LAST, v);
    }

    /** @param v handleInvalid: invalid values when transforming (null, NaN, negative, fractional, unseen): error, or keep (an extra category) @return a copy with it set */
    public OneHotEncoder handleInvalid(String v) {
        return with(HANDLE_INVALID, v);
    }

    @Override
    public List<Param<?>> params() {
        return PARAMS;
    }

    @Override
    protected OneHotEncoder withParams(ParamMap params) {
        return new OneHotEncoder(uid(), params);
    }

    /**
     * Checks the input columns and declares the outputs. Before fitting, the number of categories is unknown, so
     * each output is declared as a vector of unknown width ({@link Field#vectorOfUnknownWidth}); the fitted
     * {@link OneHotEncoderModel} declares the true widths.
     */
    @Override
    public Schema transformSchema(Schema schema) {
        FeatureChecks.requireParallelNumericColumns(schema, "OneHotEncoder", get(INPUT_COLS), get(OUTPUT_COLS));
        Schema out = schema;
        for (String c : get(OUTPUT_COLS)) {
            out = out.add(Field.vectorOfUnknownWidth(c, DataType.DOUBLE));
        }
        return out;
    }

    /**
     * @param stage the encoder or its model (for dropLast, handleInvalid and the input column names)
     * @param sizes the number of categories per input column
     * @return the output width per column
     * @throws InvalidArgumentException naming a column whose output would be empty
     */
    static int[] widths(Params stage, int[] sizes) {
        boolean dropLast = stage.get(DROP_LAST);
        boolean keep = "keep".equals(stage.get(HANDLE_INVALID));
        String[] in = stage.get(INPUT_COLS);
        int[] widths = new int[sizes.length];
        for (int i = 0; i < sizes.length; i++) {
            widths[i] = sizes[i] + (keep ? 1 : 0) - (dropLast ? 1 : 0);
            if (widths[i] < 1) {
                throw new InvalidArgumentException("OneHotEncoder: column '" + in[i] + "': found " + sizes[i]
                    + " category, expected at least 2 with dropLast=true and handleInvalid=error (the output"
                    + " would have no slots)");
            }
        }
        return widths;
    }

    @Override
    protected OneHotEncoderModel fitModel(Frame frame, Provenance.Recorder rec) {
        String[] in = get(INPUT_COLS);
        double[] max = frame.treeAggregate(AggregateCall.of(EncoderKernels.CategorySizes.class,
            KernelParams.builder().put("inputCols", in).build()), 2);
        int[] sizes = new int[in.length];
        for (int i = 0; i < in.length; i++) {
            if (max[i] < 0) {
                throw new InvalidArgumentException("OneHotEncoder: column '" + in[i] + "' has no rows to fit on");
            }
            sizes[i] = (int) max[i] + 1;
            rec.metric("numCategories." + in[i], sizes[i]);
        }
        OneHotEncoderModel model = new OneHotEncoderModel(uid(), paramMap(), sizes, rec.finish());
        model.transformSchema(frame.schema());
        return model;
    }

    static OneHotEncoder load(StageReader reader) {
        return new OneHotEncoder(reader.uid(), reader.params(PARAMS));
    }
}
