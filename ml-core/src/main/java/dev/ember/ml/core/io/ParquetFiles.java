package dev.ember.ml.core.io;

import org.apache.parquet.ParquetReadOptions;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.io.api.Converter;
import org.apache.parquet.io.api.GroupConverter;
import org.apache.parquet.io.api.PrimitiveConverter;
import org.apache.parquet.schema.GroupType;
import org.apache.parquet.schema.Type;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;

/** Opening Parquet files for reading, without Hadoop's file system or codecs, with errors that name the file. */
final class ParquetFiles {
    /** The smallest Parquet file: magic, footer length, magic. */
    private static final long MIN_LENGTH = 12;

    private static final PrimitiveConverter IGNORED_VALUE = new PrimitiveConverter() {
    };

    private ParquetFiles() {
    }

    /**
     * The identity of a file's content as far as cheaply known: its size and modification time. A source compares
     * it before each re-read so that a file replaced under a frame is reported, not silently read.
     *
     * @param size bytes
     * @param modifiedMillis last modification, epoch millis
     */
    record Stamp(long size, long modifiedMillis) {
        @Override
        public String toString() {
            return size + " bytes, modified " + java.time.Instant.ofEpochMilli(modifiedMillis);
        }
    }

    /**
     * @param file a path
     * @return its size and modification time
     * @throws DataFormatException if it does not exist, is not a regular file or is too short to be Parquet
     */
    static Stamp stamp(Path file) {
        BasicFileAttributes attrs;
        try {
            attrs = Files.readAttributes(file, BasicFileAttributes.class, new LinkOption[0]);
        } catch (java.nio.file.NoSuchFileException e) {
            throw DataFormatException.inFile(file, "no such file, expected a Parquet file");
        } catch (IOException e) {
            throw DataFormatException.inFile(file, "cannot read the file's attributes (" + e + "), expected a"
                + " readable Parquet file", e);
        }
        if (attrs.isDirectory()) {
            throw DataFormatException.inFile(file, "found a directory, expected a Parquet file");
        }
        if (attrs.size() < MIN_LENGTH) {
            throw DataFormatException.inFile(file, "found " + attrs.size() + " bytes, expected a Parquet file"
                + " (at least " + MIN_LENGTH + " bytes: magic, footer, magic)");
        }
        return new Stamp(attrs.size(), attrs.lastModifiedTime().toMillis());
    }

    /**
     * Opens a reader and reads the footer.
     *
     * @param file a Parquet file
     * @return the reader, which the caller closes
     * @throws DataFormatException if the file is missing, empty or its footer does not parse
     */
    static ParquetFileReader open(Path file) {
        stamp(file);
        ParquetReadOptions options = ParquetReadOptions.builder(new PlainParquetConfiguration())
            .withCodecFactory(ParquetCodecs.INSTANCE)
            .useStatsFilter(false)
            .useDictionaryFilter(false)
            .useRecordFilter(false)
            .useColumnIndexFilter(false)
            .useBloomFilter(false)
            .build();
        try {
            // not ParquetFileReader.open(InputFile, options): javac would need Hadoop's open(Configuration, Path)
            return new ParquetFileReader(new ChannelInputFile(file), options);
        } catch (java.nio.file.NoSuchFileException e) {
            throw DataFormatException.inFile(file, "no such file, expected a Parquet file");
        } catch (IOException | RuntimeException e) {
            throw DataFormatException.inFile(file, "the footer does not parse (" + e.getMessage()
                + "), expected a Parquet file with a valid footer", e);
        }
    }

    /**
     * Column readers need a converter tree matching the schema even when values are read with the typed
     * getters; this one ignores everything.
     *
     * @param schema the (requested) schema
     * @return a converter tree of the same shape
     */
    static GroupConverter ignoringConverter(GroupType schema) {
        Converter[] children = new Converter[schema.getFieldCount()];
        for (int i = 0; i < children.length; i++) {
            Type t = schema.getType(i);
            children[i] = t.isPrimitive() ? IGNORED_VALUE : ignoringConverter(t.asGroupType());
        }
        return new GroupConverter() {
            @Override
            public Converter getConverter(int fieldIndex) {
                return children[fieldIndex];
            }

            @Override
            public void start() {
                // values are read with the column readers' getters
            }

            @Override
            public void end() {
                // values are read with the column readers' getters
            }
        };
    }
}
