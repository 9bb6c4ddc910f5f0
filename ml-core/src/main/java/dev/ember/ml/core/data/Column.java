package dev.ember.ml.core.data;

import dev.ember.ml.core.InvalidArgumentException;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.nio.ByteBuffer;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.nio.IntBuffer;
import java.nio.LongBuffer;
import java.util.BitSet;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The values of one column within one partition, held off-heap in an ND4J buffer.
 *
 * <p>Layout by type: {@code double}, {@code float}, {@code long}, {@code int} as their ND4J types; {@code boolean}
 * as one byte per row; {@code string} as 32-bit codes into a per-partition dictionary kept on the heap;
 * {@code timestamp} as 64-bit microseconds since the epoch (UTC); {@code vector} as one row-major n x d block of
 * float or double. Nulls are a bit set on the heap (absent when the column has none); a null row's slot holds 0.
 *
 * <p>A column is a view over reference-counted storage: {@link #share()} makes another view that keeps the
 * storage alive, and {@link #release()} gives one up. Hot loops read the typed NIO views
 * ({@link #doubles()}, {@link #floats()}, ...), which point straight at the off-heap memory.
 */
public final class Column {
    private final Field field;
    private final int length;
    private final OffHeapStorage storage;
    private final BitSet nulls;
    private final List<String> dictionary;
    private final ByteBuffer bytes;
    private final AtomicBoolean released = new AtomicBoolean();

    Column(Field field, int length, OffHeapStorage storage, BitSet nulls, List<String> dictionary) {
        this.field = Objects.requireNonNull(field, "field");
        this.length = length;
        this.storage = storage;
        this.nulls = nulls == null || nulls.isEmpty() ? null : nulls;
        this.dictionary = field.type() == DataType.STRING ? List.copyOf(dictionary) : null;
        this.bytes = storage.bytes();
        if (this.nulls != null && !field.nullable()) {
            throw new InvalidArgumentException("column '" + field.name() + "' is not nullable but has "
                + this.nulls.cardinality() + " nulls");
        }
    }

    /**
     * Wraps an ND4J array as a column, taking ownership of the array.
     *
     * @param field the column's field
     * @param array a 1-D array of the field type's ND4J type, or for vectors an n x d array
     * @param nulls rows that are null, or null for none
     * @return the column
     */
    public static Column wrap(Field field, INDArray array, BitSet nulls) {
        if (field.type() == DataType.STRING) {
            throw new InvalidArgumentException("string column '" + field.name() + "' needs a dictionary; build it"
                + " with ColumnBuilder");
        }
        int n = (int) (field.type() == DataType.VECTOR ? array.rows() : array.length());
        org.nd4j.linalg.api.buffer.DataType expected = field.type() == DataType.VECTOR
            ? field.elementType().nd4jType() : field.type().nd4jType();
        if (array.dataType() != expected) {
            throw new InvalidArgumentException("column '" + field.name() + "': found ND4J " + array.dataType()
                + ", expected " + expected);
        }
        if (field.type() == DataType.VECTOR && (array.rank() != 2 || array.columns() != field.vectorSize())) {
            throw new InvalidArgumentException("vector column '" + field.name() + "': found shape "
                + java.util.Arrays.toString(array.shape()) + ", expected [n, " + field.vectorSize() + "]");
        }
        return new Column(field, n, OffHeapStorage.wrap(array), nulls, null);
    }

    /**
     * Allocates an uninitialized, non-null column for a kernel to fill in place through its buffer views
     * ({@link #doubles()}, {@link #floats()}, ...) before handing it out. This is how fused row-wise kernels
     * write their output straight off-heap.
     *
     * @param field the column's field (nulls are not supported by this path)
     * @param rows the number of rows
     * @return the column, owned by the caller
     */
    public static Column allocate(Field field, int rows) {
        field.bytesPerRow();
        if (field.type() == DataType.STRING) {
            throw new InvalidArgumentException("string column '" + field.name() + "' needs a dictionary; build it"
                + " with ColumnBuilder");
        }
        OffHeapStorage storage = field.type() == DataType.VECTOR
            ? OffHeapStorage.allocate(field.elementType().nd4jType(), rows, field.vectorSize())
            : OffHeapStorage.allocate(field.type().nd4jType(), rows);
        return new Column(field, rows, storage, null, null);
    }

    /** @return the column's field */
    public Field field() {
        return field;
    }

    /** @return the column's name */
    public String name() {
        return field.name();
    }

    /** @return the column's type */
    public DataType type() {
        return field.type();
    }

    /** @return the number of rows */
    public int length() {
        return length;
    }

    /**
     * @param row a row index
     * @return whether the value is null
     */
    public boolean isNull(int row) {
        return nulls != null && nulls.get(row);
    }

    /** @return the number of null rows */
    public int nullCount() {
        return nulls == null ? 0 : nulls.cardinality();
    }

    /** @return a copy of the null rows, empty when there are none */
    public BitSet nulls() {
        return nulls == null ? new BitSet() : (BitSet) nulls.clone();
    }

    /**
     * Reads a numeric value as a double: {@code double, float, long, int, boolean (0/1), timestamp (micros)}.
     *
     * @param row a row index
     * @return the value, or NaN if null
     */
    public double getDouble(int row) {
        if (isNull(row)) {
            return Double.NaN;
        }
        return switch (field.type()) {
            case DOUBLE -> bytes.getDouble(row * 8);
            case FLOAT -> bytes.getFloat(row * 4);
            case LONG, TIMESTAMP -> bytes.getLong(row * 8);
            case INT -> bytes.getInt(row * 4);
            case BOOLEAN -> bytes.get(row);
            default -> throw typeError("a number");
        };
    }

    /**
     * @param row a row index
     * @return the value of a {@code long}, {@code int}, {@code timestamp} or {@code boolean} column
     */
    public long getLong(int row) {
        return switch (field.type()) {
            case LONG, TIMESTAMP -> bytes.getLong(row * 8);
            case INT -> bytes.getInt(row * 4);
            case BOOLEAN -> bytes.get(row);
            default -> throw typeError("an integer");
        };
    }

    /**
     * @param row a row index
     * @return the value of an {@code int} column
     */
    public int getInt(int row) {
        if (field.type() != DataType.INT) {
            throw typeError("int");
        }
        return bytes.getInt(row * 4);
    }

    /**
     * @param row a row index
     * @return the value of a {@code boolean} column
     */
    public boolean getBoolean(int row) {
        if (field.type() != DataType.BOOLEAN) {
            throw typeError("boolean");
        }
        return bytes.get(row) != 0;
    }

    /**
     * @param row a row index
     * @return the dictionary code of a {@code string} column (meaningless for a null row)
     */
    public int getCode(int row) {
        if (field.type() != DataType.STRING) {
            throw typeError("string");
        }
        return bytes.getInt(row * 4);
    }

    /**
     * @param row a row index
     * @return the value of a {@code string} column, or null
     */
    public String getString(int row) {
        int code = getCode(row);
        return isNull(row) ? null : dictionary.get(code);
    }

    /** @return the per-partition dictionary of a {@code string} column */
    public List<String> dictionary() {
        if (dictionary == null) {
            throw typeError("string");
        }
        return dictionary;
    }

    /** @return the width of a vector column, 1 for scalar columns */
    public int vectorSize() {
        return field.type() == DataType.VECTOR ? field.vectorSize() : 1;
    }

    /**
     * Copies one row of a vector column.
     *
     * @param row a row index
     * @param out an array of at least {@link #vectorSize()} elements
     */
    public void getVector(int row, double[] out) {
        if (field.type() != DataType.VECTOR) {
            throw typeError("vector");
        }
        int d = field.vectorSize();
        if (field.elementType() == DataType.FLOAT) {
            int base = row * d * 4;
            for (int j = 0; j < d; j++) {
                out[j] = bytes.getFloat(base + j * 4);
            }
        } else {
            int base = row * d * 8;
            for (int j = 0; j < d; j++) {
                out[j] = bytes.getDouble(base + j * 8);
            }
        }
    }

    /** @return a direct view of the values of a {@code double} column or a {@code vector<double>} block */
    public DoubleBuffer doubles() {
        requireElement(DataType.DOUBLE);
        return bytes.duplicate().order(bytes.order()).asDoubleBuffer();
    }

    /** @return a direct view of the values of a {@code float} column or a {@code vector<float>} block */
    public FloatBuffer floats() {
        requireElement(DataType.FLOAT);
        return bytes.duplicate().order(bytes.order()).asFloatBuffer();
    }

    /** @return a direct view of a {@code long} or {@code timestamp} column */
    public LongBuffer longs() {
        if (field.type() != DataType.LONG && field.type() != DataType.TIMESTAMP) {
            throw typeError("long or timestamp");
        }
        return bytes.duplicate().order(bytes.order()).asLongBuffer();
    }

    /** @return a direct view of an {@code int} column or the codes of a {@code string} column */
    public IntBuffer ints() {
        if (field.type() != DataType.INT && field.type() != DataType.STRING) {
            throw typeError("int or string");
        }
        return bytes.duplicate().order(bytes.order()).asIntBuffer();
    }

    /** @return a direct view of the raw bytes, native byte order */
    public ByteBuffer rawBytes() {
        return bytes.duplicate().order(bytes.order());
    }

    /** @return the underlying ND4J array (1-D, or n x d for vectors); null for an empty column */
    public INDArray array() {
        return storage.array();
    }

    /** @return the off-heap bytes this column's storage holds */
    public long sizeInBytes() {
        return storage.sizeInBytes();
    }

    /** @return a new view over the same storage, which keeps it alive until the view is released */
    public Column share() {
        storage.retain();
        return new Column(field, length, storage, nulls, dictionary);
    }

    /**
     * @param newName the new name
     * @return a view over the same storage under another name (shares, so release both)
     */
    public Column renamed(String newName) {
        storage.retain();
        return new Column(field.withName(newName), length, storage, nulls, dictionary);
    }

    /**
     * @param metadata the metadata (slot names, labels, categorical slots)
     * @return a view over the same storage whose field carries it (shares, so release both)
     */
    public Column withMetadata(FieldMetadata metadata) {
        storage.retain();
        return new Column(field.withMetadata(metadata), length, storage, nulls, dictionary);
    }

    /** Gives up this view; the storage is freed when its last view is released. Idempotent per view. */
    public void release() {
        if (released.compareAndSet(false, true)) {
            storage.release();
        }
    }

    /** @return whether this view was released */
    public boolean isReleased() {
        return released.get();
    }

    private void requireElement(DataType element) {
        boolean ok = field.type() == element
            || (field.type() == DataType.VECTOR && field.elementType() == element);
        if (!ok) {
            throw typeError(element.jsonName() + " or vector<" + element.jsonName() + ">");
        }
    }

    private InvalidArgumentException typeError(String expected) {
        return new InvalidArgumentException("column '" + field.name() + "': found " + field.typeString()
            + ", expected " + expected);
    }

    @Override
    public String toString() {
        return "Column[" + field + ", rows=" + length + "]";
    }
}
