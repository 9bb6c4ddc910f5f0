package dev.ember.ml.algo.tree;

import dev.ember.ml.algo.tree.hist.FeatureBins;
import dev.ember.ml.core.data.Schema;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Which features a tree fit treats as categorical: the categorical slots the features column's metadata names
 * (a {@code StringIndexer} output assembled by {@code VectorAssembler}, as Spark's nominal attributes). A slot
 * whose metadata names {@code c} categories has {@code c + 1}: index {@code c} is where {@code StringIndexer}'s
 * {@code handleInvalid=keep} puts values it did not see (named {@value #UNSEEN}). A slot of more than
 * {@value FeatureBins#MAX_BINS} categories so counted cannot have one bin per category; it is binned as a numeric
 * feature (by the order of its indices) and a warning says so.
 */
final class CategoricalFeatures {
    private static final Logger LOG = LoggerFactory.getLogger(CategoricalFeatures.class);
    /** The name of the category of values the indexer did not see (Spark's). */
    static final String UNSEEN = "__unknown";

    private CategoricalFeatures() {
    }

    /**
     * @param schema the training frame's schema
     * @param featuresCol the features column
     * @param numFeatures its width
     * @return per feature its category count, 0 for a numeric feature
     */
    static int[] counts(Schema schema, String featuresCol, int numFeatures) {
        int[] out = new int[numFeatures];
        categories(schema, featuresCol, numFeatures).forEach((slot, names) -> out[slot] = names.size());
        return out;
    }

    /**
     * @param schema the training frame's schema
     * @param featuresCol the features column
     * @param numFeatures its width
     * @return per categorical feature the names of its categories, {@value #UNSEEN} last
     */
    static Map<Integer, List<String>> categories(Schema schema, String featuresCol, int numFeatures) {
        Map<Integer, List<String>> out = new TreeMap<>();
        if (!schema.contains(featuresCol)) {
            return out;
        }
        Map<Integer, List<String>> meta = schema.field(featuresCol).slotCategories();
        if (meta == null) {
            return out;
        }
        meta.forEach((slot, names) -> {
            if (slot < 0 || slot >= numFeatures || names.isEmpty()) {
                return;
            }
            if (names.size() + 1 > FeatureBins.MAX_BINS) {
                LOG.warn("column '{}' slot {}: {} categories and one for unseen values, more than the {} bins a"
                    + " feature can have; binned as a numeric feature in the order of its indices", featuresCol, slot,
                    names.size(), FeatureBins.MAX_BINS);
                return;
            }
            List<String> all = new java.util.ArrayList<>(names);
            all.add(UNSEEN);
            out.put(slot, all);
        });
        return out;
    }
}
