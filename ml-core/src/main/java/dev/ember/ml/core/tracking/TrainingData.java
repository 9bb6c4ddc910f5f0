package dev.ember.ml.core.tracking;

import dev.ember.ml.core.DataFingerprint;
import dev.ember.ml.core.data.Frame;
import dev.ember.ml.core.data.Schema;
import dev.ember.ml.core.io.CsvSource;
import dev.ember.ml.core.io.ParquetSource;
import dev.ember.ml.core.runtime.PartitionSource;

import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The data a model was trained on, logged to its run as an MLflow dataset input (context {@code training}): named
 * after its file, its digest Ember's content fingerprint ({@link DataFingerprint#contentHash()}: the same rows give
 * the same digest however they are partitioned or ordered), its source the files it was read from, its schema and
 * row count.
 *
 * @param name the dataset's name: the first file's name without extension, else {@code dataset}
 * @param digest the content fingerprint, 16 hex digits
 * @param rowCount the number of rows
 * @param schema the frame's schema
 * @param files the CSV or Parquet files the frame was read from (empty for data built in memory)
 */
public record TrainingData(String name, String digest, long rowCount, Schema schema, List<Path> files) {

    /** The context tag MLflow gives a training dataset input. */
    public static final String TRAINING = "training";

    /** Checks the parts. */
    public TrainingData {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(digest, "digest");
        Objects.requireNonNull(schema, "schema");
        files = List.copyOf(files);
    }

    /**
     * @param frame the training frame
     * @param fingerprint its fingerprint, from the fit's provenance
     * @return what describes it
     */
    public static TrainingData of(Frame frame, DataFingerprint fingerprint) {
        List<Path> files = sourceFiles(frame.source());
        String name = "dataset";
        if (!files.isEmpty()) {
            String f = files.get(0).getFileName().toString();
            int dot = f.indexOf('.');
            name = dot > 0 ? f.substring(0, dot) : f;
        }
        return new TrainingData(name, fingerprint.contentHash(), fingerprint.rowCount(), frame.schema(), files);
    }

    /** @return the files at the roots of a lineage, in order, each once */
    static List<Path> sourceFiles(PartitionSource source) {
        List<Path> out = new ArrayList<>();
        Set<PartitionSource> seen = new HashSet<>();
        Deque<PartitionSource> todo = new ArrayDeque<>();
        todo.add(source);
        while (!todo.isEmpty()) {
            PartitionSource s = todo.poll();
            if (!seen.add(s)) {
                continue;
            }
            Path f = s instanceof CsvSource c ? c.file() : s instanceof ParquetSource p ? p.file() : null;
            if (f != null && !out.contains(f.toAbsolutePath())) {
                out.add(f.toAbsolutePath());
            }
            todo.addAll(s.parents());
        }
        return out;
    }
}
