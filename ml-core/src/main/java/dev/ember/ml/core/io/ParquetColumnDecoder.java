package dev.ember.ml.core.io;

import dev.ember.ml.core.InvalidStateException;
import dev.ember.ml.core.data.ColumnBuilder;
import dev.ember.ml.core.data.DataType;
import org.apache.parquet.column.ColumnReader;

import java.nio.file.Path;

/**
 * Reads one column chunk (one column of one row group) into a {@link ColumnBuilder}, in one loop per kind over
 * the column reader's values and levels. Required columns take a loop without definition-level checks.
 */
final class ParquetColumnDecoder {
    private static final long MICROS_PER_DAY = 86_400_000_000L;

    private final Path file;
    private final int rowGroup;
    private final long firstRow;
    private final long rowCount;

    /**
     * @param file the file, for messages
     * @param rowGroup the row group, for messages
     * @param firstRow the 0-based file row of the row group's first row, for messages
     * @param rowCount the row group's rows
     */
    ParquetColumnDecoder(Path file, int rowGroup, long firstRow, long rowCount) {
        this.file = file;
        this.rowGroup = rowGroup;
        this.firstRow = firstRow;
        this.rowCount = rowCount;
    }

    /**
     * Appends the chunk's {@code rowCount} rows to the builder.
     *
     * @param plan the column's plan
     * @param cr a reader over the chunk
     * @param n the chunk's number of values (levels), from its page reader
     * @param b the builder
     */
    void decode(ParquetColumnPlan plan, ColumnReader cr, long n, ColumnBuilder b) {
        int maxDef = cr.getDescriptor().getMaxDefinitionLevel();
        if (plan.kind() == ParquetColumnPlan.Kind.VECTOR) {
            decodeVectors(plan, cr, n, maxDef, b);
            return;
        }
        if (n != rowCount) {
            throw error(-1, plan, "found " + n + " values, expected " + rowCount + " (one per row)");
        }
        if (maxDef == 0) {
            decodeRequired(plan.kind(), cr, n, b);
        } else {
            decodeOptional(plan.kind(), cr, n, maxDef, b);
        }
    }

    private static void decodeRequired(ParquetColumnPlan.Kind kind, ColumnReader cr, long n, ColumnBuilder b) {
        switch (kind) {
            case DOUBLE -> {
                for (long i = 0; i < n; i++) {
                    b.appendDouble(cr.getDouble());
                    cr.consume();
                }
            }
            case FLOAT -> {
                for (long i = 0; i < n; i++) {
                    b.appendFloat(cr.getFloat());
                    cr.consume();
                }
            }
            case LONG, TIMESTAMP_MICROS -> {
                for (long i = 0; i < n; i++) {
                    b.appendLong(cr.getLong());
                    cr.consume();
                }
            }
            case INT -> {
                for (long i = 0; i < n; i++) {
                    b.appendInt(cr.getInteger());
                    cr.consume();
                }
            }
            case BOOLEAN -> {
                for (long i = 0; i < n; i++) {
                    b.appendBoolean(cr.getBoolean());
                    cr.consume();
                }
            }
            case STRING -> {
                for (long i = 0; i < n; i++) {
                    b.appendString(cr.getBinary().toStringUsingUTF8());
                    cr.consume();
                }
            }
            default -> {
                for (long i = 0; i < n; i++) {
                    appendConverted(kind, cr, b);
                    cr.consume();
                }
            }
        }
    }

    private static void decodeOptional(ParquetColumnPlan.Kind kind, ColumnReader cr, long n, int maxDef,
                                       ColumnBuilder b) {
        switch (kind) {
            case DOUBLE -> {
                for (long i = 0; i < n; i++) {
                    if (cr.getCurrentDefinitionLevel() == maxDef) {
                        b.appendDouble(cr.getDouble());
                    } else {
                        b.appendNull();
                    }
                    cr.consume();
                }
            }
            case FLOAT -> {
                for (long i = 0; i < n; i++) {
                    if (cr.getCurrentDefinitionLevel() == maxDef) {
                        b.appendFloat(cr.getFloat());
                    } else {
                        b.appendNull();
                    }
                    cr.consume();
                }
            }
            default -> {
                for (long i = 0; i < n; i++) {
                    if (cr.getCurrentDefinitionLevel() == maxDef) {
                        appendConverted(kind, cr, b);
                    } else {
                        b.appendNull();
                    }
                    cr.consume();
                }
            }
        }
    }

