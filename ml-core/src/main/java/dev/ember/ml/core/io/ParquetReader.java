package dev.ember.ml.core.io;

import dev.ember.ml.core.InvalidArgumentException;
import dev.ember.ml.core.data.Frame;
import dev.ember.ml.core.data.Schema;
import dev.ember.ml.core.runtime.Runtime;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * Reads a Parquet file into a lazy {@link Frame} whose partitions are the file's row groups.
 *
 * <pre>{@code
 * Frame all = ParquetReader.read(Path.of("train.parquet"));              // Runtime.local(), 1 row group each
 * Frame some = ParquetReader.options()
 *     .runtime(runtime)
 *     .rowGroupsPerPartition(2)
 *     .columns("features", "label")
 *     .read(Path.of("train.parquet"));
 * some.cacheNow();                                                       // reads the row groups in parallel
 * }</pre>
 *
 * <p>Only the footer is read here (plus, for a vector column of a file not written by Ember, the first non-null
 * row, to learn the width); row groups are read when partitions are computed, each partition opening the file
 * itself, so that the runtime reads them in parallel and re-reads partitions evicted from its cache. See
 * {@link ParquetSource}.
 *
 * <p>Types, Parquet to Ember: DOUBLE to double; FLOAT to float; INT64 to long, or with a TIMESTAMP annotation
 * (MILLIS, MICROS or NANOS) to timestamp in microseconds; INT32 to int (INT(8|16) too, unsigned INT(32) to long),
 * and INT32 DATE to a timestamp at midnight UTC of that day; BOOLEAN to boolean; BINARY (STRING, ENUM, JSON or
 * without annotation) to string, decoded as UTF-8; a LIST of FLOAT or DOUBLE (standard 3-level, legacy
 * 2-level, or a bare repeated field) to a vector whose width comes from the Ember schema stored by
 * {@link ParquetWriter} under the key-value metadata key {@code ember.schema}, or else from the first non-null
 * row, and which every row must match. OPTIONAL fields become nullable columns and their nulls are kept. Other
 * types (INT96, FIXED_LEN_BYTE_ARRAY, DECIMAL, TIME, unsigned INT(64), structs, maps, lists of other types)
 * fail with a {@link DataFormatException} naming the column and the type, unless projected away with
 * {@link Options#columns}.
 *
 * <p>Reading uses Parquet-MR's column API with Ember's own codecs (UNCOMPRESSED, SNAPPY, ZSTD, GZIP); Hadoop is
 * not used, though Parquet-MR's reader needs {@code hadoop-client-api} on the class path.
 */
public final class ParquetReader {

    private ParquetReader() {
    }

    /**
     * Reads a file with the default options: {@link Runtime#local()}, one partition per row group, every column.
     *
     * @param file a Parquet file
     * @return the lazy frame
     * @throws DataFormatException if the file is missing, empty or not Parquet, or has a column Ember cannot
     *     represent
     */
    public static Frame read(Path file) {
        return read(file, options());
    }

    /**
     * Reads a file.
     *
     * @param file a Parquet file
     * @param options the options
     * @return the lazy frame
     * @throws DataFormatException if the file is missing, empty or not Parquet, a requested column is missing, or
     *     a requested column has a type Ember cannot represent
     */
    public static Frame read(Path file, Options options) {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(options, "options");
        ParquetSource source = ParquetSource.open(file, options.rowGroupsPerPartition, options.columns);
        return new Frame(source, options.runtime != null ? options.runtime : Runtime.local());
    }

    /**
     * Reads only the schema a file would be read with (all columns).
     *
     * @param file a Parquet file
     * @return its Ember schema
     * @throws DataFormatException as {@link #read(Path)}
     */
    public static Schema readSchema(Path file) {
        Objects.requireNonNull(file, "file");
        return ParquetSource.open(file, 1, null).schema();
    }

    /** @return the default options, to adjust fluently */
    public static Options options() {
        return new Options(null, 1, null);
    }

    /**
     * Reading options. Immutable: each setter returns a copy.
     */
    public static final class Options {
        private final Runtime runtime;
        private final int rowGroupsPerPartition;
        private final List<String> columns;

        private Options(Runtime runtime, int rowGroupsPerPartition, List<String> columns) {
            if (rowGroupsPerPartition < 1) {
                throw new InvalidArgumentException("rowGroupsPerPartition: found " + rowGroupsPerPartition
                    + ", expected >= 1");
            }
            this.runtime = runtime;
            this.rowGroupsPerPartition = rowGroupsPerPartition;
            this.columns = columns == null ? null : List.copyOf(columns);
        }

        /**
         * @param runtime the runtime the frame computes on (default {@link Runtime#local()})
         * @return a copy with it set
         */
        public Options runtime(Runtime runtime) {
            return new Options(Objects.requireNonNull(runtime, "runtime"), rowGroupsPerPartition, columns);
        }

        /**
         * @param n row groups per partition, at least 1 (default 1); the last partition may have fewer
         * @return a copy with it set
         */
        public Options rowGroupsPerPartition(int n) {
            return new Options(runtime, n, columns);
        }

        /**
         * @param names the columns to read, in this order (default: all, in file order)
         * @return a copy with it set
         */
        public Options columns(String... names) {
            return columns(List.of(names));
        }

        /**
         * @param names the columns to read, in this order (default: all, in file order)
         * @return a copy with it set
         */
        public Options columns(List<String> names) {
            return new Options(runtime, rowGroupsPerPartition, Objects.requireNonNull(names, "names"));
        }

        /**
         * Reads a file with these options; same as {@link ParquetReader#read(Path, Options)}.
         *
         * @param file a Parquet file
         * @return the lazy frame
         */
        public Frame read(Path file) {
            return ParquetReader.read(file, this);
        }

        @Override
        public String toString() {
            return "ParquetReader.Options[runtime=" + runtime + ", rowGroupsPerPartition=" + rowGroupsPerPartition
                + ", columns=" + (columns == null ? "all" : columns) + "]";
        }
    }
}
