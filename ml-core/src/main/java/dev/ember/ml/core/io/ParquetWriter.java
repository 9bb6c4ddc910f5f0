package dev.ember.ml.core.io;

import dev.ember.ml.core.InvalidArgumentException;
import dev.ember.ml.core.MlException;
import dev.ember.ml.core.data.Frame;
import dev.ember.ml.core.runtime.PartitionRef;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Objects;
import java.util.UUID;

/**
 * Writes a {@link Frame} to one Parquet file, every Ember type included.
 *
 * <pre>{@code
 * ParquetWriter.write(frame, Path.of("out.parquet"));                    // SNAPPY, one row group per partition
 * ParquetWriter.options()
 *     .compression(ParquetWriter.Compression.ZSTD)
 *     .rowGroupRows(100_000)
 *     .write(frame, Path.of("out.parquet"));
 * }</pre>
 *
 * <p>Types, Ember to Parquet: double DOUBLE, float FLOAT, long INT64, int INT32, boolean BOOLEAN, string BINARY
 * (STRING), timestamp INT64 TIMESTAMP(MICROS, adjusted to UTC), vector a standard 3-level LIST of required
 * FLOAT or DOUBLE elements. Nullable columns are OPTIONAL and keep their nulls; the others are REQUIRED. The
 * Ember schema ({@code Schema.toJson()}) is stored in the key-value metadata under {@code ember.schema}, so
 * that {@link ParquetReader} gives back the same schema, vector widths included.
 *
 * <p>The file is written to a hidden temporary file in the target's directory and renamed over the target
 * atomically at the end, so a failed or interrupted write leaves the target as it was (absent or the previous
 * version) and no partial file under its name. Partitions are computed (or taken from the cache) one at a time
 * on the calling thread. No Hadoop is needed: Parquet-MR's low-level writers, a local output file and Ember's
 * own codecs.
 */
public final class ParquetWriter {

    /** Page compression. */
    public enum Compression {
        /** No compression. */
        UNCOMPRESSED(CompressionCodecName.UNCOMPRESSED),
        /** Snappy (the default): fast, moderate ratio. */
        SNAPPY(CompressionCodecName.SNAPPY),
        /** Zstandard at level 3: better ratio, still fast. */
        ZSTD(CompressionCodecName.ZSTD),
        /** Gzip (deflate): the most widely readable, slowest. */
        GZIP(CompressionCodecName.GZIP);

        private final CompressionCodecName codec;

        Compression(CompressionCodecName codec) {
            this.codec = codec;
        }

        CompressionCodecName codec() {
            return codec;
        }
    }

    private ParquetWriter() {
    }

    /**
     * Writes a frame with the default options: SNAPPY, one row group per partition, replacing an existing file.
     *
     * @param frame the frame
     * @param file the target file
     * @throws MlException if writing fails (the target is then left as it was)
     */
    public static void write(Frame frame, Path file) {
        write(frame, file, options());
    }

    /**
     * Writes a frame.
     *
     * @param frame the frame
     * @param file the target file; its directory is created if missing
     * @param options the options
     * @throws MlException if the target exists and {@link Options#overwrite(boolean)} is off, or writing fails
     *     (the target is then left as it was)
     */
    public static void write(Frame frame, Path file, Options options) {
        Objects.requireNonNull(frame, "frame");
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(options, "options");
        Path target = file.toAbsolutePath();
        if (!options.overwrite && Files.exists(target)) {
            throw new MlException(file + ": found an existing file, expected a new path (or overwrite(true))");
        }
        Path dir = target.getParent();
        Path tmp = dir.resolve("." + target.getFileName() + "." + UUID.randomUUID() + ".tmp");
        ParquetFileSink sink = null;
        try {
            Files.createDirectories(dir);
            sink = new ParquetFileSink(tmp, frame.schema(), options.compression.codec(), options.rowGroupRows);
            for (int i = 0; i < frame.numPartitions(); i++) {
                try (PartitionRef ref = frame.partition(i)) {
                    sink.write(ref.partition());
                }
            }
            sink.finish();
            sink = null;
            moveIntoPlace(tmp, target, options.overwrite);
        } catch (IOException | RuntimeException | Error e) {
            if (sink != null) {
                sink.abort();
            }
            deleteQuietly(tmp, e);
            if (e instanceof Error err) {
                throw err;
            }
            if (e instanceof MlException m) {
                throw m;
            }
            throw new MlException("writing Parquet file " + file + " failed: " + e, e);
        }
    }

    private static void moveIntoPlace(Path tmp, Path target, boolean overwrite) throws IOException {
        if (!overwrite && Files.exists(target)) {
            throw new MlException(target + ": found an existing file (created while writing), expected a new path"
                + " (or overwrite(true))");
        }
        try {
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            throw new MlException(target + ": the file system cannot rename atomically, expected a local file"
                + " system", e);
        }
    }

    private static void deleteQuietly(Path tmp, Throwable failure) {
        try {
            Files.deleteIfExists(tmp);
        } catch (IOException e) {
            failure.addSuppressed(e);
        }
    }

    /** @return the default options, to adjust fluently */
    public static Options options() {
        return new Options(Compression.SNAPPY, 0, true);
    }

    /**
     * Writing options. Immutable: each setter returns a copy.
     */
    public static final class Options {
        private final Compression compression;
        private final long rowGroupRows;
        private final boolean overwrite;

        private Options(Compression compression, long rowGroupRows, boolean overwrite) {
            this.compression = Objects.requireNonNull(compression, "compression");
            if (rowGroupRows < 0) {
                throw new InvalidArgumentException("rowGroupRows: found " + rowGroupRows
                    + ", expected >= 1 (or 0 for one row group per partition)");
            }
            this.rowGroupRows = rowGroupRows;
            this.overwrite = overwrite;
        }

        /**
         * @param compression the page compression (default {@link Compression#SNAPPY})
         * @return a copy with it set
         */
        public Options compression(Compression compression) {
            return new Options(compression, rowGroupRows, overwrite);
        }

        /**
         * @param rows rows per row group, across partition boundaries; 0 (the default) for one row group per
         *     (non-empty) partition
         * @return a copy with it set
         */
        public Options rowGroupRows(long rows) {
            return new Options(compression, rows, overwrite);
        }

        /**
         * @param overwrite whether to replace an existing file (default true); when false an existing target is
         *     an error
         * @return a copy with it set
         */
        public Options overwrite(boolean overwrite) {
            return new Options(compression, rowGroupRows, overwrite);
        }

        /**
         * Writes a frame with these options; same as {@link ParquetWriter#write(Frame, Path, Options)}.
         *
         * @param frame the frame
         * @param file the target file
         */
        public void write(Frame frame, Path file) {
            ParquetWriter.write(frame, file, this);
        }

        @Override
        public String toString() {
            return "ParquetWriter.Options[compression=" + compression + ", rowGroupRows="
                + (rowGroupRows == 0 ? "per partition" : rowGroupRows) + ", overwrite=" + overwrite + "]";
        }
    }
}
