package dev.ember.ml.core.io;

import dev.ember.ml.core.MlException;

import java.nio.file.Path;

/**
 * Bad input data: a missing or unreadable file, a malformed row, a value or type that does not fit the schema.
 * The message names where the problem is (the file, the 1-based data row or the row group, the column) and what
 * was expected, for example:
 *
 * <pre>
 * data.parquet, row group 3, column 'x': found INT96, expected double, float, int64, int32, boolean, binary or list
 * train.csv, row 17, column 'age': found 'abc', expected an int
 * </pre>
 *
 * <p>CSV readers locate problems by row ({@link #atRow}), Parquet readers by row group ({@link #inRowGroup});
 * problems with the file as a whole use {@link #inFile}. The parts are also available one by one
 * ({@link #file()}, {@link #row()}, {@link #rowGroup()}, {@link #column()}, {@link #problem()}).
 */
public final class DataFormatException extends MlException {
    private static final long serialVersionUID = 1L;

    /** The file, or null when the input was not a file. */
    private final transient Path file;
    private final long row;
    private final int rowGroup;
    private final String column;
    private final String problem;

    /**
     * @param file the file, or null when the input was not a file
     * @param row the 1-based data row (header excluded), or -1 when not about one row
     * @param rowGroup the 0-based Parquet row group, or -1 when not about one
     * @param column the column name, or null when not about one column
     * @param problem what was found and what was expected, e.g. {@code "found INT96, expected double"}
     */
    public DataFormatException(Path file, long row, int rowGroup, String column, String problem) {
        this(file, row, rowGroup, column, problem, null);
    }

    /**
     * @param file the file, or null when the input was not a file
     * @param row the 1-based data row (header excluded), or -1 when not about one row
     * @param rowGroup the 0-based Parquet row group, or -1 when not about one
     * @param column the column name, or null when not about one column
     * @param problem what was found and what was expected
     * @param cause the underlying exception, or null
     */
    public DataFormatException(Path file, long row, int rowGroup, String column, String problem, Throwable cause) {
        super(format(file, row, rowGroup, column, problem), cause, Category.ERROR);
        this.file = file;
        this.row = row;
        this.rowGroup = rowGroup;
        this.column = column;
        this.problem = problem;
    }

    /**
     * A problem with the file as a whole (missing, empty, not the expected format).
     *
     * @param file the file
     * @param problem what was found and what was expected
     * @return the exception
     */
    public static DataFormatException inFile(Path file, String problem) {
        return new DataFormatException(file, -1, -1, null, problem, null);
    }

    /**
     * A problem with the file as a whole, caused by another exception.
     *
     * @param file the file
     * @param problem what was found and what was expected
     * @param cause the underlying exception
     * @return the exception
     */
    public static DataFormatException inFile(Path file, String problem, Throwable cause) {
        return new DataFormatException(file, -1, -1, null, problem, cause);
    }

    /**
     * A problem at one row (CSV).
     *
     * @param file the file
     * @param row the 1-based data row (header excluded)
     * @param column the column, or null when the problem is with the row as a whole
     * @param problem what was found and what was expected
     * @return the exception
     */
    public static DataFormatException atRow(Path file, long row, String column, String problem) {
        return new DataFormatException(file, row, -1, column, problem, null);
    }

    /**
     * A problem in one Parquet row group.
     *
     * @param file the file
     * @param rowGroup the 0-based row group
     * @param column the column, or null when the problem is with the row group as a whole
     * @param problem what was found and what was expected
     * @return the exception
     */
    public static DataFormatException inRowGroup(Path file, int rowGroup, String column, String problem) {
        return new DataFormatException(file, -1, rowGroup, column, problem, null);
    }

    /**
     * A problem in one Parquet row group, caused by another exception.
     *
     * @param file the file
     * @param rowGroup the 0-based row group
     * @param column the column, or null when the problem is with the row group as a whole
     * @param problem what was found and what was expected
     * @param cause the underlying exception
     * @return the exception
     */
    public static DataFormatException inRowGroup(Path file, int rowGroup, String column, String problem,
                                                 Throwable cause) {
        return new DataFormatException(file, -1, rowGroup, column, problem, cause);
    }

    /** @return the file, or null when the input was not a file */
    public Path file() {
        return file;
    }

    /** @return the 1-based data row, or -1 when the problem is not about one row */
    public long row() {
        return row;
    }

    /** @return the 0-based Parquet row group, or -1 when the problem is not about one */
    public int rowGroup() {
        return rowGroup;
    }

    /** @return the column name, or null when the problem is not about one column */
    public String column() {
        return column;
    }

    /** @return what was found and what was expected, without the location */
    public String problem() {
        return problem;
    }

    private static String format(Path file, long row, int rowGroup, String column, String problem) {
        StringBuilder sb = new StringBuilder();
        sb.append(file == null ? "(input)" : file.toString());
        if (rowGroup >= 0) {
            sb.append(", row group ").append(rowGroup);
        }
        if (row >= 0) {
            sb.append(", row ").append(row);
        }
        if (column != null) {
            sb.append(", column '").append(column).append('\'');
        }
        sb.append(": ").append(problem == null ? "malformed input" : problem);
        return sb.toString();
    }
}