    /** The current (non-null) value of any scalar kind, converted. */
    private static void appendConverted(ParquetColumnPlan.Kind kind, ColumnReader cr, ColumnBuilder b) {
        switch (kind) {
            case DOUBLE -> b.appendDouble(cr.getDouble());
            case FLOAT -> b.appendFloat(cr.getFloat());
            case LONG, TIMESTAMP_MICROS -> b.appendLong(cr.getLong());
            case TIMESTAMP_MILLIS -> b.appendLong(cr.getLong() * 1000L);
            case TIMESTAMP_NANOS -> b.appendLong(Math.floorDiv(cr.getLong(), 1000L));
            case INT -> b.appendInt(cr.getInteger());
            case UINT32 -> b.appendLong(Integer.toUnsignedLong(cr.getInteger()));
            case DATE -> b.appendLong(cr.getInteger() * MICROS_PER_DAY);
            case BOOLEAN -> b.appendBoolean(cr.getBoolean());
            case STRING -> b.appendString(cr.getBinary().toStringUsingUTF8());
            default -> throw new InvalidStateException("unreachable: " + kind);
        }
    }

    /**
     * Vectors: a row starts at repetition level 0. Definition levels: below {@code outerDef} the row is null,
     * {@code outerDef} an empty list, {@code maxDef} an element, in between a null element.
     */
    private void decodeVectors(ParquetColumnPlan plan, ColumnReader cr, long total, int maxDef, ColumnBuilder b) {
        int width = plan.vectorWidth();
        int outerDef = plan.nullable() ? 1 : 0;
        boolean isFloat = plan.elementType() == DataType.FLOAT;
        double[] row = new double[width];
        long consumed = 0;
        long r = 0;
        while (consumed < total) {
            if (r >= rowCount) {
                throw error(-1, plan, "found more than " + rowCount + " rows of list values, expected "
                    + rowCount);
            }
            int def = cr.getCurrentDefinitionLevel();
            if (def < outerDef) {
                b.appendNull();
                cr.consume();
                consumed++;
                r++;
                continue;
            }
            int k = 0;
            do {
                def = cr.getCurrentDefinitionLevel();
                if (def == maxDef) {
                    if (k < width) {
                        row[k] = isFloat ? cr.getFloat() : cr.getDouble();
                    } else {
                        cr.skip();
                    }
                    k++;
                } else if (def > outerDef) {
                    throw error(r, plan, "found a null vector element, expected " + width + " non-null "
                        + plan.elementType().jsonName() + " elements");
                }
                cr.consume();
                consumed++;
            } while (consumed < total && cr.getCurrentRepetitionLevel() > 0);
            if (k != width) {
                throw error(r, plan, "found a vector of " + k + " elements, expected " + width
                    + " (every row of a vector column has the same width)");
            }
            b.appendVector(row);
            r++;
        }
        if (r != rowCount) {
            throw error(-1, plan, "found " + r + " rows of list values, expected " + rowCount);
        }
    }

    /**
     * The width of the first non-null row of a vector chunk.
     *
     * @param cr a reader over the chunk
     * @param total the chunk's number of values (levels)
     * @param nullable whether the list field is OPTIONAL
     * @return the number of elements of the first non-null row (0 for an empty list), or -1 if every row is null
     */
    static int firstWidth(ColumnReader cr, long total, boolean nullable) {
        int maxDef = cr.getDescriptor().getMaxDefinitionLevel();
        int outerDef = nullable ? 1 : 0;
        long consumed = 0;
        while (consumed < total) {
            if (cr.getCurrentDefinitionLevel() < outerDef) {
                cr.consume();
                consumed++;
                continue;
            }
            int k = 0;
            do {
                if (cr.getCurrentDefinitionLevel() == maxDef) {
                    cr.skip();
                    k++;
                }
                cr.consume();
                consumed++;
            } while (consumed < total && cr.getCurrentRepetitionLevel() > 0);
            return k;
        }
        return -1;
    }

    private DataFormatException error(long rowInGroup, ParquetColumnPlan plan, String problem) {
        long row = rowInGroup < 0 ? -1 : firstRow + rowInGroup + 1;
        return new DataFormatException(file, row, rowGroup, plan.name(), problem);
    }
}
