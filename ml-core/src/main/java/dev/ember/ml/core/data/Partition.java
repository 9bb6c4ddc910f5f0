package dev.ember.ml.core.data;

import dev.ember.ml.core.InvalidArgumentException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One partition of a {@link Frame}: a number of rows and one off-heap {@link Column} per schema field.
 *
 * <p>A partition owns one reference to each of its columns and releases them on {@link #close()}. Methods
 * that derive a new partition ({@link #withColumn}, {@link #select}) share the columns they keep, so the
 * derived partition and this one can be closed in any order.
 */
public final class Partition implements AutoCloseable {
    private final int index;
    private final int numRows;
    private final Schema schema;
    private final List<Column> columns;
    private final AtomicBoolean closed = new AtomicBoolean();
    /**
     * The rows' content-hash accumulator once a pass has computed it: columns never change, so neither does it.
     * Shared with the partition's re-indexed views, which hold the same columns.
     */
    private AtomicReference<long[]> contentHash = new AtomicReference<>();
    private RowOrigin origin;

    /**
     * @param index the partition's position in its frame
     * @param columns the columns, all of one length; ownership passes to the partition
     * @throws InvalidArgumentException if the lengths differ
     */
    public Partition(int index, List<Column> columns) {
        this(index, columns, columns.isEmpty() ? 0 : columns.get(0).length());
    }

    /**
     * @param index the partition's position in its frame
     * @param columns the columns, all of {@code numRows} rows; ownership passes to the partition
     * @param numRows the number of rows (needed when there are no columns)
     */
    public Partition(int index, List<Column> columns, int numRows) {
        this.index = index;
        this.numRows = numRows;
        this.columns = List.copyOf(columns);
        List<Field> fields = new ArrayList<>(columns.size());
        for (Column c : columns) {
            if (c.length() != numRows) {
                throw new InvalidArgumentException("partition " + index + ": column '" + c.name() + "' has "
                    + c.length() + " rows, expected " + numRows);
            }
            fields.add(c.field());
        }
        this.schema = new Schema(fields);
    }

    /**
     * This partition's content-hash accumulator ({@code {rows, sum of row hashes}}), computed by the first pass
     * that asks and kept with the partition: a cached partition is hashed once, however many fits fingerprint it.
     *
     * @param compute computes the accumulator from the rows
     * @return a copy of the accumulator
     */
    long[] contentHash(java.util.function.Supplier<long[]> compute) {
        long[] h = contentHash.get();
        if (h == null) {
            h = compute.get();
            contentHash.set(h);
        }
        return h.clone();
    }

    /**
     * Attaches where the rows came from (a file's rows and lines); the steps that keep the rows carry it on.
     *
     * @param rowOrigin the origin, or null for none
     * @return this partition
     */
    public Partition withOrigin(RowOrigin rowOrigin) {
        this.origin = rowOrigin;
        return this;
    }

    /** @return where the rows came from, or null when not known */
    public RowOrigin origin() {
        return origin;
    }

    /**
     * Names a row for an error message: its place in the frame and, when known, the file and line it was read
     * from.
     *
     * @param row a row of this partition
     * @return such as {@code partition 0, row 9 (file /data/wine.csv, row 10, line 11)}
     */
    public String where(int row) {
        String at = "partition " + index + ", row " + row;
        if (origin == null || origin.isPositionIn(index)) {
            return at;
        }
        try {
            return at + " (" + origin.describe(row) + ")";
        } catch (RuntimeException e) {
            return at;
        }
    }

    /** @return the partition's position in its frame */
    public int index() {
        return index;
    }

    /** @return the number of rows */
    public int numRows() {
        return numRows;
    }

    /** @return the schema of the columns */
    public Schema schema() {
        return schema;
    }

    /** @return the columns in schema order */
    public List<Column> columns() {
        return columns;
    }

    /**
     * @param name a column name
     * @return the column
     * @throws InvalidArgumentException naming the column and the columns there are
     */
    public Column column(String name) {
        return columns.get(schema.indexOf(name));
    }

    /**
     * @param i a position
     * @return the column there
     */
    public Column column(int i) {
        return columns.get(i);
    }

    /**
     * @param column a new column of {@link #numRows()} rows, whose ownership passes to the result
     * @return a partition with this one's columns (shared) and the new one appended
     */
    public Partition withColumn(Column column) {
        List<Column> out = new ArrayList<>(columns.size() + 1);
        for (Column c : columns) {
            out.add(c.share());
        }
        out.add(column);
        return new Partition(index, out, numRows).withOrigin(origin);
    }

    /**
     * @param newColumns new columns of {@link #numRows()} rows, whose ownership passes to the result
     * @return a partition with this one's columns (shared) and the new ones appended
     */
    public Partition withColumns(List<Column> newColumns) {
        List<Column> out = new ArrayList<>(columns.size() + newColumns.size());
        for (Column c : columns) {
            out.add(c.share());
        }
        out.addAll(newColumns);
        return new Partition(index, out, numRows).withOrigin(origin);
    }

    /**
     * @param names the columns to keep, in order
     * @return a partition with those columns, shared
     */
    public Partition select(List<String> names) {
        List<Column> out = new ArrayList<>(names.size());
        for (String n : names) {
            out.add(column(n).share());
        }
        return new Partition(index, out, numRows).withOrigin(origin);
    }

    /**
     * Keeps some rows. Columns without nulls are copied off-heap to off-heap in runs of kept rows; string columns
     * and columns with nulls are rebuilt (dictionary and null bits re-encoded).
     *
     * @param keep one flag per row
     * @return a new partition of the kept rows, at the same index, owned by the caller (this one stays open)
     */
    public Partition filter(boolean[] keep) {
        if (keep.length != numRows) {
            throw new InvalidArgumentException("partition " + index + ": found " + keep.length + " row flags, expected "
                + numRows);
        }
        int kept = 0;
        for (boolean k : keep) {
            kept += k ? 1 : 0;
        }
        List<Column> out = new ArrayList<>(columns.size());
        try {
            for (Column c : columns) {
                out.add(c.type() == DataType.STRING || c.nullCount() > 0 ? rebuilt(c, keep, kept)
                    : copiedRuns(c, keep, kept));
            }
        } catch (RuntimeException e) {
            out.forEach(Column::release);
            throw e;
        }
        return new Partition(index, out, kept).withOrigin(origin == null ? null : origin.filtered(keep));
    }

    private static Column rebuilt(Column c, boolean[] keep, int kept) {
        ColumnBuilder b = new ColumnBuilder(c.field(), kept);
        for (int r = 0; r < keep.length; r++) {
            if (keep[r]) {
                b.appendFrom(c, r);
            }
        }
        return b.build();
    }

    private static Column copiedRuns(Column c, boolean[] keep, int kept) {
        Column dst = Column.allocate(c.field(), kept);
        int rowBytes = c.field().bytesPerRow();
        java.nio.ByteBuffer from = c.rawBytes();
        java.nio.ByteBuffer to = dst.rawBytes();
        int at = 0;
        int r = 0;
        while (r < keep.length) {
            if (!keep[r]) {
                r++;
                continue;
            }
            int start = r;
            while (r < keep.length && keep[r]) {
                r++;
            }
            int len = (r - start) * rowBytes;
            to.put(at, from, start * rowBytes, len);
            at += len;
        }
        return dst;
    }

    /**
     * @param newIndex the index in the derived frame
     * @return a partition with the same columns (shared) at another index
     */
    public Partition reindexed(int newIndex) {
        List<Column> out = new ArrayList<>(columns.size());
        for (Column c : columns) {
            out.add(c.share());
        }
        Partition view = new Partition(newIndex, out, numRows).withOrigin(origin);
        view.contentHash = contentHash;
        return view;
    }

    /** @return the off-heap bytes of the columns (shared storage counted in full) */
    public long sizeInBytes() {
        long sum = 0;
        for (Column c : columns) {
            sum += c.sizeInBytes();
        }
        return sum;
    }

    /** Releases this partition's references to its columns. Idempotent. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            for (Column c : columns) {
                c.release();
            }
        }
    }

    @Override
    public String toString() {
        return "Partition[" + index + ", rows=" + numRows + ", " + schema + "]";
    }
}
