package dev.ember.ml.core.io;

import dev.ember.ml.core.InvalidArgumentException;
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
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.impl.ColumnReadStoreImpl;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.FileMetaData;
import org.apache.parquet.io.api.GroupConverter;
import org.apache.parquet.schema.MessageType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A lineage root over one Parquet file: partition {@code i} is row groups
 * {@code [firstRowGroup(i), firstRowGroup(i) + rowGroupCount(i))} of the file, read column by column with
 * Parquet-MR's column API.
 *
 * <p>The source is a pure description (the path, the file's size and modification time, the row-group ranges,
 * the columns and how each is converted): {@link #compute} opens the file afresh each time, so partitions
 * evicted from the cache are read again, partitions are read in parallel on the runtime's threads, and a remote
 * executor can read its own partitions from the same description. If the file changed since the source was
 * created, {@link #compute} fails with a {@link DataFormatException} rather than mixing two versions of the data.
 *
 * <p>Create one with {@link ParquetReader}.
 */
public final class ParquetSource implements PartitionSource {
    private static final Logger LOG = LoggerFactory.getLogger(ParquetSource.class);

    private final String id = SourceIds.next("parquet");
    private final Path file;
    private final ParquetFiles.Stamp stamp;
    private final Schema schema;
    private final List<ParquetColumnPlan> plans;
    private final long[] groupRows;
    private final long[] groupFirstRow;
    private final int rowGroupsPerPartition;
    private final int numPartitions;

    private ParquetSource(Path file, ParquetFiles.Stamp stamp, List<ParquetColumnPlan> plans, long[] groupRows,
                          int rowGroupsPerPartition) {
        this.file = file;
        this.stamp = stamp;
        this.plans = List.copyOf(plans);
        List<Field> fields = new ArrayList<>(plans.size());
        for (ParquetColumnPlan p : plans) {
            fields.add(p.field());
        }
        this.schema = new Schema(fields);
        this.groupRows = groupRows.clone();
        this.groupFirstRow = new long[groupRows.length];
        for (int g = 1; g < groupRows.length; g++) {
            groupFirstRow[g] = groupFirstRow[g - 1] + groupRows[g - 1];
        }
        this.rowGroupsPerPartition = rowGroupsPerPartition;
        this.numPartitions = Math.max(1, (groupRows.length + rowGroupsPerPartition - 1) / rowGroupsPerPartition);
        for (int i = 0; i < numPartitions; i++) {
            if (knownRowCount(i) > Integer.MAX_VALUE) {
                throw DataFormatException.inFile(file, "partition " + i + " would hold " + knownRowCount(i)
                    + " rows, expected at most " + Integer.MAX_VALUE + "; read with fewer row groups per partition");
            }
        }
    }

    /**
     * Reads the footer and plans the columns.
     *
     * @param file the Parquet file
     * @param rowGroupsPerPartition row groups per partition, at least 1
     * @param columns the columns to read, in order, or null for all
     * @return the source
     * @throws DataFormatException if the file is missing or not Parquet, a requested column is missing, or a
     *     requested column has a type Ember cannot represent
     */
    static ParquetSource open(Path file, int rowGroupsPerPartition, List<String> columns) {
        ParquetFiles.Stamp stamp = ParquetFiles.stamp(file);
        try (ParquetFileReader reader = ParquetFiles.open(file)) {
            FileMetaData meta = reader.getFooter().getFileMetaData();
            MessageType fileSchema = meta.getSchema();
            Schema stored = storedSchema(file, meta.getKeyValueMetaData());
            List<String> names = columns == null ? topLevelNames(fileSchema) : checkColumns(file, fileSchema, columns);
            List<ParquetColumnPlan> plans = new ArrayList<>(names.size());
            for (String name : names) {
                ParquetColumnPlan plan = ParquetTypes.plan(file, fileSchema.getType(name));
                if (plan.needsWidth() && stored != null && stored.contains(name)) {
                    Field f = stored.field(name);
                    if (f.type() == DataType.VECTOR && f.elementType() == plan.elementType()) {
                        plan = plan.withWidth(f.vectorSize());
                    }
                }
                if (plan.needsWidth()) {
                    plan = plan.withWidth(inferWidth(file, reader, fileSchema, plan));
                }
                plans.add(plan);
            }
            List<BlockMetaData> blocks = reader.getRowGroups();
            long[] rows = new long[blocks.size()];
            for (int g = 0; g < rows.length; g++) {
                rows[g] = blocks.get(g).getRowCount();
            }
            return new ParquetSource(file, stamp, plans, rows, rowGroupsPerPartition);
        } catch (IOException e) {
            throw DataFormatException.inFile(file, "cannot read the file (" + e + ")", e);
        }
    }

    private static List<String> topLevelNames(MessageType fileSchema) {
        List<String> names = new ArrayList<>(fileSchema.getFieldCount());
        for (org.apache.parquet.schema.Type t : fileSchema.getFields()) {
            names.add(t.getName());
        }
        return names;
    }

    private static List<String> checkColumns(Path file, MessageType fileSchema, List<String> columns) {
        Set<String> seen = new HashSet<>();
        for (String c : columns) {
            if (!fileSchema.containsField(c)) {
                throw DataFormatException.inFile(file, "found no column '" + c + "', expected one of "
                    + topLevelNames(fileSchema));
            }
            if (!seen.add(c)) {
                throw new InvalidArgumentException("column '" + c + "' is requested twice in " + columns);
            }
        }
        return List.copyOf(columns);
    }

    /** The schema the Ember writer stored, or null when there is none or it does not parse. */
    private static Schema storedSchema(Path file, Map<String, String> keyValue) {
        String json = keyValue == null ? null : keyValue.get(ParquetTypes.SCHEMA_KEY);
        if (json == null) {
            return null;
        }
        try {
            return Schema.fromJson(json);
        } catch (IllegalArgumentException | InvalidArgumentException e) {
            LOG.warn("{}: key-value metadata '{}' is not an Ember schema ({}); vector widths are taken from the first"
                + " row instead", file, ParquetTypes.SCHEMA_KEY, e.getMessage());
            return null;
        }
    }

    /** The width of the first non-null row of a vector column without stored metadata. */
    private static int inferWidth(Path file, ParquetFileReader reader, MessageType fileSchema,
                                  ParquetColumnPlan plan) throws IOException {
        MessageType requested = ParquetTypes.project(fileSchema, List.of(plan.name()));
        reader.setRequestedSchema(requested);
        GroupConverter converter = ParquetFiles.ignoringConverter(requested);
        ColumnDescriptor d = requested.getColumnDescription(plan.leafPathArray());
        String createdBy = reader.getFooter().getFileMetaData().getCreatedBy();
        for (int g = 0; g < reader.getRowGroups().size(); g++) {
            int width;
            try (PageReadStore pages = reader.readRowGroup(g)) {
                ColumnReadStoreImpl store = new ColumnReadStoreImpl(pages, converter, requested, createdBy);
                width = ParquetColumnDecoder.firstWidth(store.getColumnReader(d),
                    pages.getPageReader(d).getTotalValueCount(), plan.nullable());
            } catch (DataFormatException e) {
                throw e;
            } catch (RuntimeException e) {
                throw DataFormatException.inRowGroup(file, g, plan.name(), "cannot decode the column chunk ("
                    + e.getMessage() + "), expected valid Parquet pages", e);
            }
            if (width == 0) {
                throw DataFormatException.inRowGroup(file, g, plan.name(), "found an empty list in the first"
                    + " non-null row, expected a vector of at least one element");
            }
            if (width > 0) {
                return width;
            }
        }
        throw DataFormatException.inFile(file, "column '" + plan.name() + "': found no non-null row and no '"
            + ParquetTypes.SCHEMA_KEY + "' metadata, expected one of them to give the vector width");
    }

    /** @return the Parquet file */
    public Path file() {
        return file;
    }

    /** @return the names of the columns read, in order */
    public List<String> columns() {
        return schema.names();
    }

    /** @return the number of row groups in the file */
    public int numRowGroups() {
        return groupRows.length;
    }

    /** @return the number of row groups per partition (the last partition may have fewer) */
    public int rowGroupsPerPartition() {
        return rowGroupsPerPartition;
    }

    /**
     * @param partition a partition
     * @return the index of its first row group
     */
    public int firstRowGroup(int partition) {
        Objects.checkIndex(partition, numPartitions);
        return Math.min(partition * rowGroupsPerPartition, groupRows.length);
    }

    /**
     * @param partition a partition
     * @return the number of row groups it reads (0 only for a file without row groups)
     */
    public int rowGroupCount(int partition) {
        int first = firstRowGroup(partition);
        return Math.min(rowGroupsPerPartition, groupRows.length - first);
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
        return numPartitions;
    }

    @Override
    public long knownRowCount(int index) {
        int first = firstRowGroup(index);
        long sum = 0;
        for (int g = first; g < first + rowGroupCount(index); g++) {
            sum += groupRows[g];
        }
        return sum;
    }

    @Override
    public List<PartitionSource> parents() {
        return List.of();
    }

    /** The kind of Parquet descriptors. */
    public static final String KIND = "parquet";

    /**
     * @return a {@code parquet} descriptor: the file, its stamp, the row groups per partition (partition i reads
     *     row groups {@code [i * k, (i + 1) * k)}), the columns and the schema they give
     */
    @Override
    public SourceDescriptor descriptor() {
        ObjectNode p = SourceDescriptor.newParams();
        p.put("file", file.toAbsolutePath().toString());
        p.putObject("stamp").put("size", stamp.size()).put("modifiedMillis", stamp.modifiedMillis());
        p.put("rowGroupsPerPartition", rowGroupsPerPartition);
        p.put("numRowGroups", groupRows.length);
        ArrayNode cols = p.putArray("columns");
        schema.names().forEach(cols::add);
        p.set("schema", schema.toJsonNode());
        return new SourceDescriptor(KIND, id, p, List.of());
    }

    /**
     * Rebuilds Parquet sources from their descriptors (registered as a {@link SourceCodec}): reads the footer
     * again and checks that the file, its row groups and the schema are the ones the driver saw.
     */
    public static final class DescriptorCodec implements SourceCodec {
        @Override
        public String kind() {
            return KIND;
        }

        @Override
        public PartitionSource rebuild(SourceDescriptor d, List<PartitionSource> parents, Context context) {
            JsonNode p = d.params();
            if (!p.path("file").isTextual() || !p.path("columns").isArray() || !p.path("stamp").isObject()
                || !p.path("rowGroupsPerPartition").isInt()) {
                throw new InvalidArgumentException("parquet lineage node " + d.sourceId() + ": found " + p
                    + ", expected file, stamp, rowGroupsPerPartition, columns and schema");
            }
            Path file = Path.of(p.get("file").asText());
            List<String> columns = new ArrayList<>();
            for (JsonNode c : p.get("columns")) {
                columns.add(c.asText());
            }
            ParquetFiles.Stamp expected = new ParquetFiles.Stamp(p.path("stamp").path("size").asLong(),
                p.path("stamp").path("modifiedMillis").asLong());
            ParquetFiles.Stamp now = ParquetFiles.stamp(file);
            if (!now.equals(expected)) {
                throw DataFormatException.inFile(file, "found " + now + ", expected the file the driver read ("
                    + expected + "); every executor must see the same file at the same path");
            }
            ParquetSource s = open(file, p.get("rowGroupsPerPartition").asInt(), columns);
            Schema schema = Schema.fromJsonNode(p.get("schema"));
            if (!s.schema().equals(schema) || s.numRowGroups() != p.path("numRowGroups").asInt()) {
                throw DataFormatException.inFile(file, "found schema " + s.schema() + " and " + s.numRowGroups()
                    + " row groups, expected " + schema + " and " + p.path("numRowGroups").asInt()
                    + " as the driver read them");
            }
            return s;
        }
    }

    @Override
    public String describe() {
        return "ParquetScan " + file + " [" + groupRows.length + " row groups, " + numPartitions + " partitions, "
            + schema.names() + "]";
    }

    /** The file, row group and row of a partition's rows (0-based row group, 1-based row in the file). */
    private RowOrigin rowOrigin(int index) {
        int first = firstRowGroup(index);
        int count = rowGroupCount(index);
        return row -> {
            long before = 0;
            for (int g = 0; g < first; g++) {
                before += groupRows[g];
            }
            long left = row;
            int g = first;
            while (g < first + count - 1 && left >= groupRows[g]) {
                left -= groupRows[g];
                before += groupRows[g];
                g++;
            }
            return "file " + file + ", row group " + g + ", row " + (before + left + 1);
        };
    }

    @Override
    public Partition compute(int index, PartitionResolver resolver) {
        ParquetFiles.Stamp now = ParquetFiles.stamp(file);
        if (!now.equals(stamp)) {
            throw DataFormatException.inFile(file, "changed since it was opened (then " + stamp + ", now " + now
                + "), expected the same file; read it again");
        }
        int rows = (int) knownRowCount(index);
        ColumnBuilder[] builders = new ColumnBuilder[plans.size()];
        List<Column> columns = new ArrayList<>(builders.length);
        try {
            for (int c = 0; c < builders.length; c++) {
                // PLAIN pages are copied straight into the column's off-heap memory
                builders[c] = ColumnBuilder.offHeap(plans.get(c).field(), rows);
            }
            if (rowGroupCount(index) > 0 && !plans.isEmpty()) {
                readRowGroups(firstRowGroup(index), rowGroupCount(index), builders);
            }
            for (ColumnBuilder b : builders) {
                columns.add(b.build());
            }
            return new Partition(index, columns, rows).withOrigin(rowOrigin(index));
        } catch (RuntimeException | Error e) {
            for (Column c : columns) {
                c.release();
            }
            for (ColumnBuilder b : builders) {
                if (b != null) {
                    b.discard();
                }
            }
            throw e;
        }
    }

    private void readRowGroups(int first, int count, ColumnBuilder[] builders) {
        try (ParquetFileReader reader = ParquetFiles.open(file)) {
            FileMetaData meta = reader.getFooter().getFileMetaData();
            MessageType requested = ParquetTypes.project(meta.getSchema(), schema.names());
            reader.setRequestedSchema(requested);
            GroupConverter converter = ParquetFiles.ignoringConverter(requested);
            ColumnDescriptor[] descriptors = new ColumnDescriptor[plans.size()];
            for (int c = 0; c < descriptors.length; c++) {
                descriptors[c] = requested.getColumnDescription(plans.get(c).leafPathArray());
            }
            for (int g = first; g < first + count; g++) {
                readRowGroup(reader, g, requested, converter, meta.getCreatedBy(), descriptors, builders);
            }
        } catch (IOException e) {
            throw DataFormatException.inFile(file, "cannot read the file (" + e + ")", e);
        }
    }

    private void readRowGroup(ParquetFileReader reader, int g, MessageType requested, GroupConverter converter,
                              String createdBy, ColumnDescriptor[] descriptors, ColumnBuilder[] builders) {
        PageReadStore pages;
        try {
            pages = reader.readRowGroup(g);
        } catch (IOException | RuntimeException e) {
            throw DataFormatException.inRowGroup(file, g, null, "cannot read the row group (" + e.getMessage()
                + "), expected a readable Parquet row group", e);
        }
        try (pages) {
            if (pages == null || pages.getRowCount() != groupRows[g]) {
                throw DataFormatException.inRowGroup(file, g, null, "found "
                    + (pages == null ? "no row group" : pages.getRowCount() + " rows") + ", expected "
                    + groupRows[g] + " rows");
            }
            ColumnReadStoreImpl store = null;
            ParquetColumnDecoder decoder = new ParquetColumnDecoder(file, g, groupFirstRow[g], groupRows[g]);
            for (int c = 0; c < descriptors.length; c++) {
                ParquetColumnPlan plan = plans.get(c);
                try {
                    if (ParquetPageDecoder.supports(plan, descriptors[c])) {
                        // numeric columns: straight from the pages, PLAIN values in bulk
                        new ParquetPageDecoder(descriptors[c], plan.kind())
                            .decode(pages.getPageReader(descriptors[c]), groupRows[g], builders[c]);
                        continue;
                    }
                    if (store == null) {
                        store = new ColumnReadStoreImpl(pages, converter, requested, createdBy);
                    }
                    decoder.decode(plan, store.getColumnReader(descriptors[c]),
                        pages.getPageReader(descriptors[c]).getTotalValueCount(), builders[c]);
                } catch (DataFormatException e) {
                    throw e;
                } catch (RuntimeException e) {
                    throw DataFormatException.inRowGroup(file, g, plan.name(), "cannot decode the column chunk ("
                        + e.getMessage() + "), expected valid Parquet pages", e);
                }
            }
        }
    }

    @Override
    public String toString() {
        return describe();
    }
}
