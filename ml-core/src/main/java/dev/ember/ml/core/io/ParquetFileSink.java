package dev.ember.ml.core.io;

import dev.ember.ml.core.InvalidArgumentException;
import dev.ember.ml.core.InvalidStateException;
import dev.ember.ml.core.data.Column;
import dev.ember.ml.core.data.DataType;
import dev.ember.ml.core.data.Field;
import dev.ember.ml.core.data.Partition;
import dev.ember.ml.core.data.Schema;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.ColumnWriteStore;
import org.apache.parquet.column.ColumnWriter;
import org.apache.parquet.column.ParquetProperties;
import org.apache.parquet.compression.CompressionCodecFactory.BytesInputCompressor;
import org.apache.parquet.hadoop.ColumnChunkPageWriteStore;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.LocalOutputFile;
import org.apache.parquet.io.OutputFile;
import org.apache.parquet.io.PositionOutputStream;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.schema.MessageType;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.nio.IntBuffer;
import java.nio.LongBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Writes partitions into one Parquet file with Parquet-MR's low-level writers ({@link ParquetFileWriter}, a
 * {@link ColumnChunkPageWriteStore} and a column write store per row group), column by column in chunks of
 * rows straight from the off-heap columns. No Hadoop: a {@link LocalOutputFile} and {@link ParquetCodecs}.
 *
 * <p>Row groups end at each partition's end ({@code rowGroupRows <= 0}) or every {@code rowGroupRows} rows across
 * partitions. Not thread-safe; one sink writes one file once.
 */
final class ParquetFileSink {
    /** Rows written per column before moving on to the next column. */
    private static final int CHUNK_ROWS = 4096;
    /** Only used by Parquet-MR for padding, which is off. */
    private static final long ROW_GROUP_SIZE_HINT = 128L << 20;

    private final Schema schema;
    private final MessageType parquetSchema;
    private final ColumnDescriptor[] descriptors;
    private final ParquetProperties props;
    private final BytesInputCompressor compressor;
    private final TrackedOutputFile output;
    private final ParquetFileWriter fileWriter;
    private final long rowGroupRows;

    private ColumnChunkPageWriteStore pageStore;
    private ColumnWriteStore columnStore;
    private ColumnWriter[] writers;
    private long rowsInGroup;
    private int rowGroupOrdinal;

    /**
     * Creates the file and writes its header.
     *
     * @param file the file to create; must not exist
     * @param schema the schema of every partition
     * @param codec the page compression
     * @param rowGroupRows rows per row group, or {@code <= 0} for one row group per partition
     * @throws IOException if the file cannot be created
     */
    ParquetFileSink(Path file, Schema schema, CompressionCodecName codec, long rowGroupRows) throws IOException {
        this.schema = schema;
        this.parquetSchema = ParquetTypes.toParquet(schema);
        this.rowGroupRows = rowGroupRows;
        List<ColumnDescriptor> columns = parquetSchema.getColumns();
        this.descriptors = new ColumnDescriptor[schema.size()];
        ParquetProperties.Builder pb = ParquetProperties.builder();
        for (int c = 0; c < descriptors.length; c++) {
            Field f = schema.field(c);
            descriptors[c] = columns.get(c);
            if (f.type() == DataType.DOUBLE || f.type() == DataType.FLOAT || f.type() == DataType.VECTOR) {
                // random floating-point values defeat dictionaries: skip the attempt and its fallback
                pb.withDictionaryEncoding(String.join(".", descriptors[c].getPath()), false);
            }
        }
        this.props = pb.build();
        this.compressor = ParquetCodecs.INSTANCE.getCompressor(codec);
        this.output = new TrackedOutputFile(new LocalOutputFile(file));
        // the constructor taking ParquetProperties shares its arity with a Hadoop one, which javac would need to load
        this.fileWriter = new ParquetFileWriter(output, parquetSchema, ParquetFileWriter.Mode.CREATE,
            ROW_GROUP_SIZE_HINT, 0, props.getColumnIndexTruncateLength(), props.getStatisticsTruncateLength(),
            props.getPageWriteChecksumEnabled());
        fileWriter.start();
    }

