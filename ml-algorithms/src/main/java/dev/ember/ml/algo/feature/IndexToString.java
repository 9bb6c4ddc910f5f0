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
import dev.ember.ml.core.persist.StageReader;
import dev.ember.ml.core.runtime.KernelParams;
import dev.ember.ml.core.runtime.MapCall;

import java.util.List;

/**
 * Maps a column of label indices back to the labels, the inverse of {@link StringIndexerModel}, as Spark's
 * {@code IndexToString}. Spark reads the labels from the input column's metadata when the {@code labels} param
 * is unset; Ember columns carry no such metadata, so the labels are a required param, most easily taken from the
 * indexer: {@code IndexToString.from(indexerModel).outputCol("species")}.
 *
 * <p>The input is a numeric column ({@code double, float, int, long}); the output a non-nullable {@code string}
 * column. A null, NaN, fractional or out-of-range index fails with its column, partition and row (as Spark does,
 * there is no {@code handleInvalid}; StringIndexer's {@code keep} bucket, index K, has no label).
 */
@CheckReturnValue
public final class IndexToString extends StageBase<IndexToString> implements Transformer {
    /** The input index column. */
    public static final Param<String> INPUT_COL = SharedParams.inputCol("input index column (numeric)", null);
    /** The output string column. */
    public static final Param<String> OUTPUT_COL = SharedParams.outputCol("output label column (string)", null);
    /** The labels, in index order. */
    public static final Param<String[]> LABELS = Param.ofStringArray("labels",
        "the labels in index order: label i replaces index i", null, FeatureChecks.nonEmptyArray());

    private static final List<Param<?>> PARAMS = List.of(INPUT_COL, OUTPUT_COL, LABELS);

    /** A new converter; set the columns and the labels. */
    public IndexToString() {
        this(Uids.random("IndexToString"), ParamMap.empty());
    }

    private IndexToString(String uid, ParamMap params) {
        super(uid, params);
    }

    /**
     * @param indexer a fitted string indexer
     * @return a converter with the indexer's labels, reading the indexer's output column (set the output column)
     */
    public static IndexToString from(StringIndexerModel indexer) {
        return new IndexToString().inputCol(indexer.get(StringIndexer.OUTPUT_COL))
            .labels(indexer.labels().toArray(String[]::new));
    }

    /** @param column input column @return a copy with it set */
    public IndexToString inputCol(String column) {
        return with(INPUT_COL, column);
    }

    /** @param column output column @return a copy with it set */
    public IndexToString outputCol(String column) {
        return with(OUTPUT_COL, column);
    }

    /** @param labels the labels in index order @return a copy with them set */
    public IndexToString labels(String... labels) {
        return with(LABELS, labels);
    }

    @Override
    public List<Param<?>> params() {
        return PARAMS;
    }

    @Override
    protected IndexToString withParams(ParamMap params) {
        return new IndexToString(uid(), params);
    }

    @Override
    public Schema transformSchema(Schema schema) {
        get(LABELS);
        schema.require(get(INPUT_COL), FeatureChecks.NUMERIC);
        return schema.add(Field.of(get(OUTPUT_COL), DataType.STRING, false));
    }

    @Override
    public Frame transform(Frame frame) {
        Schema out = transformSchema(frame.schema());
        return frame.mapPartitions(MapCall.of(EncoderKernels.IndexToLabel.class, KernelParams.builder()
            .put("inputCol", get(INPUT_COL))
            .put("outputCol", get(OUTPUT_COL))
            .put("labels", get(LABELS))
            .build()), out);
    }

    static IndexToString load(StageReader reader) {
        return new IndexToString(reader.uid(), reader.params(PARAMS));
    }
}
