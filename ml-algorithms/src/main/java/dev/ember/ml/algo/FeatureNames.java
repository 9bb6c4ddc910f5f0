package dev.ember.ml.algo;

import dev.ember.ml.core.InvalidArgumentException;
import dev.ember.ml.core.data.Field;
import dev.ember.ml.core.data.Schema;
import dev.ember.ml.core.persist.StageReader;
import dev.ember.ml.core.persist.StageWriter;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The names of a model's features: the slot names of the features column it was fitted on (set by
 * {@code VectorAssembler}, {@code OneHotEncoder} and the scalers, {@link Field#slotNamesOrIndexed()}), kept with
 * the model and saved with it, so that coefficients and importances are reported by name
 * ({@code coefficientsByName()}, {@code featureImportancesByName()}). A model saved before names were kept
 * reports {@code features_0, features_1, ...}.
 */
public final class FeatureNames {
    /** The key the names are saved under in a model's metadata. */
    public static final String KEY = "featureNames";

    private FeatureNames() {
    }

    /**
     * @param schema the training frame's schema
     * @param featuresCol the features column
     * @return the names of its slots, or null when the width is not known
     */
    public static List<String> of(Schema schema, String featuresCol) {
        return schema.contains(featuresCol) ? schema.field(featuresCol).slotNamesOrIndexed() : null;
    }

    /**
     * @param names the names, or null for none
     * @param featuresCol the features column, for the default names
     * @param width the number of features
     * @return the names, or {@code featuresCol_0 ...} when none were kept
     */
    public static List<String> orIndexed(List<String> names, String featuresCol, int width) {
        if (names != null && names.size() == width) {
            return names;
        }
        List<String> out = new ArrayList<>(width);
        for (int i = 0; i < width; i++) {
            out.add(featuresCol + "_" + i);
        }
        return out;
    }

    /**
     * @param names one name per value
     * @param values the values (coefficients, importances)
     * @return the values by name, in feature order; a name repeated gets {@code #2}, {@code #3} appended
     */
    public static Map<String, Double> byName(List<String> names, double[] values) {
        if (names.size() != values.length) {
            throw new InvalidArgumentException("feature names: found " + names.size() + ", expected " + values.length
                + " (one per value)");
        }
        Map<String, Double> out = new LinkedHashMap<>();
        for (int i = 0; i < values.length; i++) {
            String n = names.get(i);
            for (int k = 2; out.containsKey(n); k++) {
                n = names.get(i) + "#" + k;
            }
            out.put(n, values[i]);
        }
        return Collections.unmodifiableMap(out);
    }

    /**
     * @param writer the model's writer
     * @param names the names, or null (nothing is written)
     */
    public static void write(StageWriter writer, List<String> names) {
        if (names != null) {
            writer.strings(KEY, names);
        }
    }

    /**
     * @param reader the model's reader
     * @return the names saved, or null for a model saved without them
     */
    public static List<String> read(StageReader reader) {
        return reader.has(KEY) ? reader.strings(KEY) : null;
    }
}
