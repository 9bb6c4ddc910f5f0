package dev.ember.ml.core.io;

import dev.ember.ml.core.InvalidArgumentException;
import dev.ember.ml.core.InvalidStateException;
import dev.ember.ml.core.MlException;
import dev.ember.ml.core.data.Column;
import dev.ember.ml.core.data.DataType;
import dev.ember.ml.core.data.Field;
import dev.ember.ml.core.data.Frame;
import dev.ember.ml.core.data.Partition;
import dev.ember.ml.core.runtime.PartitionRef;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * Writes a frame as one CSV file (RFC 4180: comma-separated, a header line, fields quoted where they hold the
 * delimiter, a quote, a line break or edge spaces, quotes doubled), partition by partition in order. It is
 * atomic like {@link ParquetWriter}: rows go to a hidden temporary file in the target's directory, which is
 * renamed into place only when complete, so a reader never sees half a file and a failure leaves the target as it
 * was.
 *
 * <p>Values: numbers in Java's shortest round-trip form ({@link Double#toString}), so {@link CsvReader} reads back
 * the same bits; booleans {@code true}/{@code false}; timestamps as ISO-8601 instants in UTC; nulls as an empty
 * field. An empty string is written as {@code ""}, which the reader's default null value ({@code ""}) reads as
 * null. Vector columns have no CSV form and are refused (write Parquet, or select scalar columns).
 */
public final class CsvWriter {
    private CsvWriter() {
    }

    /**
     * @param frame the frame
     * @param file the target file; its directory is created if missing
     * @param overwrite whether an existing file is replaced
     * @throws InvalidArgumentException if the frame has a vector column
     * @throws MlException if the target exists and {@code overwrite} is off, or writing fails
     */
    public static void write(Frame frame, Path file, boolean overwrite) {
        Objects.requireNonNull(frame, "frame");
        Objects.requireNonNull(file, "file");
        for (Field f : frame.schema()) {
            if (f.type() == DataType.VECTOR) {
                throw new InvalidArgumentException("CSV file " + file + ": column '" + f.name() + "' is "
                    + f.typeString() + ", expected scalar columns (write Parquet, or select scalar columns)");
            }
        }
        Path target = file.toAbsolutePath();
        if (!overwrite && Files.exists(target)) {
            throw new MlException(file + ": found an existing file, expected a new path (or overwrite)");
        }
        Path dir = target.getParent();
        Path tmp = dir.resolve("." + target.getFileName() + "." + UUID.randomUUID() + ".tmp");
        try {
            Files.createDirectories(dir);
            try (Writer w = new BufferedWriter(Files.newBufferedWriter(tmp, StandardCharsets.UTF_8), 1 << 16)) {
                writeHeader(frame, w);
                StringBuilder line = new StringBuilder(256);
                for (int i = 0; i < frame.numPartitions(); i++) {
                    try (PartitionRef ref = frame.partition(i)) {
                        writeRows(ref.partition(), w, line);
                    }
                }
            }
            if (!overwrite && Files.exists(target)) {
                throw new MlException(target + ": found an existing file (created while writing), expected a new"
                    + " path (or overwrite)");
            }
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            deleteQuietly(tmp, e);
            throw new MlException(target + ": the file system cannot rename atomically, expected a local file"
                + " system", e);
        } catch (IOException | RuntimeException e) {
            deleteQuietly(tmp, e);
            if (e instanceof MlException m) {
                throw m;
            }
            throw new MlException("writing CSV file " + file + " failed: " + e, e);
        }
    }

    private static void writeHeader(Frame frame, Writer w) throws IOException {
        StringBuilder sb = new StringBuilder();
        for (Field f : frame.schema()) {
            if (sb.length() > 0) {
                sb.append(',');
            }
            quoted(f.name(), sb);
        }
        w.write(sb.append('\n').toString());
    }

    private static void writeRows(Partition p, Writer w, StringBuilder line) throws IOException {
        int n = p.numRows();
        var cols = p.columns();
        for (int r = 0; r < n; r++) {
            line.setLength(0);
            for (int j = 0; j < cols.size(); j++) {
                if (j > 0) {
                    line.append(',');
                }
                appendValue(cols.get(j), r, line);
            }
            w.write(line.append('\n').toString());
        }
    }

    private static void appendValue(Column c, int r, StringBuilder sb) {
        if (c.isNull(r)) {
            return;
        }
        switch (c.type()) {
            case DOUBLE -> sb.append(c.getDouble(r));
            case FLOAT -> sb.append((float) c.getDouble(r));
            case LONG, INT -> sb.append(c.getLong(r));
            case BOOLEAN -> sb.append(c.getBoolean(r));
            case STRING -> quoted(c.getString(r), sb);
            case TIMESTAMP -> {
                long micros = c.getLong(r);
                sb.append(Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L),
                    Math.floorMod(micros, 1_000_000L) * 1000L));
            }
            default -> throw new InvalidStateException("unreachable: " + c.field());
        }
    }

    private static void quoted(String s, StringBuilder sb) {
        boolean quote = s.isEmpty() || s.indexOf(',') >= 0 || s.indexOf('"') >= 0 || s.indexOf('\n') >= 0
            || s.indexOf('\r') >= 0 || s.charAt(0) == ' ' || s.charAt(s.length() - 1) == ' ';
        if (!quote) {
            sb.append(s);
            return;
        }
        sb.append('"').append(s.replace("\"", "\"\"")).append('"');
    }

    private static void deleteQuietly(Path tmp, Throwable failure) {
        try {
            Files.deleteIfExists(tmp);
        } catch (IOException e) {
            failure.addSuppressed(e);
        }
    }
}
