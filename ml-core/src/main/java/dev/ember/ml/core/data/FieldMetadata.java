package dev.ember.ml.core.data;

import java.util.List;

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
 */
public record FieldMetadata(List<String> slotNames, List<String> labels, String typeEvidence) {
    /** No metadata. */
    public static final FieldMetadata EMPTY = new FieldMetadata(null, null, null);

    /** Copies the lists. */
    public FieldMetadata {
        slotNames = slotNames == null ? null : List.copyOf(slotNames);
        labels = labels == null ? null : List.copyOf(labels);
    }

    /** @param names the slot names @return this metadata with them */
    public FieldMetadata withSlotNames(List<String> names) {
        return new FieldMetadata(names, labels, typeEvidence);
    }

    /** @param newLabels the labels of the class indices @return this metadata with them */
    public FieldMetadata withLabels(List<String> newLabels) {
        return new FieldMetadata(slotNames, newLabels, typeEvidence);
    }

    /** @param evidence which row and value decided the type @return this metadata with it */
    public FieldMetadata withTypeEvidence(String evidence) {
        return new FieldMetadata(slotNames, labels, evidence);
    }

    /** @return whether nothing is known */
    public boolean isEmpty() {
        return slotNames == null && labels == null && typeEvidence == null;
    }
}
