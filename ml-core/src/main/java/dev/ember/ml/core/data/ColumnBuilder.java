package dev.ember.ml.core.data;

import dev.ember.ml.core.InvalidArgumentException;
import dev.ember.ml.core.InvalidStateException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Appends the values of one column on the heap and copies them off-heap in one bulk write at {@link #build()}.
 * Readers use one builder per column per partition; strings are dictionary-encoded as they arrive. A builder made
 * by {@link #offHeap} for a known number of rows writes bulk {@link #appendPlain PLAIN} values straight into the
 * column's off-heap memory (no heap array, no copy at build); any other append moves what it holds to the heap
 * first.
 *
 * <p>Not thread-safe. A builder builds once.
 */
public final class ColumnBuilder {
    private final Field field;
    private final int width;
    private double[] doubles;
    private float[] floats;
    private long[] longs;
    private int[] ints;
    private byte[] bytes;
    private BitSet nulls;
    private Map<String, Integer> codes;
    private List<String> dictionary;
    private int size;
    private boolean built;
    /** Off-heap mode: the column's own storage, written in place by {@link #appendPlain}; null on the heap. */
    private OffHeapStorage direct;
    private ByteBuffer directBytes;
    private int directRows;

    /**
     * @param field the column to build
     * @param capacityHint expected number of rows (grows as needed)
     */
    public ColumnBuilder(Field field, int capacityHint) {
        field.bytesPerRow();
        this.field = field;
        this.width = field.type() == DataType.VECTOR ? field.vectorSize() : 1;
        allocateHeap(Math.max(16, capacityHint) * width);
    }

    private ColumnBuilder(Field field, OffHeapStorage direct, int rows) {
        this.field = field;
        this.width = 1;
        this.direct = direct;
        this.directBytes = direct.bytes();
        this.directRows = rows;
    }

    /**
     * A builder for a column of exactly {@code rows} rows that {@link #appendPlain} writes off-heap in place; for
     * other field types, or no rows, an ordinary builder.
     *
     * @param field the column to build
     * @param rows the rows it will hold
     * @return the builder
     */
    public static ColumnBuilder offHeap(Field field, int rows) {
        boolean fixedWidth = switch (field.type()) {
            case DOUBLE, FLOAT, LONG, TIMESTAMP, INT -> true;
            default -> false;
        };
        if (!fixedWidth || rows <= 0) {
            return new ColumnBuilder(field, rows);
        }
        return new ColumnBuilder(field, OffHeapStorage.allocate(field.type().nd4jType(), rows), rows);
    }

    private void allocateHeap(int cap) {
        switch (storageType()) {
            case DOUBLE -> doubles = new double[cap];
            case FLOAT -> floats = new float[cap];
            case LONG, TIMESTAMP -> longs = new long[cap];
            case INT -> ints = new int[cap];
            case BOOLEAN -> bytes = new byte[cap];
            case STRING -> {
                ints = new int[cap];
                codes = new HashMap<>();
                dictionary = new ArrayList<>();
            }
            default -> throw new InvalidStateException("unreachable: " + field);
        }
    }

    /** Leaves off-heap mode: the values so far move to a heap array with room for at least {@code rows}. */
    private void toHeap(int rows) {
        OffHeapStorage held = direct;
        direct = null;
        allocateHeap(Math.max(16, Math.max(rows, directRows)) * width);
        ByteBuffer in = directBytes;
        directBytes = null;
        switch (storageType()) {
            case DOUBLE -> in.asDoubleBuffer().get(doubles, 0, size);
            case FLOAT -> in.asFloatBuffer().get(floats, 0, size);
            case LONG, TIMESTAMP -> in.asLongBuffer().get(longs, 0, size);
            case INT -> in.asIntBuffer().get(ints, 0, size);
            default -> throw new InvalidStateException("unreachable: " + field);
        }
        held.release();
    }

    /** Frees what an unbuilt builder holds off-heap (after a failed read); a no-op otherwise. */
    public void discard() {
        if (direct != null && !built) {
            direct.release();
            direct = null;
            directBytes = null;
        }
        built = true;
    }

    private DataType storageType() {
        return field.type() == DataType.VECTOR ? field.elementType() : field.type();
    }

    /** @return the field being built */
    public Field field() {
        return field;
    }

    /** @return rows appended so far */
    public int size() {
        return size;
    }

    private void ensure(int extraRows) {
        if (direct != null) {
            toHeap(size + extraRows);
        }
        int need = (size + extraRows) * width;
        int cap = switch (storageType()) {
            case DOUBLE -> doubles.length;
            case FLOAT -> floats.length;
            case LONG, TIMESTAMP -> longs.length;
            case INT, STRING -> ints.length;
            default -> bytes.length;
        };
        if (need <= cap) {
            return;
        }
        int newCap = Math.max(need, cap + (cap >> 1));
        switch (storageType()) {
            case DOUBLE -> doubles = Arrays.copyOf(doubles, newCap);
            case FLOAT -> floats = Arrays.copyOf(floats, newCap);
            case LONG, TIMESTAMP -> longs = Arrays.copyOf(longs, newCap);
            case INT, STRING -> ints = Arrays.copyOf(ints, newCap);
            default -> bytes = Arrays.copyOf(bytes, newCap);
        }
    }

    /**
     * Appends a null (a zero slot and a null bit).
     *
     * @throws InvalidArgumentException if the column is not nullable
     */
    public void appendNull() {
        if (!field.nullable()) {
            throw new InvalidArgumentException("column '" + field.name() + "' is not nullable");
        }
        ensure(1);
        if (nulls == null) {
            nulls = new BitSet();
        }
        nulls.set(size);
        size++;
    }

    /** @param v a value of a {@code double} or {@code float} column (narrowed for float) */
    public void appendDouble(double v) {
        ensure(1);
        switch (field.type()) {
            case DOUBLE -> doubles[size] = v;
            case FLOAT -> floats[size] = (float) v;
            default -> throw wrongAppend("double");
        }
        size++;
    }

    /** @param v a value of a {@code float} column */
    public void appendFloat(float v) {
        ensure(1);
        switch (field.type()) {
            case FLOAT -> floats[size] = v;
            case DOUBLE -> doubles[size] = v;
            default -> throw wrongAppend("float");
        }
        size++;
    }

    /** @param v a value of a {@code long} or {@code timestamp} (micros) column */
    public void appendLong(long v) {
        ensure(1);
        switch (field.type()) {
            case LONG, TIMESTAMP -> longs[size] = v;
            default -> throw wrongAppend("long");
        }
        size++;
    }

    /** @param v a value of an {@code int} column */
    public void appendInt(int v) {
        ensure(1);
        switch (field.type()) {
            case INT -> ints[size] = v;
            case LONG -> longs[size] = v;
            default -> throw wrongAppend("int");
        }
        size++;
    }

    /**
     * Appends {@code count} non-null values stored back to back in little-endian order in their storage type
     * (8-byte doubles, 4-byte floats, 8-byte longs, 4-byte ints), as Parquet's PLAIN encoding stores them: one
     * bulk copy instead of a call per value.
     *
     * @param littleEndian the values, from its position; the position is advanced past them
     * @param count how many
     * @throws InvalidArgumentException for a column that is not a scalar double, float, long, timestamp or int
     */
    public void appendPlain(ByteBuffer littleEndian, int count) {
        if (direct != null && size + count <= directRows && ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN) {
            int elementBytes = field.type().nd4jType().width();
            int bytes = count * elementBytes;
            directBytes.put(size * elementBytes, littleEndian, littleEndian.position(), bytes);
            littleEndian.position(littleEndian.position() + bytes);
            size += count;
            return;
        }
        ensure(count);
        ByteBuffer in = littleEndian.slice().order(ByteOrder.LITTLE_ENDIAN);
        int width;
        switch (field.type()) {
            case DOUBLE -> {
                in.asDoubleBuffer().get(doubles, size, count);
                width = Double.BYTES;
            }
            case FLOAT -> {
                in.asFloatBuffer().get(floats, size, count);
                width = Float.BYTES;
            }
            case LONG, TIMESTAMP -> {
                in.asLongBuffer().get(longs, size, count);
                width = Long.BYTES;
            }
            case INT -> {
                in.asIntBuffer().get(ints, size, count);
                width = Integer.BYTES;
            }
            default -> throw wrongAppend("plain fixed-width");
        }
        littleEndian.position(littleEndian.position() + count * width);
        size += count;
    }

    /** @param v a value of a {@code boolean} column */
    public void appendBoolean(boolean v) {
        if (field.type() != DataType.BOOLEAN) {
            throw wrongAppend("boolean");
        }
        ensure(1);
        bytes[size] = (byte) (v ? 1 : 0);
        size++;
    }

    /** @param v a value of a {@code string} column; null appends a null */
    public void appendString(String v) {
        if (field.type() != DataType.STRING) {
            throw wrongAppend("string");
        }
        if (v == null) {
            appendNull();
            return;
        }
        ensure(1);
        Integer code = codes.get(v);
        if (code == null) {
            code = dictionary.size();
            codes.put(v, code);
            dictionary.add(v);
        }
        ints[size] = code;
        size++;
    }

    /** @param v one row of a {@code vector} column, of exactly the column's width */
    public void appendVector(double[] v) {
        if (field.type() != DataType.VECTOR) {
            throw wrongAppend("vector");
        }
        if (v.length != width) {
            throw new InvalidArgumentException("vector column '" + field.name() + "': found " + v.length
                + " elements, expected " + width);
        }
        ensure(1);
        int base = size * width;
        if (field.elementType() == DataType.FLOAT) {
            for (int j = 0; j < width; j++) {
                floats[base + j] = (float) v[j];
            }
        } else {
            System.arraycopy(v, 0, doubles, base, width);
        }
        size++;
    }

    /**
     * Appends the value of row {@code row} of another column of the same type.
     *
     * @param source a column with this builder's field type
     * @param row a row of it
     */
    public void appendFrom(Column source, int row) {
        if (source.isNull(row)) {
            appendNull();
            return;
        }
        switch (field.type()) {
            case DOUBLE, FLOAT -> appendDouble(source.getDouble(row));
            case LONG, TIMESTAMP -> appendLong(source.getLong(row));
            case INT -> appendInt(source.getInt(row));
            case BOOLEAN -> appendBoolean(source.getBoolean(row));
            case STRING -> appendString(source.getString(row));
            case VECTOR -> {
                double[] v = new double[width];
                source.getVector(row, v);
                appendVector(v);
            }
            default -> throw new InvalidStateException("unreachable");
        }
    }

    private InvalidArgumentException wrongAppend(String what) {
        return new InvalidArgumentException("column '" + field.name() + "' of type " + field.typeString()
            + " cannot take a " + what + " value");
    }

    /**
     * Copies the values off-heap.
     *
     * @return the column, owned by the caller
     */
    public Column build() {
        if (built) {
            throw new InvalidStateException("column builder for '" + field.name() + "' already built");
        }
        built = true;
        if (direct != null && size == directRows) {
            Column c = new Column(field, size, direct, nulls, dictionary);
            direct = null;
            directBytes = null;
            return c;
        }
        if (direct != null) {
            toHeap(size);   // fewer rows than announced: a column of the rows appended
        }
        DataType st = storageType();
        OffHeapStorage storage = field.type() == DataType.VECTOR
            ? OffHeapStorage.allocate(st.nd4jType(), size, width)
            : OffHeapStorage.allocate(st.nd4jType(), size);
        ByteBuffer out = storage.bytes();
        int n = size * width;
        switch (st) {
            case DOUBLE -> out.asDoubleBuffer().put(doubles, 0, n);
            case FLOAT -> out.asFloatBuffer().put(floats, 0, n);
            case LONG, TIMESTAMP -> out.asLongBuffer().put(longs, 0, n);
            case INT, STRING -> out.asIntBuffer().put(ints, 0, n);
            default -> out.put(bytes, 0, n);
        }
        Column c = new Column(field, size, storage, nulls, dictionary);
        doubles = null;
        floats = null;
        longs = null;
        ints = null;
        bytes = null;
        return c;
    }

    /**
     * @param name column name
     * @param values the values
     * @return a non-nullable {@code double} column
     */
    public static Column ofDoubles(String name, double... values) {
        ColumnBuilder b = new ColumnBuilder(Field.of(name, DataType.DOUBLE, false), values.length);
        for (double v : values) {
            b.appendDouble(v);
        }
        return b.build();
    }

    /**
     * @param name column name
     * @param values the values, null for a null
     * @return a nullable {@code string} column
     */
    public static Column ofStrings(String name, String... values) {
        ColumnBuilder b = new ColumnBuilder(Field.of(name, DataType.STRING, true), values.length);
        for (String v : values) {
            b.appendString(v);
        }
        return b.build();
    }

    /**
     * @param name column name
     * @param elementType float or double
     * @param rows the vectors, all of one width
     * @return a vector column
     */
    public static Column ofVectors(String name, DataType elementType, double[][] rows) {
        int d = rows.length == 0 ? 1 : rows[0].length;
        ColumnBuilder b = new ColumnBuilder(Field.vector(name, d, elementType), rows.length);
        for (double[] r : rows) {
            b.appendVector(r);
        }
        return b.build();
    }
}
