package dev.ember.ml.core.io;

import dev.ember.ml.core.data.Column;
import dev.ember.ml.core.data.ColumnBuilder;
import dev.ember.ml.core.data.DataType;
import dev.ember.ml.core.data.Field;
import dev.ember.ml.core.data.Frame;
import dev.ember.ml.core.data.Partition;
import dev.ember.ml.core.data.Schema;
import dev.ember.ml.core.runtime.InMemorySource;
import dev.ember.ml.core.runtime.PartitionRef;
import dev.ember.ml.core.runtime.Runtime;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.ColumnWriteStore;
import org.apache.parquet.column.ColumnWriter;
import org.apache.parquet.column.ParquetProperties;
import org.apache.parquet.hadoop.ColumnChunkPageWriteStore;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.LocalOutputFile;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.MessageTypeParser;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Test support: files written with Parquet-MR's own low-level writer, frames of every type, frame comparison. */
final class ParquetTestFiles {

    private ParquetTestFiles() {
    }

    /**
     * A Parquet file written value by value with Parquet-MR's column writers, so that tests can produce what the
     * Ember writer never writes (ragged lists, INT96, legacy lists, other logical types).
     */
    static final class RawWriter implements AutoCloseable {
        private final MessageType schema;
        private final ParquetProperties props;
        private final ParquetFileWriter fileWriter;
        private ColumnChunkPageWriteStore pageStore;
        private ColumnWriteStore store;
        private long rows;

        /**
         * @param file the file to create
         * @param messageType the schema in Parquet's text syntax
         */
        RawWriter(Path file, String messageType) throws IOException {
            this(file, messageType, ParquetProperties.builder().build());
        }

        /**
         * @param file the file to create
         * @param messageType the schema in Parquet's text syntax
         * @param props the writer's properties (page version, dictionary, page size)
         */
        RawWriter(Path file, String messageType, ParquetProperties props) throws IOException {
            this.props = props;
            this.schema = MessageTypeParser.parseMessageType(messageType);
            this.fileWriter = new ParquetFileWriter(new LocalOutputFile(file), schema,
                ParquetFileWriter.Mode.OVERWRITE, 128L << 20, 0, props.getColumnIndexTruncateLength(),
                props.getStatisticsTruncateLength(), props.getPageWriteChecksumEnabled());
            fileWriter.start();
        }

        /**
         * @param path the leaf column's path
         * @return its writer in the current row group
         */
        ColumnWriter column(String... path) {
            if (store == null) {
                pageStore = ColumnChunkPageWriteStore.builder().withSchema(schema)
                    .withAllocator(props.getAllocator())
                    .withCompressorProvider(d -> ParquetCodecs.INSTANCE.getCompressor(
                        CompressionCodecName.UNCOMPRESSED))
                    .build();
                store = props.newColumnWriteStore(schema, pageStore, pageStore);
            }
            ColumnDescriptor d = schema.getColumnDescription(path);
            return store.getColumnWriter(d);
        }

        /** Ends a row (after writing every column's values for it). */
        void endRow() {
            store.endRecord();
            rows++;
        }

        /** Writes the buffered rows as one row group. */
        void endRowGroup() throws IOException {
            fileWriter.startBlock(rows);
            store.flush();
            pageStore.flushToFileWriter(fileWriter);
            fileWriter.endBlock();
            store.close();
            pageStore.close();
            store = null;
            pageStore = null;
            rows = 0;
        }

        @Override
        public void close() throws IOException {
            if (store != null) {
                endRowGroup();
            }
            fileWriter.end(Map.of());
        }
    }

    /** @return a schema with every Ember type, nullable where a type allows it */
    static Schema everyTypeSchema() {
        return Schema.of(
            Field.of("d", DataType.DOUBLE),
            Field.of("dReq", DataType.DOUBLE, false),
            Field.of("f", DataType.FLOAT),
            Field.of("l", DataType.LONG),
            Field.of("i", DataType.INT),
            Field.of("iReq", DataType.INT, false),
            Field.of("b", DataType.BOOLEAN),
            Field.of("s", DataType.STRING),
            Field.of("sReq", DataType.STRING, false),
            Field.of("t", DataType.TIMESTAMP),
            Field.vector("vf", 3, DataType.FLOAT),
            new Field("vd", DataType.VECTOR, true, 4, DataType.DOUBLE));
    }

