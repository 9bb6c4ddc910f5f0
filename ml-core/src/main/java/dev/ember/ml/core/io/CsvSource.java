package dev.ember.ml.core.io;

import dev.ember.ml.core.InvalidArgumentException;
import dev.ember.ml.core.InvalidStateException;
import dev.ember.ml.core.data.Column;
import dev.ember.ml.core.data.ColumnBuilder;
import dev.ember.ml.core.data.DataType;
import dev.ember.ml.core.data.Field;
import dev.ember.ml.core.data.Partition;
import dev.ember.ml.core.data.RowOrigin;
import dev.ember.ml.core.data.Schema;
import dev.ember.ml.core.runtime.PartitionResolver;
import dev.ember.ml.core.runtime.PartitionSource;
import dev.ember.ml.core.runtime.SourceCodec;
import dev.ember.ml.core.runtime.SourceDescriptor;
import dev.ember.ml.core.runtime.SourceIds;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.DateTimeException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The lineage root of a frame read from a CSV file: the file, its schema, the {@link CsvOptions} and the byte
 * {@link Range}s of its partitions, found once by a quote-aware scan when the file was read. It holds no data:
 * {@link #compute} parses just its partition's range, which is how an evicted cached partition is recomputed and
 * how an executor in another process can read its own ranges of a shared file.
 *
 * <p>The file must not change while the frame is in use: {@link #compute} checks its size and modification time
 * against those seen by the scan and fails with a {@link DataFormatException} if they differ.
 */
public final class CsvSource implements PartitionSource {

    /**
     * One partition's part of the file.
     *
     * @param start the byte offset of its first record
     * @param end one past its last byte (the next range's start, or the file's size)
     * @param firstRow the 1-based data row of its first record (the header is not a data row)
     * @param firstLine the 1-based line of the file its first record starts on (the header is line 1)
     * @param rows the number of data rows in it
     */
    public record Range(long start, long end, long firstRow, long firstLine, long rows) {
        /** Validates the offsets and counts. */
        public Range {
            if (start < 0 || end < start || firstRow < 1 || firstLine < 1 || rows < 0 || rows > Integer.MAX_VALUE) {
                throw new InvalidArgumentException("CSV range: found start=" + start + ", end=" + end + ", firstRow="
                    + firstRow + ", firstLine=" + firstLine + ", rows=" + rows
                    + ", expected 0 <= start <= end, firstRow >= 1, firstLine >= 1, 0 <= rows <= 2^31-1");
            }
        }
    }

    /**
     * What the file looked like when it was scanned.
     *
     * @param size its size in bytes
     * @param lastModifiedMillis its modification time, milliseconds since the epoch
     */
    public record FileStamp(long size, long lastModifiedMillis) {
    }

    private final String id = SourceIds.next("csv");
    private final Path file;
    private final FileStamp stamp;
    private final Schema schema;
    private final boolean schemaInferred;
    private final CsvOptions options;
    private final List<Range> ranges;

    /**
     * @param file the CSV file (an absolute path, so that any process can open it)
     * @param stamp the file's size and modification time when it was scanned
     * @param schema the schema of every partition; no vector columns
     * @param schemaInferred whether the schema was inferred (for the hints in error messages)
     * @param options how to parse the file
     * @param ranges the partitions' byte ranges in file order, at least one
     */
    public CsvSource(Path file, FileStamp stamp, Schema schema, boolean schemaInferred, CsvOptions options,
                     List<Range> ranges) {
        this.file = Objects.requireNonNull(file, "file");
        this.stamp = Objects.requireNonNull(stamp, "stamp");
        this.schema = Objects.requireNonNull(schema, "schema");
        this.schemaInferred = schemaInferred;
        this.options = Objects.requireNonNull(options, "options");
        this.ranges = List.copyOf(ranges);
        if (this.ranges.isEmpty()) {
            throw new InvalidArgumentException("CSV source " + file + ": found no ranges, expected at least one");
        }
        for (Field f : schema) {
            if (f.type() == DataType.VECTOR) {
                throw new InvalidArgumentException("column '" + f.name() + "': found " + f.typeString()
                    + ", expected a scalar type; CSV has no vector columns");
            }
        }
    }

    /** @return the file */
    public Path file() {
        return file;
    }

    /** @return the file's size and modification time when it was scanned */
    public FileStamp stamp() {
        return stamp;
    }

    /** @return whether the schema was inferred rather than given */
    public boolean schemaInferred() {
        return schemaInferred;
    }

    /** @return how the file is parsed */
    public CsvOptions options() {
        return options;
    }

    /** @return the partitions' byte ranges, in file order */
    public List<Range> ranges() {
        return ranges;
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public Schema schema() {
        return schema;
    }

    @Override
    public int numPartitions() {
        return ranges.size();
    }

    @Override
    public List<PartitionSource> parents() {
        return List.of();
    }

    /** @return the row count the scan found in the partition's range */
    @Override
    public long knownRowCount(int index) {
        return ranges.get(index).rows();
    }

    /** The kind of CSV descriptors. */
    public static final String KIND = "csv";

    /**
     * @return a {@code csv} descriptor: the file, its stamp, the schema, the options and every partition's byte
     *     range, so that an executor parses exactly its own ranges
     */
    @Override
    public SourceDescriptor descriptor() {
        ObjectNode p = SourceDescriptor.newParams();
        p.put("file", file.toAbsolutePath().toString());
        p.putObject("stamp").put("size", stamp.size()).put("lastModifiedMillis", stamp.lastModifiedMillis());
        p.set("schema", schema.toJsonNode());
        p.put("schemaInferred", schemaInferred);
        ObjectNode o = p.putObject("options");
        o.put("delimiter", String.valueOf(options.delimiter()));
        o.put("header", options.header());
        ArrayNode nulls = o.putArray("nullValues");
        options.nullValues().forEach(nulls::add);
        o.put("inferenceRows", options.inferenceRows());
        o.put("floatingType", options.floatingType().jsonName());
        o.put("numPartitions", options.numPartitions());
        ArrayNode rs = p.putArray("ranges");
        for (Range r : ranges) {
            rs.addArray().add(r.start()).add(r.end()).add(r.firstRow()).add(r.firstLine()).add(r.rows());
        }
        return new SourceDescriptor(KIND, id, p, List.of());
    }

    /** Rebuilds CSV sources from their descriptors (registered as a {@link SourceCodec}). */
    public static final class DescriptorCodec implements SourceCodec {
        @Override
        public String kind() {
            return KIND;
        }

        @Override
        public PartitionSource rebuild(SourceDescriptor d, List<PartitionSource> parents, Context context) {
            JsonNode p = d.params();
            try {
                JsonNode o = p.get("options");
                Set<String> nulls = new LinkedHashSet<>();
                for (JsonNode n : o.get("nullValues")) {
                    nulls.add(n.asText());
                }
                String delimiter = o.get("delimiter").asText();
                if (delimiter.length() != 1) {
                    throw new InvalidArgumentException("delimiter: found '" + delimiter + "', expected one character");
                }
                CsvOptions options = new CsvOptions(delimiter.charAt(0), o.get("header").asBoolean(), nulls,
                    o.get("inferenceRows").asInt(), DataType.fromJsonName(o.get("floatingType").asText()),
                    o.get("numPartitions").asInt());
                List<Range> ranges = new ArrayList<>();
                for (JsonNode r : p.get("ranges")) {
                    ranges.add(new Range(r.get(0).asLong(), r.get(1).asLong(), r.get(2).asLong(), r.get(3).asLong(),
                        r.get(4).asLong()));
                }
                JsonNode st = p.get("stamp");
                return new CsvSource(Path.of(p.get("file").asText()), new FileStamp(st.get("size").asLong(),
                    st.get("lastModifiedMillis").asLong()), Schema.fromJsonNode(p.get("schema")),
                    p.get("schemaInferred").asBoolean(), options, ranges);
            } catch (NullPointerException e) {
                throw new InvalidArgumentException("csv lineage node " + d.sourceId() + ": a parameter is missing"
                    + " from " + p + ", expected file, stamp, schema, schemaInferred, options and ranges", e);
            }
        }
    }

    @Override
    public String describe() {
        long rows = 0;
        for (Range r : ranges) {
            rows += r.rows();
        }
        return "CsvScan " + file + " [" + ranges.size() + " partitions, " + rows + " rows, " + schema.size()
            + " columns]";
    }

    /**
     * Parses the partition's byte range into off-heap columns.
     *
     * @param index the partition
     * @param resolver unused (a file has no parents)
     * @return the partition, owned by the caller
     * @throws DataFormatException for a value that does not parse as its column's type, a null in a column that is
     *     not nullable, a wrong field count, malformed CSV, or a file that changed since it was scanned
     */
    @Override
    public Partition compute(int index, PartitionResolver resolver) {
        Range range = ranges.get(index);
        checkUnchanged();
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            return parse(index, range, channel);
        } catch (IOException e) {
            throw new DataFormatException(file, -1, -1, null, "cannot be read: " + e, e);
        }
    }

    private Partition parse(int index, Range range, FileChannel channel) {
        List<Field> fields = schema.fields();
        int n = fields.size();
        ColumnBuilder[] builders = new ColumnBuilder[n];
        DataType[] types = new DataType[n];
        boolean[] nullable = new boolean[n];
        for (int i = 0; i < n; i++) {
            builders[i] = new ColumnBuilder(fields.get(i), (int) range.rows());
            types[i] = fields.get(i).type();
            nullable[i] = fields.get(i).nullable();
        }
        Set<String> nullValues = options.nullValues();
        int maxNullLength = maxLength(nullValues);
        CsvRangeReader reader = new CsvRangeReader(file, channel, range, options.delimiter(), schema.names());
        reader.forEach((column, text, row) -> {
            ColumnBuilder b = builders[column];
            if (text.length() <= maxNullLength && nullValues.contains(text)) {
                if (!nullable[column]) {
                    throw reader.error(row, fields.get(column).name(), "found " + shown(text)
                        + ", a null value, expected " + expected(types[column]) + ": the column is not nullable", "");
                }
                b.appendNull();
                return;
            }
            try {
                append(b, types[column], text);
            } catch (IllegalArgumentException | InvalidArgumentException | DateTimeException | ArithmeticException e) {
                throw reader.error(row, fields.get(column).name(), "found " + shown(text) + ", expected "
                    + expected(types[column]), hint());
            }
        }, 0);
        List<Column> columns = new ArrayList<>(n);
        try {
            for (ColumnBuilder b : builders) {
                columns.add(b.build());
            }
        } catch (RuntimeException e) {
            columns.forEach(Column::release);
            throw e;
        }
        return new Partition(index, columns, (int) range.rows()).withOrigin(rowOrigin(range));
    }

    /** The file, data row and line of a partition's rows; the line is found (by a re-scan) only for an error. */
    private RowOrigin rowOrigin(Range range) {
        return row -> {
            long dataRow = range.firstRow() + row;
            long line = -1;
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
                line = CsvScanner.lineOf(channel, range, dataRow, options.delimiter());
            } catch (IOException | RuntimeException e) {
                // the line is a courtesy; the row still says where
            }
            return "file " + file + ", row " + dataRow + (line > 0 ? ", line " + line : "");
        };
    }

    private static void append(ColumnBuilder b, DataType type, String text) {
        switch (type) {
            case DOUBLE -> b.appendDouble(CsvValues.parseDouble(text));
            case FLOAT -> b.appendFloat(CsvValues.parseFloat(text));
            case LONG -> b.appendLong(CsvValues.parseLong(text));
            case INT -> b.appendInt(CsvValues.parseInt(text));
            case BOOLEAN -> b.appendBoolean(CsvValues.parseBoolean(text));
            case TIMESTAMP -> b.appendLong(CsvValues.parseTimestamp(text));
            case STRING -> b.appendString(text);
            default -> throw new InvalidStateException("unreachable: " + type);
        }
    }

    private String hint() {
        if (schemaInferred && options.inferenceRows() > 0) {
            return "; the schema was inferred from the first " + options.inferenceRows() + " rows only: infer from"
                + " every row (inferenceRows(0)) or give a schema";
        }
        return "";
    }

    static String expected(DataType type) {
        return switch (type) {
            case BOOLEAN -> "boolean, true or false";
            case TIMESTAMP -> "timestamp, an ISO-8601 date or date-time";
            default -> type.jsonName();
        };
    }

    static String shown(String text) {
        if (text.isEmpty()) {
            return "an empty field";
        }
        String t = text.length() > 60 ? text.substring(0, 57) + "..." : text;
        return "'" + t.replace("\n", "\\n").replace("\r", "\\r") + "'";
    }

    static int maxLength(Set<String> values) {
        int max = -1;
        for (String v : values) {
            max = Math.max(max, v.length());
        }
        return max;
    }

    private void checkUnchanged() {
        BasicFileAttributes attrs;
        try {
            attrs = Files.readAttributes(file, BasicFileAttributes.class);
        } catch (NoSuchFileException e) {
            throw new DataFormatException(file, -1, -1, null, "no such file (it was there when the frame was read)",
                e);
        } catch (IOException e) {
            throw new DataFormatException(file, -1, -1, null, "cannot be read: " + e, e);
        }
        FileStamp now = new FileStamp(attrs.size(), attrs.lastModifiedTime().toMillis());
        if (!now.equals(stamp)) {
            throw new DataFormatException(file, -1, -1, null, "the file changed since the frame was read: found size "
                + now.size() + " and modified time " + now.lastModifiedMillis() + ", expected " + stamp.size()
                + " and " + stamp.lastModifiedMillis() + "; read it again");
        }
    }

    @Override
    public String toString() {
        return describe();
    }
}
