package dev.ember.ml.core.data;

import dev.ember.ml.core.InvalidArgumentException;
import dev.ember.ml.core.InvalidStateException;

import java.util.Objects;

/**
 * One column of a {@link Schema}: a name, a type, whether it may hold nulls, and for vectors the width and the
 * element type.
 *
 * @param name the column name, non-empty
 * @param type the column type
 * @param nullable whether the column may hold nulls
 * @param vectorSize the width of a {@link DataType#VECTOR} column ({@link #UNKNOWN_WIDTH} in the schema an estimator
 *     declares before it is fitted, when the width depends on the data), 0 otherwise
 * @param elementType {@link DataType#FLOAT} or {@link DataType#DOUBLE} for vectors, null otherwise
 * @param metadata slot names, labels, type evidence ({@link FieldMetadata}); advisory, not part of equality
 */
public record Field(String name, DataType type, boolean nullable, int vectorSize, DataType elementType,
                    FieldMetadata metadata) {
    /** The width of a vector column that is only known once an estimator is fitted (category counts, classes). */
    public static final int UNKNOWN_WIDTH = -1;

    /** Validates the combination of type, width and element type. */
    public Field {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        metadata = metadata == null ? FieldMetadata.EMPTY : metadata;
        if (name.isEmpty()) {
            throw new InvalidArgumentException("column name is empty, expected a non-empty name");
        }
        if (type == DataType.VECTOR) {
            if (vectorSize <= 0 && vectorSize != UNKNOWN_WIDTH) {
                throw new InvalidArgumentException("vector column '" + name + "': found width " + vectorSize
                    + ", expected > 0");
            }
            if (elementType != DataType.FLOAT && elementType != DataType.DOUBLE) {
                throw new InvalidArgumentException("vector column '" + name + "': found element type "
                    + elementType + ", expected float or double");
            }
        } else if (vectorSize != 0 || elementType != null) {
            throw new InvalidArgumentException("column '" + name + "' of type " + type.jsonName()
                + " has a vector width or element type; only vector columns have them");
        }
    }

    /**
     * A field without metadata.
     *
     * @param name the column name
     * @param type the column type
     * @param nullable whether the column may hold nulls
     * @param vectorSize the width of a vector column, 0 otherwise
     * @param elementType the element type of a vector column, null otherwise
     */
    public Field(String name, DataType type, boolean nullable, int vectorSize, DataType elementType) {
        this(name, type, nullable, vectorSize, elementType, FieldMetadata.EMPTY);
    }

    /**
     * @param name column name
     * @param type a scalar type
     * @return a nullable scalar field
     */
    public static Field of(String name, DataType type) {
        return new Field(name, type, true, 0, null);
    }

    /**
     * @param name column name
     * @param type a scalar type
     * @param nullable whether nulls are allowed
     * @return a scalar field
     */
    public static Field of(String name, DataType type, boolean nullable) {
        return new Field(name, type, nullable, 0, null);
    }

    /**
     * @param name column name
     * @param width number of elements per row
     * @param elementType {@link DataType#FLOAT} or {@link DataType#DOUBLE}
     * @return a non-nullable vector field
     */
    public static Field vector(String name, int width, DataType elementType) {
        return new Field(name, DataType.VECTOR, false, width, elementType);
    }

    /**
     * @param name column name
     * @param elementType {@link DataType#FLOAT} or {@link DataType#DOUBLE}
     * @return a vector field whose width is known only after fitting (for an estimator's declared output)
     */
    public static Field vectorOfUnknownWidth(String name, DataType elementType) {
        return new Field(name, DataType.VECTOR, false, UNKNOWN_WIDTH, elementType);
    }

    /** @return whether this is a vector whose width is known only after fitting */
    public boolean hasUnknownWidth() {
        return type == DataType.VECTOR && vectorSize == UNKNOWN_WIDTH;
    }

    /** @return this field under another name */
    public Field withName(String newName) {
        return new Field(newName, type, nullable, vectorSize, elementType, metadata);
    }

    /** @param newMetadata the metadata @return this field with it */
    public Field withMetadata(FieldMetadata newMetadata) {
        return new Field(name, type, nullable, vectorSize, elementType, newMetadata);
    }

    /** @param names one name per element @return this vector field with its slots named */
    public Field withSlotNames(java.util.List<String> names) {
        if (names != null && type == DataType.VECTOR && !hasUnknownWidth() && names.size() != vectorSize) {
            throw new InvalidArgumentException("vector column '" + name + "': found " + names.size()
                + " slot names, expected " + vectorSize);
        }
        return withMetadata(metadata.withSlotNames(names));
    }

    /**
     * The names of the values this column contributes to a feature vector: its own name for a scalar, its slot
     * names for a vector that has them, else {@code name_0, name_1, ...} (Spark's names for unnamed slots).
     *
     * @return the names, or null for a vector whose width is not known yet
     */
    public java.util.List<String> slotNamesOrIndexed() {
        if (type != DataType.VECTOR) {
            return java.util.List.of(name);
        }
        if (hasUnknownWidth()) {
            return null;
        }
        if (metadata.slotNames() != null) {
            return metadata.slotNames();
        }
        java.util.List<String> out = new java.util.ArrayList<>(vectorSize);
        for (int i = 0; i < vectorSize; i++) {
            out.add(name + "_" + i);
        }
        return out;
    }

    /** @return the labels of the class indices this column holds (from {@code StringIndexer}), or null */
    public java.util.List<String> labels() {
        return metadata.labels();
    }

    /**
     * @return of a vector column, per slot holding category indices the names of its categories (null: no
     *     categorical slot); of a scalar index column ({@code StringIndexer}'s output), slot 0 with its labels
     */
    public java.util.Map<Integer, java.util.List<String>> slotCategories() {
        if (type != DataType.VECTOR) {
            return metadata.labels() == null ? null : java.util.Map.of(0, metadata.labels());
        }
        return metadata.slotCategories();
    }

    /** @return the names of a vector's slots, or null when not known */
    public java.util.List<String> slotNames() {
        return metadata.slotNames();
    }

    /** Equal when name, type, nullability, width and element type are; metadata is advisory. */
    @Override
    public boolean equals(Object o) {
        return o instanceof Field f && f.name.equals(name) && f.type == type && f.nullable == nullable
            && f.vectorSize == vectorSize && f.elementType == elementType;
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, type, nullable, vectorSize, elementType);
    }

    /** @return this field with another nullability */
    public Field withNullable(boolean newNullable) {
        return new Field(name, type, newNullable, vectorSize, elementType, metadata);
    }

    /** @return bytes per row off-heap */
    public int bytesPerRow() {
        if (hasUnknownWidth()) {
            throw new InvalidStateException("vector column '" + name + "' has no width yet (it is known once the"
                + " estimator that declares it is fitted), so it cannot hold data");
        }
        return type == DataType.VECTOR ? vectorSize * elementType.byteWidth() : type.byteWidth();
    }

    /** @return a short description such as {@code vector<float,50>} or {@code double?} */
    public String typeString() {
        String t = type == DataType.VECTOR
            ? "vector<" + elementType.jsonName() + "," + (hasUnknownWidth() ? "?" : vectorSize) + ">"
            : type.jsonName();
        return nullable ? t + "?" : t;
    }

    @Override
    public String toString() {
        return name + ": " + typeString();
    }
}
