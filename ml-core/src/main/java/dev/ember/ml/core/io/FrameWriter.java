package dev.ember.ml.core.io;

import dev.ember.ml.core.data.Frame;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Writes a frame to a file, atomically (a temporary file renamed into place): {@code frame.write().parquet(path)}
 * ({@link ParquetWriter}) or {@code frame.write().overwrite(true).csv(path)} ({@link CsvWriter}). By default an
 * existing file is an error.
 */
public final class FrameWriter {
    private final Frame frame;
    private boolean overwrite;

    /** @param frame the frame to write */
    public FrameWriter(Frame frame) {
        this.frame = Objects.requireNonNull(frame, "frame");
    }

    /**
     * @param overwrite whether an existing file is replaced (default false)
     * @return this writer
     */
    public FrameWriter overwrite(boolean overwrite) {
        this.overwrite = overwrite;
        return this;
    }

    /**
     * Writes one Parquet file (SNAPPY, one row group per partition).
     *
     * @param file the target file
     */
    public void parquet(Path file) {
        ParquetWriter.options().overwrite(overwrite).write(frame, file);
    }

    /**
     * Writes one CSV file with a header line.
     *
     * @param file the target file
     */
    public void csv(Path file) {
        CsvWriter.write(frame, file, overwrite);
    }
}
