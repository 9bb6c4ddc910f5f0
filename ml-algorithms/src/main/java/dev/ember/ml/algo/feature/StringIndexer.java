package dev.ember.ml.algo.feature;



import com.google.errorprone.annotations.CheckReturnValue;
import dev.ember.ml.core.InvalidArgumentException;
import dev.ember.ml.core.Provenance;
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
import dev.ember.ml.core.stats.FitContext;
import dev.ember.ml.core.stats.Statistic;
import dev.ember.ml.core.stats.TwoPhaseEstimatorBase;
import dev.ember.ml.core.runtime.AggregateCall;
import dev.ember.ml.core.runtime.KernelParams;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Maps the values of a string column to indices 0..K-1, as Spark's {@code StringIndexer}: by descending
 * frequency (the default; ties alphabetical), ascending frequency, or alphabetically either way. Fitting is one
 * tree-aggregate of value counts over the per-partition dictionaries (one count per distinct value and
 * partition, not per row). Unseen values and nulls at transform time: {@code error} (the default), {@code skip}
 * (drop the row) or {@code keep} (index K).
 */
@CheckReturnValue
public final class StringIndexer extends TwoPhaseEstimatorBase<StringIndexer, StringIndexerModel> {
    /** Input string column. */
    public static final Param<String> INPUT_COL = SharedParams.inputCol("input string column", null);
    /** Output index column. */
    public static final Param<String> OUTPUT_COL = SharedParams.outputCol("output index column (double)", null);
    /** Index order. */
    public static final Param<String> STRING_ORDER_TYPE = Param.ofString("stringOrderType",
        "index order: frequencyDesc, frequencyAsc, alphabetDesc, alphabetAsc", "frequencyDesc",
        ParamValidators.oneOf("frequencyDesc", "frequencyAsc", "alphabetDesc", "alphabetAsc"));
    /** Unseen values and nulls. */
    public static final Param<String> HANDLE_INVALID = Param.ofString("handleInvalid",
        "unseen values and nulls: error, skip (drop the row) or keep (index K)", "error",
        ParamValidators.oneOf("error", "skip", "keep"));

    static final List<Param<?>> PARAMS = List.of(INPUT_COL, OUTPUT_COL, STRING_ORDER_TYPE, HANDLE_INVALID);

    /** A new indexer; set the input and output columns. */
    public StringIndexer() {
        this(Uids.random("StringIndexer"), ParamMap.empty());
    }

    private StringIndexer(String uid, ParamMap params) {
        super(uid, params);
    }

    /** @param column input column @return a copy with it set */
    public StringIndexer inputCol(String column) {
        return with(INPUT_COL, column);
    }

    /** @param column output column @return a copy with it set */
    public StringIndexer outputCol(String column) {
        return with(OUTPUT_COL, column);
    }

    /** @param v stringOrderType: index order: frequencyDesc, frequencyAsc, alphabetDesc, alphabetAsc @return a copy with it set */
    public StringIndexer stringOrderType(String v) {
        return with(STRING_ORDER_TYPE, v);
    }

    /** @param v handleInvalid: unseen values and nulls: error, skip (drop the row) or keep (index K) @return a copy with it set */
    public StringIndexer handleInvalid(String v) {
        return with(HANDLE_INVALID, v);
    }

    @Override
    public List<Param<?>> params() {
        return PARAMS;
    }

    @Override
    protected StringIndexer withParams(ParamMap params) {
        return new StringIndexer(uid(), params);
    }

    @Override
    public Schema transformSchema(Schema schema) {
        return outputSchema(schema, get(INPUT_COL), get(OUTPUT_COL));
    }

    static Schema outputSchema(Schema schema, String in, String out) {
        schema.require(in, DataType.STRING);
        return schema.add(Field.of(out, DataType.DOUBLE, false));
    }

    /** Declares the input column's category dictionary (value counts) and the input's fingerprint. */
    @Override
    public List<Statistic<?>> statistics(Schema input) {
        transformSchema(input);
        return List.of(categories(), Statistic.fingerprint());
    }

    private Statistic<Map<String, Long>> categories() {
        return Statistic.of("categories", get(INPUT_COL), AggregateCall.of(FeatureKernels.CountValues.class,
            KernelParams.builder().put("inputCol", get(INPUT_COL)).build()));
    }

    /** Fits from the dictionary and fingerprint of {@link #statistics}: no pass of its own. */
    @Override
    protected StringIndexerModel fitModel(Frame frame, FitContext context, Provenance.Recorder rec) {
        Map<String, Long> counts = context.get(categories());
        List<Map.Entry<String, Long>> entries = new ArrayList<>(counts.entrySet());
        Comparator<Map.Entry<String, Long>> alphabetical = Map.Entry.comparingByKey();
        Comparator<Map.Entry<String, Long>> byCount = Map.Entry.comparingByValue();
        entries.sort(switch (get(STRING_ORDER_TYPE)) {
            case "frequencyAsc" -> byCount.thenComparing(alphabetical);
            case "alphabetDesc" -> alphabetical.reversed();
            case "alphabetAsc" -> alphabetical;
            default -> byCount.reversed().thenComparing(alphabetical);
        });
        List<String> labels = entries.stream().map(Map.Entry::getKey).toList();
        if (labels.isEmpty()) {
            throw new InvalidArgumentException("StringIndexer: column '" + get(INPUT_COL) + "' has no non-null"
                + " values to index");
        }
        StringIndexerModel model = new StringIndexerModel(uid(), paramMap(), labels, rec.metric("numLabels",
            labels.size()).finish());
        return model;
    }

    static StringIndexer load(StageReader reader) {
        return new StringIndexer(reader.uid(), reader.params(PARAMS));
    }
}
