package dev.ember.ml.algo.feature;

import com.google.errorprone.annotations.CheckReturnValue;
import dev.ember.ml.core.ModelBase;
import dev.ember.ml.core.Provenance;
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

/** A fitted {@link StringIndexer}: the labels in index order. */
@CheckReturnValue
public final class StringIndexerModel extends ModelBase<StringIndexerModel> {
    private final List<String> labels;

    StringIndexerModel(String uid, ParamMap params, List<String> labels, Provenance provenance) {
        super(uid, params, provenance);
        this.labels = List.copyOf(labels);
    }

    /** @return the labels; label {@code i} has index {@code i} */
    public List<String> labels() {
        return labels;
    }

    /** @param v inputCol: input string column @return a copy with it set */
    public StringIndexerModel inputCol(String v) {
        return with(StringIndexer.INPUT_COL, v);
    }

    /** @param v outputCol: output index column (double) @return a copy with it set */
    public StringIndexerModel outputCol(String v) {
        return with(StringIndexer.OUTPUT_COL, v);
    }

    /** @param v handleInvalid: unseen values and nulls: error, skip (drop the row) or keep (index K) @return a copy with it set */
    public StringIndexerModel handleInvalid(String v) {
        return with(StringIndexer.HANDLE_INVALID, v);
    }

    @Override
    public List<Param<?>> params() {
        return StringIndexer.PARAMS;
    }

    @Override
    protected StringIndexerModel withParams(ParamMap params) {
        return new StringIndexerModel(uid(), params, labels, provenance());
    }

    @Override
    public Schema transformSchema(Schema schema) {
        // the index column says which label each index stands for (Spark's nominal attribute), so that a
        // one-hot encoding names its slots and a confusion matrix its rows and columns
        Schema s = StringIndexer.outputSchema(schema, get(StringIndexer.INPUT_COL), get(StringIndexer.OUTPUT_COL));
        String out = get(StringIndexer.OUTPUT_COL);
        Field f = s.field(out);
        return s.select(s.names().stream().filter(n -> !n.equals(out)).toList())
            .add(f.withMetadata(f.metadata().withLabels(labels)));
    }

    @Override
    public Frame transform(Frame frame) {
        Schema out = transformSchema(frame.schema());
        return frame.mapPartitions(MapCall.of(FeatureKernels.IndexStrings.class, KernelParams.builder()
            .put("inputCol", get(StringIndexer.INPUT_COL))
            .put("outputCol", get(StringIndexer.OUTPUT_COL))
            .put("labels", labels.toArray(String[]::new))
            .put("handleInvalid", get(StringIndexer.HANDLE_INVALID))
            .build()), out);
    }

    @Override
    public void writeData(StageWriter writer) {
        writer.strings("labels", labels);
    }

    static StringIndexerModel load(StageReader reader) {
        return new StringIndexerModel(reader.uid(), reader.params(StringIndexer.PARAMS), reader.strings("labels"),
            reader.provenance());
    }
}