    /**
     * Appends a partition's rows.
     *
     * @param p a partition of the sink's schema
     * @throws IOException if writing fails
     */
    void write(Partition p) throws IOException {
        if (!p.schema().equals(schema)) {
            throw new InvalidArgumentException("partition " + p.index() + " has schema " + p.schema()
                + ", expected " + schema);
        }
        Values[] values = new Values[descriptors.length];
        for (int c = 0; c < values.length; c++) {
            values[c] = new Values(p.column(c), descriptors[c].getMaxDefinitionLevel());
        }
        int n = p.numRows();
        int r = 0;
        while (r < n) {
            if (columnStore == null) {
                startRowGroup();
            }
            long limit = rowGroupRows > 0 ? Math.min(n, r + (rowGroupRows - rowsInGroup)) : n;
            int end = (int) Math.min(limit, (long) r + CHUNK_ROWS);
            for (int c = 0; c < values.length; c++) {
                values[c].write(writers[c], r, end);
            }
            for (int i = r; i < end; i++) {
                columnStore.endRecord();
            }
            rowsInGroup += end - r;
            r = end;
            if (rowGroupRows > 0 && rowsInGroup >= rowGroupRows) {
                endRowGroup();
            }
        }
        if (rowGroupRows <= 0) {
            endRowGroup();
        }
    }

    private void startRowGroup() {
        pageStore = ColumnChunkPageWriteStore.builder()
            .withSchema(parquetSchema)
            .withAllocator(props.getAllocator())
            .withColumnIndexTruncateLength(props.getColumnIndexTruncateLength())
            .withPageWriteChecksumEnabled(props.getPageWriteChecksumEnabled())
            .withCompressorProvider(d -> compressor)
            .withRowGroupOrdinal(rowGroupOrdinal)
            .build();
        columnStore = props.newColumnWriteStore(parquetSchema, pageStore, pageStore);
        writers = new ColumnWriter[descriptors.length];
        for (int c = 0; c < descriptors.length; c++) {
            writers[c] = columnStore.getColumnWriter(descriptors[c]);
        }
        rowsInGroup = 0;
    }

    /** Writes the buffered row group to the file, if it has rows. */
    private void endRowGroup() throws IOException {
        if (columnStore == null) {
            return;
        }
        try {
            if (rowsInGroup > 0) {
                fileWriter.startBlock(rowsInGroup);
                columnStore.flush();
                pageStore.flushToFileWriter(fileWriter);
                fileWriter.endBlock();
                rowGroupOrdinal++;
            }
        } finally {
            columnStore.close();
            pageStore.close();
            columnStore = null;
            pageStore = null;
            writers = null;
            rowsInGroup = 0;
        }
    }

    /**
     * Writes the last row group and the footer, with the Ember schema in the key-value metadata.
     *
     * @throws IOException if writing fails
     */
    void finish() throws IOException {
        endRowGroup();
        fileWriter.end(Map.of(ParquetTypes.SCHEMA_KEY, schema.toJson()));
    }

    /** Gives up: closes the file, leaving it incomplete (the caller deletes it). */
    void abort() {
        try {
            if (columnStore != null) {
                columnStore.close();
                pageStore.close();
            }
        } catch (RuntimeException e) {
            // already failing; the file is deleted
        }
        try {
            // ParquetFileWriter.close() leaves the stream open once a write failed; close it ourselves
            output.closeStream();
        } catch (IOException | RuntimeException e) {
            // already failing; the file is deleted
        }
    }

    /** A local output file that remembers its stream, so that a failed write can still close it. */
    private static final class TrackedOutputFile implements OutputFile {
        private final LocalOutputFile delegate;
        private PositionOutputStream stream;

        TrackedOutputFile(LocalOutputFile delegate) {
            this.delegate = delegate;
        }

        @Override
        public PositionOutputStream create(long blockSizeHint) throws IOException {
            stream = delegate.create(blockSizeHint);
            return stream;
        }

        @Override
        public PositionOutputStream createOrOverwrite(long blockSizeHint) throws IOException {
            stream = delegate.createOrOverwrite(blockSizeHint);
            return stream;
        }

        @Override
        public boolean supportsBlockSize() {
            return delegate.supportsBlockSize();
        }

