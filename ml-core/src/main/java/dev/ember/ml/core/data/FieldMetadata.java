package dev.ember.ml.core.data;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a column says about itself beyond its type, as Spark's column metadata (ML attributes) does: the names of
 * a vector's slots (so that coefficients and importances are reported by feature name), the labels a class-index
 * column stands for (so that a confusion matrix shows names), and for a column read from text the value that
 * decided its type (so that a later type error names the row that turned a numeric column into strings).
 * Advisory: two fields that differ only in metadata are equal, and a stage that cannot say what its output slots
 * mean leaves them out.
 *
 * @param slotNames one name per element of a vector column, or null when unknown
 * @param labels the label of each class index 0..k-1 of an index column (from {@code StringIndexer}), or null
 * @param typeEvidence for a column typed by inference: which value of which row decided the type, or null
 * @param slotCategories of a vector column, the slots that hold category indices (Spark's nominal attributes in
 *     an attribute group): per such slot, the names of its categories 0..c-1 ({@code VectorAssembler} records
 *     them from a {@code StringIndexer} output it assembles); null or empty when no slot is categorical
 */
public record FieldMetadata(List<String> slotNames, List<String> labels, String typeEvidence,
                            Map<Integer, List<String>> slotCategories) {
    /** No metadata. */
    public static final FieldMetadata EMPTY = new FieldMetadata(null, null, null, null);

    /** Copies the lists; the categorical slots are kept in slot order. */
    public FieldMetadata {
        slotNames = slotNames == null ? null : List.copyOf(slotNames);
        labels = labels == null ? null : List.copyOf(labels);
        if (slotCategories != null) {
            TreeMap<Integer, List<String>> sorted = new TreeMap<>();
            slotCategories.forEach((slot, names) -> sorted.put(slot, List.copyOf(names)));
            slotCategories = sorted.isEmpty() ? null : java.util.Collections.unmodifiableMap(sorted);
        }
    }

    /**
     * Metadata without categorical slots.
     *
     * @param slotNames one name per element of a vector column, or null when unknown
     * @param labels the label of each class index of an index column, or null
     * @param typeEvidence which value of which row decided the type, or null
     */
    public FieldMetadata(List<String> slotNames, List<String> labels, String typeEvidence) {
        this(slotNames, labels, typeEvidence, null);
    }

    /** @param names the slot names @return this metadata with them */
    public FieldMetadata withSlotNames(List<String> names) {
        return new FieldMetadata(names, labels, typeEvidence, slotCategories);
    }

    /** @param newLabels the labels of the class indices @return this metadata with them */
    public FieldMetadata withLabels(List<String> newLabels) {
        return new FieldMetadata(slotNames, newLabels, typeEvidence, slotCategories);
    }

    /** @param evidence which row and value decided the type @return this metadata with it */
    public FieldMetadata withTypeEvidence(String evidence) {
        return new FieldMetadata(slotNames, labels, evidence, slotCategories);
    }

    /**
     * @param categories per categorical slot the names of its categories (null: none)
     * @return this metadata with them
     */
    public FieldMetadata withSlotCategories(Map<Integer, List<String>> categories) {
        return new FieldMetadata(slotNames, labels, typeEvidence, categories);
    }

    /** @return whether nothing is known */
    public boolean isEmpty() {
        return slotNames == null && labels == null && typeEvidence == null && slotCategories == null;
    }
}
