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
import java.util.Map;

/**
 * Packs numeric and vector columns into one vector column: per partition, one row-major n x d off-heap block
 * (float32 by default, as features are), written in one pass.
 *
 * <p>Nulls and NaN: with {@code handleInvalid = "error"} (the default) a null or NaN input fails with its column,
 * partition and row; with {@code "keep"} it becomes NaN in the output.
 */
@CheckReturnValue
public final class VectorAssembler extends StageBase<VectorAssembler> implements Transformer {
    /** The input columns (numeric or vector), in output order. */
    public static final Param<String[]> INPUT_COLS = Param.ofStringArray("inputCols",
        "input columns: numeric or vector, in output order", null, ParamValidators.nonEmptyDistinct());
    /** The output vector column. */
    public static final Param<String> OUTPUT_COL = SharedParams.outputCol("output vector column", "features");
    /** The output element type. */
    public static final Param<String> ELEMENT_TYPE = Param.ofString("elementType",
        "element type of the output block: float (default, half the memory) or double", "float",
        ParamValidators.oneOf("float", "double"));
    /** What to do with a null or NaN input. */
    public static final Param<String> HANDLE_INVALID = Param.ofString("handleInvalid",
        "null or NaN input: error (default) or keep (as NaN)", "error", ParamValidators.oneOf("error", "keep"));

    private static final List<Param<?>> PARAMS = List.of(INPUT_COLS, OUTPUT_COL, ELEMENT_TYPE, HANDLE_INVALID);

    /** A new assembler; set {@link #INPUT_COLS}. */
    public VectorAssembler() {
        this(Uids.random("VectorAssembler"), ParamMap.empty());
    }

    private VectorAssembler(String uid, ParamMap params) {
        super(uid, params);
    }

    /**
     * @param columns the input columns
     * @return a copy with {@link #INPUT_COLS} set
     */
    public VectorAssembler inputCols(String... columns) {
        return with(INPUT_COLS, columns);
    }

    /**
     * @param column the output column
     * @return a copy with {@link #OUTPUT_COL} set
     */
    public VectorAssembler outputCol(String column) {
        return with(OUTPUT_COL, column);
    }

    /** @param v elementType: element type of the output block: float (default, half the memory) or double @return a copy with it set */
    public VectorAssembler elementType(String v) {
        return with(ELEMENT_TYPE, v);
    }

    /** @param v handleInvalid: null or NaN input: error (default) or keep (as NaN) @return a copy with it set */
    public VectorAssembler handleInvalid(String v) {
        return with(HANDLE_INVALID, v);
    }

    @Override
    public List<Param<?>> params() {
        return PARAMS;
    }

    @Override
    protected VectorAssembler withParams(ParamMap params) {
        return new VectorAssembler(uid(), params);
    }

    @Override
    public Schema transformSchema(Schema schema) {
        int width = 0;
        boolean unknown = false;
        List<String> slots = new java.util.ArrayList<>();
        Map<Integer, List<String>> categories = new java.util.TreeMap<>();
        for (String c : get(INPUT_COLS)) {
            Field f = schema.require(c, DataType.DOUBLE, DataType.FLOAT, DataType.LONG, DataType.INT,
                DataType.BOOLEAN, DataType.VECTOR);
            unknown |= f.hasUnknownWidth();
            width += f.type() == DataType.VECTOR ? f.vectorSize() : 1;
            if (!unknown) {
                // an index column (StringIndexer's) or a vector's categorical slots stay categorical
                Map<Integer, List<String>> cats = f.slotCategories();
                if (cats != null) {
                    int at = slots.size();
                    cats.forEach((slot, names) -> categories.put(at + slot, names));
                }
                slots.addAll(f.slotNamesOrIndexed());
            }
        }
        DataType element = "double".equals(get(ELEMENT_TYPE)) ? DataType.DOUBLE : DataType.FLOAT;
        // each slot named after its input: the column's name, or the input vector's own slot names
        return schema.add(unknown ? Field.vectorOfUnknownWidth(get(OUTPUT_COL), element)
            : withCategories(Field.vector(get(OUTPUT_COL), width, element).withSlotNames(slots), categories));
    }

    private static Field withCategories(Field f, Map<Integer, List<String>> categories) {
        return categories.isEmpty() ? f : f.withMetadata(f.metadata().withSlotCategories(categories));
    }

    @Override
    public Frame transform(Frame frame) {
        Schema out = transformSchema(frame.schema());
        return frame.mapPartitions(MapCall.of(FeatureKernels.Assemble.class, new FeatureKernels.AssembleArgs(
            get(INPUT_COLS), get(OUTPUT_COL), "keep".equals(get(HANDLE_INVALID))).toParams()), out);
    }

    static VectorAssembler load(StageReader reader) {
        return new VectorAssembler(reader.uid(), reader.params(PARAMS));
    }
}