        @Override
        public long defaultBlockSize() {
            return delegate.defaultBlockSize();
        }

        @Override
        public String getPath() {
            return delegate.getPath();
        }

        void closeStream() throws IOException {
            if (stream != null) {
                stream.close();
            }
        }
    }

    /** One column of one partition, with typed views of its off-heap values. */
    private static final class Values {
        private final Column column;
        private final Field field;
        private final int maxDef;
        private final boolean hasNulls;
        private final DoubleBuffer doubles;
        private final FloatBuffer floats;
        private final LongBuffer longs;
        private final IntBuffer ints;
        private final ByteBuffer bytes;
        private final Binary[] dictionary;

        Values(Column column, int maxDef) {
            this.column = column;
            this.field = column.field();
            this.maxDef = maxDef;
            this.hasNulls = column.nullCount() > 0;
            DataType storage = field.type() == DataType.VECTOR ? field.elementType() : field.type();
            this.doubles = storage == DataType.DOUBLE ? column.doubles() : null;
            this.floats = storage == DataType.FLOAT ? column.floats() : null;
            this.longs = storage == DataType.LONG || storage == DataType.TIMESTAMP ? column.longs() : null;
            this.ints = storage == DataType.INT || storage == DataType.STRING ? column.ints() : null;
            this.bytes = storage == DataType.BOOLEAN ? column.rawBytes() : null;
            if (storage == DataType.STRING) {
                List<String> dict = column.dictionary();
                dictionary = new Binary[dict.size()];
                for (int i = 0; i < dictionary.length; i++) {
                    dictionary[i] = Binary.fromConstantByteArray(dict.get(i).getBytes(StandardCharsets.UTF_8));
                }
            } else {
                dictionary = null;
            }
        }

        void write(ColumnWriter w, int from, int to) {
            if (field.type() == DataType.VECTOR) {
                writeVectors(w, from, to);
                return;
            }
            if (hasNulls) {
                for (int r = from; r < to; r++) {
                    if (column.isNull(r)) {
                        w.writeNull(0, 0);
                    } else {
                        writeValue(w, r);
                    }
                }
                return;
            }
            switch (field.type()) {
                case DOUBLE -> {
                    for (int r = from; r < to; r++) {
                        w.write(doubles.get(r), 0, maxDef);
                    }
                }
                case FLOAT -> {
                    for (int r = from; r < to; r++) {
                        w.write(floats.get(r), 0, maxDef);
                    }
                }
                case LONG, TIMESTAMP -> {
                    for (int r = from; r < to; r++) {
                        w.write(longs.get(r), 0, maxDef);
                    }
                }
                default -> {
                    for (int r = from; r < to; r++) {
                        writeValue(w, r);
                    }
                }
            }
        }

        private void writeValue(ColumnWriter w, int r) {
            switch (field.type()) {
                case DOUBLE -> w.write(doubles.get(r), 0, maxDef);
                case FLOAT -> w.write(floats.get(r), 0, maxDef);
                case LONG, TIMESTAMP -> w.write(longs.get(r), 0, maxDef);
                case INT -> w.write(ints.get(r), 0, maxDef);
                case BOOLEAN -> w.write(bytes.get(r) != 0, 0, maxDef);
                case STRING -> w.write(dictionary[ints.get(r)], 0, maxDef);
                default -> throw new InvalidStateException("unreachable: " + field);
            }
        }

        private void writeVectors(ColumnWriter w, int from, int to) {
            int d = field.vectorSize();
            boolean isFloat = floats != null;
            for (int r = from; r < to; r++) {
                if (hasNulls && column.isNull(r)) {
                    w.writeNull(0, 0);
                    continue;
                }
                int base = r * d;
                if (isFloat) {
                    w.write(floats.get(base), 0, maxDef);
                    for (int j = 1; j < d; j++) {
                        w.write(floats.get(base + j), 1, maxDef);
                    }
                } else {
                    w.write(doubles.get(base), 0, maxDef);
                    for (int j = 1; j < d; j++) {
                        w.write(doubles.get(base + j), 1, maxDef);
                    }
                }
            }
        }
    }
}
