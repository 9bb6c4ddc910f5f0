package dev.ember.ml.features;

import dev.ember.ml.core.InvalidArgumentException;
import dev.ember.ml.core.data.DataType;
import dev.ember.ml.core.data.Frame;
import dev.ember.ml.core.data.Schema;
import dev.ember.ml.core.io.CsvReader;
import dev.ember.ml.core.io.ParquetReader;
import dev.ember.ml.core.runtime.Runtime;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Where a view's rows come from: Parquet or CSV files named by a path, a glob, or a directory (read recursively;
 * directories named {@code date=YYYY-MM-DD} are date partitions, pruned when a time range is asked for).
 *
 * @param format {@code parquet} or {@code csv}
 * @param path a file, a glob ({@code data/*.parquet}, {@code events/**.csv}) or a directory; relative paths
 *     resolve against the repository's directory
 * @param eventTimestampColumn the column holding each row's event time ({@code timestamp}, or {@code long}
 *     microseconds since the epoch)
 * @param createdTimestampColumn the column holding when the row was written, breaking ties of event time; null
 *     for none
 */
public record FeatureSource(Format format, String path, String eventTimestampColumn,
                            String createdTimestampColumn) {
    private static final Pattern DATE_DIR = Pattern.compile("date=(\\d{4}-\\d{2}-\\d{2})");

    /** File formats a source reads. */
    public enum Format {
        /** Apache Parquet. */
        PARQUET,
        /** Comma-separated values with a header row; types inferred (ISO-8601 dates read as timestamps). */
        CSV;

        /**
         * @param name {@code parquet} or {@code csv}, any case
         * @return the format
         */
        public static Format parse(String name) {
            for (Format f : values()) {
                if (f.name().equalsIgnoreCase(name)) {
                    return f;
                }
            }
            throw new InvalidArgumentException("source format: found '" + name + "', expected parquet or csv");
        }
    }

    /** Validates the source. */
    public FeatureSource {
        Objects.requireNonNull(format, "source format");
        Objects.requireNonNull(path, "source path");
        Objects.requireNonNull(eventTimestampColumn, "source event timestamp column");
        if (path.isBlank()) {
            throw new InvalidArgumentException("source: found an empty path");
        }
    }

    /**
     * @param path a Parquet file, glob or directory
     * @param eventTimestampColumn the event-time column
     * @return the source
     */
    public static FeatureSource parquet(String path, String eventTimestampColumn) {
        return new FeatureSource(Format.PARQUET, path, eventTimestampColumn, null);
    }

    /**
     * @param path a CSV file, glob or directory
     * @param eventTimestampColumn the event-time column
     * @return the source
     */
    public static FeatureSource csv(String path, String eventTimestampColumn) {
        return new FeatureSource(Format.CSV, path, eventTimestampColumn, null);
    }

    /**
     * @param column the created-timestamp column
     * @return this source with it
     */
    public FeatureSource withCreatedTimestamp(String column) {
        return new FeatureSource(format, path, eventTimestampColumn, column);
    }

    /**
     * Lists the files of this source, sorted by path, pruning date partitions outside a day range.
     *
     * @param baseDir the directory relative paths resolve against
     * @param fromDay the first day wanted (UTC), or null for no lower bound
     * @param toDay the last day wanted (UTC), or null for no upper bound
     * @return the files
     * @throws InvalidArgumentException if nothing matches
     */
    public List<Path> files(Path baseDir, LocalDate fromDay, LocalDate toDay) {
        String ext = format == Format.PARQUET ? ".parquet" : ".csv";
        List<Path> out = new ArrayList<>();
        boolean glob = path.indexOf('*') >= 0 || path.indexOf('?') >= 0 || path.indexOf('{') >= 0;
        Path root;
        PathMatcher matcher = null;
        if (glob) {
            int cut = firstGlobChar(path);
            int slash = path.lastIndexOf('/', cut);
            root = resolve(baseDir, slash < 0 ? "." : path.substring(0, slash + 1));
            Path full = resolve(baseDir, path);
            matcher = FileSystems.getDefault().getPathMatcher("glob:" + full.toString().replace("\\", "/"));
        } else {
            root = resolve(baseDir, path);
        }
        if (!glob && Files.isRegularFile(root)) {
            return List.of(root);
        }
        if (!Files.isDirectory(root)) {
            throw new InvalidArgumentException("source " + path + ": found no file or directory at " + root);
        }
        PathMatcher m = matcher;
        try (Stream<Path> s = Files.walk(root)) {
            s.filter(Files::isRegularFile)
                .filter(p -> m != null ? m.matches(p) : p.getFileName().toString().toLowerCase(Locale.ROOT)
                    .endsWith(ext))
                .filter(p -> !p.getFileName().toString().startsWith(".")
                    && !p.getFileName().toString().startsWith("_"))
                .filter(p -> inDayRange(root.relativize(p), fromDay, toDay))
                .sorted()
                .forEach(out::add);
        } catch (IOException e) {
            throw new UncheckedIOException("source " + path + ": listing " + root, e);
        }
        if (out.isEmpty() && fromDay == null && toDay == null) {
            throw new InvalidArgumentException("source " + path + ": found no " + ext + " file under " + root);
        }
        return out;
    }

    /**
     * Reads the source's files into one frame (a union of one frame per file; CSV files after the first are
     * read with the first one's schema).
     *
     * @param runtime the runtime
     * @param baseDir the directory relative paths resolve against
     * @param fromDay the first day wanted, or null
     * @param toDay the last day wanted, or null
     * @return the frame, or null if a day range pruned every file
     */
    public Frame read(Runtime runtime, Path baseDir, LocalDate fromDay, LocalDate toDay) {
        List<Path> files = files(baseDir, fromDay, toDay);
        Frame all = null;
        Schema first = null;
        for (Path f : files) {
            Frame one;
            try {
                if (format == Format.PARQUET) {
                    one = ParquetReader.options().runtime(runtime).read(f);
                } else {
                    one = CsvReader.builder().runtime(runtime).schema(first).read(f);
                }
            } catch (RuntimeException e) {
                throw new InvalidArgumentException("source " + path + ": reading " + f + ": " + e.getMessage(), e);
            }
            if (first == null) {
                first = one.schema();
                checkTimestamps(first, f);
            } else if (!first.equals(one.schema())) {
                throw new InvalidArgumentException("source " + path + ": file " + f + " has schema " + one.schema()
                    + ", expected the schema of " + files.get(0) + ": " + first);
            }
            all = all == null ? one : all.union(one);
        }
        return all;
    }

    private void checkTimestamps(Schema schema, Path file) {
        for (String c : createdTimestampColumn == null ? List.of(eventTimestampColumn)
            : List.of(eventTimestampColumn, createdTimestampColumn)) {
            if (!schema.contains(c)) {
                throw new InvalidArgumentException("source " + path + ": file " + file + " has no column '" + c
                    + "' (columns: " + schema.names() + ")");
            }
            DataType t = schema.field(c).type();
            if (t != DataType.TIMESTAMP && t != DataType.LONG) {
                throw new InvalidArgumentException("source " + path + ": column '" + c + "' of " + file
                    + " is " + t.jsonName() + ", expected timestamp (or long microseconds)");
            }
        }
    }

    private static boolean inDayRange(Path relative, LocalDate fromDay, LocalDate toDay) {
        for (Path part : relative) {
            Matcher m = DATE_DIR.matcher(part.toString());
            if (m.matches()) {
                LocalDate d = LocalDate.parse(m.group(1));
                if (fromDay != null && d.isBefore(fromDay) || toDay != null && d.isAfter(toDay)) {
                    return false;
                }
            }
        }
        return true;
    }

    private static int firstGlobChar(String p) {
        int best = p.length();
        for (char c : new char[] {'*', '?', '{', '['}) {
            int i = p.indexOf(c);
            if (i >= 0) {
                best = Math.min(best, i);
            }
        }
        return best;
    }

    private static Path resolve(Path baseDir, String p) {
        Path q = Path.of(p);
        return (q.isAbsolute() || baseDir == null ? q : baseDir.resolve(q)).normalize();
    }

    /**
     * @param epochMicros a time
     * @return its UTC day
     */
    static LocalDate day(long epochMicros) {
        return LocalDate.ofEpochDay(Math.floorDiv(epochMicros, 86_400_000_000L));
    }
}
