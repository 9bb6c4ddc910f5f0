package dev.ember.ml.core.data;

import dev.ember.ml.core.InvalidArgumentException;

/**
 * The column types of a {@link Schema}. Numeric, boolean, string codes, timestamps and vectors are stored
 * off-heap in ND4J buffers; see {@link Column} for the layout of each.
 */
public enum DataType {
    /** 64-bit IEEE float. */
    DOUBLE(8, org.nd4j.linalg.api.buffer.DataType.DOUBLE),
    /** 32-bit IEEE float. */
    FLOAT(4, org.nd4j.linalg.api.buffer.DataType.FLOAT),
    /** 64-bit signed integer. */
    LONG(8, org.nd4j.linalg.api.buffer.DataType.LONG),
    /** 32-bit signed integer. */
    INT(4, org.nd4j.linalg.api.buffer.DataType.INT),
    /** One byte per value, 0 or 1. */
    BOOLEAN(1, org.nd4j.linalg.api.buffer.DataType.BYTE),
    /** Dictionary-encoded: 32-bit codes off-heap, the dictionary on the heap, one per partition. */
    STRING(4, org.nd4j.linalg.api.buffer.DataType.INT),
    /** Microseconds since the Unix epoch, UTC, as a 64-bit integer. */
    TIMESTAMP(8, org.nd4j.linalg.api.buffer.DataType.LONG),
    /** Fixed-width vector of {@link #FLOAT} or {@link #DOUBLE}: one row-major n x d block per partition. */
    VECTOR(-1, null);

    private final int width;
    private final org.nd4j.linalg.api.buffer.DataType nd4jType;

    DataType(int width, org.nd4j.linalg.api.buffer.DataType nd4jType) {
        this.width = width;
        this.nd4jType = nd4jType;
    }

    /** @return bytes per value off-heap, or -1 for {@link #VECTOR} (which depends on its element type and width) */
    public int byteWidth() {
        return width;
    }

    /** @return the ND4J buffer type that holds this column's values (null for {@link #VECTOR}) */
    public org.nd4j.linalg.api.buffer.DataType nd4jType() {
        return nd4jType;
    }

    /** @return true for the types whose values read as numbers ({@link Column#getDouble(int)}) */
    public boolean isNumeric() {
        return this == DOUBLE || this == FLOAT || this == LONG || this == INT || this == BOOLEAN;
    }

    /** @return the lower-case name used in JSON and messages */
    public String jsonName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /**
     * @param name a name as written by {@link #jsonName()}
     * @return the type
     * @throws InvalidArgumentException naming the unknown type and the known ones
     */
    public static DataType fromJsonName(String name) {
        for (DataType t : values()) {
            if (t.jsonName().equals(name)) {
                return t;
            }
        }
        throw new InvalidArgumentException("unknown column type '" + name + "', expected one of "
            + java.util.Arrays.toString(values()).toLowerCase(java.util.Locale.ROOT));
    }
}
