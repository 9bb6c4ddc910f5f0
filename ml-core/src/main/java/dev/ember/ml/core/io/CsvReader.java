package dev.ember.ml.core.io;

import dev.ember.ml.core.InvalidArgumentException;
import dev.ember.ml.core.data.DataType;
import dev.ember.ml.core.data.Field;
import dev.ember.ml.core.data.Frame;
import dev.ember.ml.core.data.Schema;
import dev.ember.ml.core.runtime.Runtime;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Reads a CSV file (RFC 4180, UTF-8) into a lazy, partitioned {@link Frame}, with Jackson's CSV parser.
 *
 * <pre>{@code
 * Frame iris = CsvReader.read(Path.of("iris.csv"));                 // header, inferred schema, Runtime.local()
 * Frame train = CsvReader.builder()
 *     .runtime(runtime).delimiter(';').addNullValues("NA").numPartitions(8)
 *     .read(Path.of("train.csv"));
 * Schema s = CsvReader.inferSchema(Path.of("iris.csv"));
 * }</pre>
 *
 * <h2>What {@code read} does</h2>
 * One quote-aware pass over the bytes finds the records (a line break inside a quoted field does not end one) and
 * counts the rows; the data rows are then cut into byte ranges, one per partition, balanced by rows. Without a
 * given schema the column types are inferred by parsing the rows (all of them by default). The frame's
 * {@link CsvSource} keeps only the path, schema, options and ranges; a partition is parsed from its range when it
 * is computed, and again if it is evicted from the cache.
 *
 * <h2>Format</h2>
 * Fields are separated by the delimiter (default {@code ,}); a field that starts with {@code "} is quoted, may
 * hold delimiters, line breaks and doubled quotes ({@code ""}), and is unquoted before anything else happens (so
 * {@code "1"} is the number 1, and quoted header names lose their quotes). Records end with LF, CRLF or CR. Blank
 * lines (no bytes before the line break) are skipped and are not rows. A UTF-8 byte-order mark is skipped.
 * With a header (the default) its fields name the columns; an empty name becomes {@code _c<i>}; without a
 * header the columns are {@code _c0, _c1, ...}.
 *
 * <h2>Schema inference</h2>
 * Per column, narrowest first: {@code int} (all values fit 32 bits), {@code long}, {@code double} (decimals,
 * exponents, {@code NaN}, {@code Inf}/{@code Infinity}; {@link Builder#floatingType} picks {@code float}
 * instead), {@code boolean} ({@code true}/{@code false}, any case), {@code timestamp} (ISO-8601 date or
 * date-time, UTC when there is no offset or zone) and {@code string}; values widen the column as needed
 * (int + double is double, number + string is string, number + boolean is string). A column with only null
 * values is a string column. <b>Nullability:</b> when inference saw every row, a column is nullable exactly
 * when a null value was seen; when it saw only the first {@link Builder#inferenceRows} rows, every column is
 * nullable. See {@link CsvValues} for the exact syntax of each type.
 *
 * <h2>Errors</h2>
 * Problems with the content are {@link DataFormatException}s naming the file, the data row, the line and the
 * column, for example {@code train.csv, row 5, column 'age': found 'abc', expected long (a 64-bit integer)
 * (line 6)}. <b>Rows</b> are 1-based data rows: the header and blank lines are not counted, so with a header
 * row 1 is usually line 2; <b>lines</b> are the file's physical 1-based lines, header included, and name where
 * the row starts. The scan (at {@code read}) reports a missing file, a directory, an empty file, a file with no
 * data rows (an error when the schema is inferred; with a given schema it reads as an empty frame), a header
 * that does not match the given schema, and an unterminated quote. Inference (at {@code read}, without a given
 * schema) also reports rows with the wrong number of fields. With a given schema, values are checked when the
 * partitions are computed: a wrong field count, a value that does not parse as its column's type, a null value
 * in a column that is not nullable. {@code NaN} is a valid double here; stages that cannot take it say so.
 */
public final class CsvReader {
    /** The default number of partitions gives each at least this many rows (small files get fewer). */
    public static final int MIN_ROWS_PER_PARTITION = 1024;

    private static final Logger LOG = LoggerFactory.getLogger(CsvReader.class);

    private CsvReader() {
    }

    /**
     * Reads a CSV file with a header and an inferred schema on {@link Runtime#local()}.
     *
     * @param file the CSV file
     * @return the lazy frame
     * @throws DataFormatException naming the file (and row, line, column) when it cannot be read as CSV
     */
    public static Frame read(Path file) {
        return builder().read(file);
    }

    /**
     * Infers the schema of a CSV file with a header from all its rows.
     *
     * @param file the CSV file
     * @return the schema
     * @throws DataFormatException naming the file (and row, line, column) when it cannot be read as CSV
     */
    public static Schema inferSchema(Path file) {
        return builder().inferSchema(file);
    }

    /** @return the default options: {@link Runtime#local()}, {@link CsvOptions#DEFAULTS}, an inferred schema */
    public static Builder builder() {
        return new Builder(null, null, CsvOptions.DEFAULTS);
    }

    /**
     * Immutable, fluent CSV read options: every setter returns a new builder, so one configured builder can read
     * many files. {@link #read(Path)} and {@link #inferSchema(Path)} do the work.
     */
    public static final class Builder {
        private final Runtime runtime;
        private final Schema schema;
        private final CsvOptions options;

        private Builder(Runtime runtime, Schema schema, CsvOptions options) {
            this.runtime = runtime;
            this.schema = schema;
            this.options = options;
        }

        /**
         * @param runtime the runtime the frame runs on (default {@link Runtime#local()})
         * @return a builder with it
         */
        public Builder runtime(Runtime runtime) {
            return new Builder(Objects.requireNonNull(runtime, "runtime"), schema, options);
        }

        /**
         * Gives the schema instead of inferring it. With a header, the header's names must equal the schema's,
         * in order. Values are parsed as the schema's types; null values are allowed only in nullable columns.
         *
         * @param schema the schema, of scalar types only; null to infer it again
         * @return a builder with it
         * @throws InvalidArgumentException for a vector column
         */
        public Builder schema(Schema schema) {
            if (schema != null) {
                for (Field f : schema) {
                    if (f.type() == DataType.VECTOR) {
                        throw new InvalidArgumentException("column '" + f.name() + "': found " + f.typeString()
                            + ", expected a scalar type; CSV has no vector columns (assemble them after reading)");
                    }
                }
            }
            return new Builder(runtime, schema, options);
        }

        /**
         * Sets the number of partitions. The default is the runtime's parallelism, but no more than one per
         * {@link #MIN_ROWS_PER_PARTITION} rows, and at least 1. A file with fewer rows than {@code n} gets one
         * partition per row; on files of more than {@link CsvScanner#MAX_CHECKPOINTS} rows, boundaries are placed
         * at checkpoints, so a very large {@code n} may give slightly fewer partitions.
         *
         * @param n the number of partitions, at least 1; 0 for the default
         * @return a builder with it
         */
        public Builder numPartitions(int n) {
            return with(options.delimiter(), options.header(), options.nullValues(), options.inferenceRows(),
                options.floatingType(), n);
        }

        /**
         * @param delimiter the field delimiter (default {@code ,}): an ASCII character other than {@code "}, CR, LF
         * @return a builder with it
         */
        public Builder delimiter(char delimiter) {
            return with(delimiter, options.header(), options.nullValues(), options.inferenceRows(),
                options.floatingType(), options.numPartitions());
        }

        /**
         * @param header whether the first record names the columns (default true); without one the columns are
         *     named {@code _c0, _c1, ...}
         * @return a builder with it
         */
        public Builder header(boolean header) {
            return with(options.delimiter(), header, options.nullValues(), options.inferenceRows(),
                options.floatingType(), options.numPartitions());
        }

        /**
         * Replaces the set of field texts read as null (default: only the empty field). Matching is exact, on the
         * text after CSV unquoting (so {@code ""} is an empty field too). With no values nothing is null, and an
         * empty field is an empty string (or an error in a numeric column).
         *
         * @param values the null markers
         * @return a builder with them
         */
        public Builder nullValues(String... values) {
            return with(options.delimiter(), options.header(), new LinkedHashSet<>(Arrays.asList(values)),
                options.inferenceRows(), options.floatingType(), options.numPartitions());
        }

        /**
         * Adds field texts read as null to the current ones, e.g. {@code addNullValues("NA")} for R exports.
         *
         * @param values more null markers
         * @return a builder with them
         */
        public Builder addNullValues(String... values) {
            Set<String> all = new LinkedHashSet<>(options.nullValues());
            all.addAll(Arrays.asList(values));
            return with(options.delimiter(), options.header(), all, options.inferenceRows(),
                options.floatingType(), options.numPartitions());
        }

        /**
         * @param rows the number of data rows schema inference reads, from the start of the file; 0 (the
         *     default) reads all of them. With a limit, every inferred column is nullable, and a later value that
         *     does not fit the inferred type fails when its partition is computed.
         * @return a builder with it
         */
        public Builder inferenceRows(int rows) {
            return with(options.delimiter(), options.header(), options.nullValues(), rows,
                options.floatingType(), options.numPartitions());
        }

        /**
         * @param type the type of inferred decimal columns: {@link DataType#DOUBLE} (default) or
         *     {@link DataType#FLOAT}
         * @return a builder with it
         */
        public Builder floatingType(DataType type) {
            return with(options.delimiter(), options.header(), options.nullValues(), options.inferenceRows(), type,
                options.numPartitions());
        }

        private Builder with(char delimiter, boolean header, Set<String> nullValues, int inferenceRows,
                             DataType floatingType, int numPartitions) {
            return new Builder(runtime, schema, new CsvOptions(delimiter, header, nullValues, inferenceRows,
                floatingType, numPartitions));
        }

        /** @return the parsing options */
        public CsvOptions options() {
            return options;
        }

        /** @return the given schema, or empty when it is inferred */
        public Optional<Schema> givenSchema() {
            return Optional.ofNullable(schema);
        }

        /** @return the runtime frames are read onto */
        public Runtime runtime() {
            return runtime != null ? runtime : Runtime.local();
        }

        /**
         * Scans the file, infers or checks the schema, and returns the lazy frame over its byte ranges.
         *
         * @param file the CSV file
         * @return the frame, on {@link #runtime()}
         * @throws DataFormatException naming the file (and row, line, column) when it cannot be read as CSV
         */
        public Frame read(Path file) {
            Runtime rt = runtime();
            CsvSource source = prepare(file, rt.parallelism(), false);
            return new Frame(source, rt);
        }

        /**
         * Infers the schema of a file with these options (a given schema is ignored).
         *
         * @param file the CSV file
         * @return the inferred schema
         * @throws DataFormatException naming the file (and row, line, column) when it cannot be read as CSV
         */
        public Schema inferSchema(Path file) {
            int parallelism = Math.max(1, java.lang.Runtime.getRuntime().availableProcessors());
            return prepare(file, parallelism, true).schema();
        }

        private CsvSource prepare(Path given, int parallelism, boolean inferOnly) {
            Path file = Objects.requireNonNull(given, "file").toAbsolutePath().normalize();
            BasicFileAttributes attrs = attributes(file);
            Schema fixed = inferOnly ? null : schema;
            long t0 = System.nanoTime();
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
                CsvOptions options = withSniffedDelimiter(file, channel);
                CsvScanner.Scan scan = CsvScanner.scan(file, channel, options.delimiter(), options.header());
                List<String> names = columnNames(file, channel, scan, options);
                if (scan.rows() == 0 && fixed == null) {
                    throw new DataFormatException(file, -1, -1, null, "no data rows"
                        + (scan.header() != null ? " after the header (line " + scan.header().line() + ")" : "")
                        + ": the column types cannot be inferred; give a schema to read it as an empty frame");
                }
                int n = options.numPartitions() > 0 ? options.numPartitions()
                    : (int) Math.max(1, Math.min(parallelism, Math.ceil((double) scan.rows()
                    / MIN_ROWS_PER_PARTITION)));
                List<CsvSource.Range> ranges = scan.split(n);
                long t1 = System.nanoTime();
                Schema s;
                if (fixed != null) {
                    checkNames(file, names, fixed);
                    s = fixed;
                } else {
                    s = CsvInference.infer(file, channel, ranges, names, options, scan.rows());
                }
                LOG.debug("read {} ({} bytes): {} rows, {} partitions, scan {} ms, inference {} ms", file,
                    scan.fileSize(), scan.rows(), ranges.size(), (t1 - t0) / 1_000_000,
                    (System.nanoTime() - t1) / 1_000_000);
                return new CsvSource(file, new CsvSource.FileStamp(attrs.size(), attrs.lastModifiedTime().toMillis()),
                    s, fixed == null, options, ranges);
            } catch (IOException e) {
                throw new DataFormatException(file, -1, -1, null, "cannot be read: " + e, e);
            }
        }

        /**
         * The options with the delimiter the file uses: when the first line does not hold the configured delimiter
         * but another candidate splits the first lines consistently ({@link CsvDelimiterSniffer}), a reader left
         * at the default {@code ,} switches to it and says so in the log; a reader set to another delimiter
         * refuses, naming the one found.
         */
        private CsvOptions withSniffedDelimiter(Path file, FileChannel channel) throws IOException {
            char found = CsvDelimiterSniffer.sniff(channel, options.delimiter());
            if (found == options.delimiter()) {
                return options;
            }
            if (options.delimiter() != CsvOptions.DEFAULTS.delimiter()) {
                throw new DataFormatException(file, -1, -1, null, "the first line holds no "
                    + shownDelimiter(options.delimiter()) + " (the delimiter set), but the first lines split evenly"
                    + " on " + shownDelimiter(found) + ": set .delimiter('" + (found == '\t' ? "\\t" : found)
                    + "') to read it");
            }
            LOG.warn("{}: the first line holds no ',', but the first lines split evenly on {}: read with delimiter"
                + " {} (set .delimiter(...) to choose another)", file, shownDelimiter(found), shownDelimiter(found));
            return new CsvOptions(found, options.header(), options.nullValues(), options.inferenceRows(),
                options.floatingType(), options.numPartitions());
        }

        private static String shownDelimiter(char c) {
            return c == '\t' ? "tab" : "'" + c + "'";
        }

        private List<String> columnNames(Path file, FileChannel channel, CsvScanner.Scan scan, CsvOptions options)
            throws IOException {
            if (scan.records() == 0) {
                throw new DataFormatException(file, -1, -1, null, scan.fileSize() == 0
                    ? "the file is empty (0 bytes), expected " + (options.header() ? "a header and data rows"
                    : "data rows")
                    : "the file has only blank lines, expected " + (options.header() ? "a header and data rows"
                    : "data rows"));
            }
            CsvScanner.Mark first = options.header() ? scan.header() : scan.firstData();
            long end = options.header() && scan.firstData() != null ? scan.firstData().offset() : scan.fileSize();
            List<String> raw;
            try {
                raw = CsvRangeReader.firstRecord(channel, first.offset(), end, options.delimiter());
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new DataFormatException(file, options.header() ? -1 : 1, -1, null, (options.header()
                    ? "header (line " + first.line() + ")" : "line " + first.line()) + ": malformed CSV: "
                    + e.getOriginalMessage(), e);
            }
            if (!options.header()) {
                int count = raw.size();
                List<String> names = new ArrayList<>(count);
                for (int i = 0; i < count; i++) {
                    names.add("_c" + i);
                }
                return names;
            }
            List<String> names = new ArrayList<>(raw.size());
            Map<String, Integer> seen = new HashMap<>();
            for (int i = 0; i < raw.size(); i++) {
                String name = raw.get(i).isEmpty() ? "_c" + i : raw.get(i);
                Integer before = seen.putIfAbsent(name, i);
                if (before != null) {
                    throw new DataFormatException(file, -1, -1, name, "header (line " + scan.header().line()
                        + "): found the name in columns " + (before + 1) + " and " + (i + 1)
                        + ", expected unique column names");
                }
                names.add(name);
            }
            return names;
        }

        private void checkNames(Path file, List<String> names, Schema fixed) {
            if (!options.header()) {
                return;
            }
            List<String> expected = fixed.names();
            if (names.equals(expected)) {
                return;
            }
            String column = null;
            for (int i = 0; i < Math.min(names.size(), expected.size()); i++) {
                if (!names.get(i).equals(expected.get(i))) {
                    column = expected.get(i);
                    break;
                }
            }
            throw new DataFormatException(file, -1, -1, column, "header: found " + names.size() + " columns "
                + names + ", expected the " + expected.size() + " columns of the given schema " + expected
                + " in that order");
        }
    }

    private static BasicFileAttributes attributes(Path file) {
        BasicFileAttributes attrs;
        try {
            attrs = Files.readAttributes(file, BasicFileAttributes.class);
        } catch (NoSuchFileException e) {
            throw new DataFormatException(file, -1, -1, null, "no such file, expected a CSV file", e);
        } catch (IOException e) {
            throw new DataFormatException(file, -1, -1, null, "cannot be read: " + e, e);
        }
        if (attrs.isDirectory()) {
            throw new DataFormatException(file, -1, -1, null, "is a directory, expected a CSV file");
        }
        if (!attrs.isRegularFile()) {
            throw new DataFormatException(file, -1, -1, null, "is not a regular file, expected a CSV file");
        }
        return attrs;
    }
}