    /**
     * Random values of every column of {@link #everyTypeSchema()}, about one in five null where nullable.
     *
     * @param index the partition's index
     * @param rows its rows
     * @param seed the random seed
     * @return the partition
     */
    static Partition everyTypePartition(int index, int rows, long seed) {
        Random rnd = new Random(seed);
        Schema schema = everyTypeSchema();
        String[] words = {"alpha", "", "héllo ✓", "x,y", "line\nbreak"};
        List<Column> cols = new ArrayList<>();
        for (Field f : schema) {
            ColumnBuilder b = new ColumnBuilder(f, rows);
            for (int r = 0; r < rows; r++) {
                if (f.nullable() && rnd.nextInt(5) == 0) {
                    b.appendNull();
                    continue;
                }
                switch (f.type()) {
                    case DOUBLE -> b.appendDouble(rnd.nextGaussian() * 1e6);
                    case FLOAT -> b.appendFloat((float) rnd.nextGaussian());
                    case LONG -> b.appendLong(rnd.nextLong());
                    case INT -> b.appendInt(rnd.nextInt());
                    case BOOLEAN -> b.appendBoolean(rnd.nextBoolean());
                    case STRING -> b.appendString(words[rnd.nextInt(words.length)] + rnd.nextInt(3));
                    case TIMESTAMP -> b.appendLong(rnd.nextLong() >> 12);
                    case VECTOR -> {
                        double[] v = new double[f.vectorSize()];
                        for (int j = 0; j < v.length; j++) {
                            v[j] = f.elementType() == DataType.FLOAT ? (float) rnd.nextGaussian() : rnd.nextGaussian();
                        }
                        b.appendVector(v);
                    }
                    default -> throw new IllegalStateException(f.toString());
                }
            }
            cols.add(b.build());
        }
        return new Partition(index, cols, rows);
    }

    /**
     * @param runtime the runtime
     * @param rowsPerPartition the rows of each partition
     * @return an in-memory frame of {@link #everyTypeSchema()}
     */
    static Frame everyTypeFrame(Runtime runtime, int... rowsPerPartition) {
        List<Partition> parts = new ArrayList<>();
        for (int i = 0; i < rowsPerPartition.length; i++) {
            parts.add(everyTypePartition(i, rowsPerPartition[i], 1000L + i));
        }
        return Frame.of(runtime, parts);
    }

    /** Frees an in-memory frame's partitions. */
    static void release(Frame frame) {
        if (frame.source() instanceof InMemorySource s) {
            s.close();
        }
    }

    /**
     * Asserts two frames have the same schema and the same rows in the same order (nulls included), whatever
     * their partitioning.
     */
    static void assertSameRows(Frame expected, Frame actual) {
        assertEquals(expected.schema(), actual.schema());
        List<Object[]> e = rows(expected);
        List<Object[]> a = rows(actual);
        assertEquals(e.size(), a.size(), "row count");
        for (int r = 0; r < e.size(); r++) {
            for (int c = 0; c < e.get(r).length; c++) {
                Object ev = e.get(r)[c];
                Object av = a.get(r)[c];
                String where = "row " + r + ", column '" + expected.schema().field(c).name() + "'";
                if (ev instanceof double[] ed) {
                    assertArrayEquals(ed, (double[]) av, where);
                } else {
                    assertEquals(ev, av, where);
                }
            }
        }
    }

    /** Every row as boxed values (null for null, double[] for vectors), in partition order. */
    static List<Object[]> rows(Frame frame) {
        List<Object[]> out = new ArrayList<>();
        for (int p = 0; p < frame.numPartitions(); p++) {
            try (PartitionRef ref = frame.partition(p)) {
                Partition part = ref.partition();
                for (int r = 0; r < part.numRows(); r++) {
                    Object[] row = new Object[part.columns().size()];
                    for (int c = 0; c < row.length; c++) {
                        row[c] = value(part.column(c), r);
                    }
                    out.add(row);
                }
            }
        }
        return out;
    }

    private static Object value(Column c, int r) {
        if (c.isNull(r)) {
            return null;
        }
        return switch (c.type()) {
            case DOUBLE, FLOAT -> c.getDouble(r);
            case LONG, TIMESTAMP -> c.getLong(r);
            case INT -> c.getInt(r);
            case BOOLEAN -> c.getBoolean(r);
            case STRING -> c.getString(r);
            case VECTOR -> {
                double[] v = new double[c.vectorSize()];
                c.getVector(r, v);
                yield v;
            }
        };
    }
}
