package dev.ember.ml.core.data;

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
 */
public record Field(String name, DataType type, boolean nullable, int vectorSize, DataType elementType) {
    /** The width of a vector column that is only known once an estimator is fitted (category counts, classes). */
    public static final int UNKNOWN_WIDTH = -1;

    /** Validates the combination of type, width and element type. */
    public Field {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        if (name.isEmpty()) {
            throw new IllegalArgumentException("column name is empty, expected a non-empty name");
        }
        if (type == DataType.VECTOR) {
            if (vectorSize <= 0 && vectorSize != UNKNOWN_WIDTH) {
                throw new IllegalArgumentException("vector column '" + name + "': found width " + vectorSize
                    + ", expected > 0");
            }
            if (elementType != DataType.FLOAT && elementType != DataType.DOUBLE) {
                throw new IllegalArgumentException("vector column '" + name + "': found element type "
                    + elementType + ", expected float or double");
            }
        } else if (vectorSize != 0 || elementType != null) {
            throw new IllegalArgumentException("column '" + name + "' of type " + type.jsonName()
                + " has a vector width or element type; only vector columns have them");
        }
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
        return new Field(newName, type, nullable, vectorSize, elementType);
    }

    /** @return this field with another nullability */
    public Field withNullable(boolean newNullable) {
        return new Field(name, type, newNullable, vectorSize, elementType);
    }

    /** @return bytes per row off-heap */
    public int bytesPerRow() {
        if (hasUnknownWidth()) {
            throw new IllegalStateException("vector column '" + name + "' has no width yet (it is known once the"
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
