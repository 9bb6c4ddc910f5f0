package dev.ember.ml.core.io;

import dev.ember.ml.core.data.DataType;
import dev.ember.ml.core.data.Field;

import java.util.List;
import java.util.Objects;

/**
 * How one top-level Parquet column becomes one Ember column: the Ember field, the path of the Parquet leaf
 * column that holds its values, and the conversion applied to each value.
 *
 * @param name the column name (the top-level Parquet field's name)
 * @param kind the conversion
 * @param nullable whether the Parquet field is OPTIONAL
 * @param elementType for {@link Kind#VECTOR}: {@link DataType#FLOAT} or {@link DataType#DOUBLE}; null otherwise
 * @param vectorWidth for {@link Kind#VECTOR}: the width, or 0 while it is still unknown; 0 otherwise
 * @param leafPath the path of the leaf column in the Parquet schema
 */
record ParquetColumnPlan(String name, Kind kind, boolean nullable, DataType elementType, int vectorWidth,
                         List<String> leafPath) {

    /** The conversion from a Parquet leaf column to an Ember column. */
    enum Kind {
        /** DOUBLE to double. */
        DOUBLE(DataType.DOUBLE),
        /** FLOAT to float. */
        FLOAT(DataType.FLOAT),
        /** INT64 to long. */
        LONG(DataType.LONG),
        /** INT64 TIMESTAMP(MILLIS) to timestamp (micros). */
        TIMESTAMP_MILLIS(DataType.TIMESTAMP),
        /** INT64 TIMESTAMP(MICROS) to timestamp. */
        TIMESTAMP_MICROS(DataType.TIMESTAMP),
        /** INT64 TIMESTAMP(NANOS) to timestamp (micros, rounded down). */
        TIMESTAMP_NANOS(DataType.TIMESTAMP),
        /** INT32 to int. */
        INT(DataType.INT),
        /** INT32 INT(32, unsigned) to long. */
        UINT32(DataType.LONG),
        /** INT32 DATE (days) to timestamp (micros at midnight UTC). */
        DATE(DataType.TIMESTAMP),
        /** BOOLEAN to boolean. */
        BOOLEAN(DataType.BOOLEAN),
        /** BINARY (STRING, ENUM, JSON or no annotation) to string, decoded as UTF-8. */
        STRING(DataType.STRING),
        /** LIST of FLOAT or DOUBLE (3-level, 2-level, or a bare repeated field) to vector. */
        VECTOR(DataType.VECTOR);

        private final DataType emberType;

        Kind(DataType emberType) {
            this.emberType = emberType;
        }

        DataType emberType() {
            return emberType;
        }
    }

    ParquetColumnPlan {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(kind, "kind");
        leafPath = List.copyOf(leafPath);
    }

    /** @return whether this is a vector column whose width is not known yet */
    boolean needsWidth() {
        return kind == Kind.VECTOR && vectorWidth <= 0;
    }

    /**
     * @param width the vector width
     * @return this plan with the width set
     */
    ParquetColumnPlan withWidth(int width) {
        return new ParquetColumnPlan(name, kind, nullable, elementType, width, leafPath);
    }

    /** @return the leaf path as an array, the form Parquet's schema lookups take */
    String[] leafPathArray() {
        return leafPath.toArray(new String[0]);
    }

    /** @return the Ember field */
    Field field() {
        if (kind == Kind.VECTOR) {
            return new Field(name, DataType.VECTOR, nullable, vectorWidth, elementType);
        }
        return Field.of(name, kind.emberType(), nullable);
    }
}
