package dev.ember.ml.features.materialize;

import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/** Run records appended as JSON lines to one file, each append under an exclusive file lock. */
public final class RunLog {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** File locks are per process: appenders of one JVM serialize on this monitor first. */
    private static final java.util.concurrent.ConcurrentHashMap<Path, Object> IN_PROCESS =
        new java.util.concurrent.ConcurrentHashMap<>();
    private final Path file;

    /** @param file the log file (created on first append) */
    public RunLog(Path file) {
        this.file = file;
    }

    /** @param r a record to append */
    public void append(RunRecord r) {
        try {
            Files.createDirectories(file.getParent());
            byte[] line = (JSON.writeValueAsString(r.toJson(JSON)) + "\n").getBytes(StandardCharsets.UTF_8);
            synchronized (IN_PROCESS.computeIfAbsent(file.toAbsolutePath().normalize(), k -> new Object())) {
                try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.APPEND); FileLock ignored = ch.lock()) {
                    ch.write(ByteBuffer.wrap(line));
                    ch.force(false);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("run log " + file + ": " + e.getMessage(), e);
        }
    }

    /** @return every record, oldest first (a torn last line from a crash is skipped) */
    public List<RunRecord> read() {
        List<RunRecord> out = new ArrayList<>();
        if (!Files.exists(file)) {
            return out;
        }
        try {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                if (line.isBlank()) {
                    continue;
                }
                try {
                    out.add(RunRecord.fromJson(JSON.readTree(line)));
                } catch (IOException | RuntimeException torn) {
                    // a line cut short by a crash: the run it described is not recorded
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("run log " + file + ": " + e.getMessage(), e);
        }
        return out;
    }
}
