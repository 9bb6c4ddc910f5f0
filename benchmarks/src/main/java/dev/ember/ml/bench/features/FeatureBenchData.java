package dev.ember.ml.bench.features;

import dev.ember.ml.core.data.Column;
import dev.ember.ml.core.data.ColumnBuilder;
import dev.ember.ml.core.data.DataType;
import dev.ember.ml.core.data.Field;
import dev.ember.ml.core.data.Frame;
import dev.ember.ml.core.data.Partition;
import dev.ember.ml.core.io.ParquetWriter;
import dev.ember.ml.core.runtime.InMemorySource;
import dev.ember.ml.core.runtime.Runtime;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Synthetic feature-store data, written once as Parquet and reused: keys uniform over {@code keys}, times uniform
 * over a year (feature rows from 30 days earlier, created up to an hour after their event), values N(0, 1).
 */
final class FeatureBenchData {
    static final long DAY = 86_400_000_000L;
    static final long T0 = 1_704_067_200_000_000L; // 2024-01-01T00:00:00Z
    private static final int CHUNK = 1 << 20;

    private FeatureBenchData() {
    }

    /** The scale of the data: {@code -Dember.bench.features.scale=0.1} shrinks every size tenfold. */
    static double scale() {
        return Double.parseDouble(System.getProperty("ember.bench.features.scale", "1"));
    }

    static long scaled(long n) {
        return Math.max(1000, Math.round(n * scale()));
    }

    /** Entity rows: key, event_timestamp, row_id. */
    static Path entities(Path dir, Runtime rt, long rows, int keys, long seed) {
        Path f = dir.resolve("pit-entities-" + rows + "-" + keys + "-" + seed + ".parquet");
        return write(f, rt, rows, (r, i, cols) -> {
            cols.get(0).appendLong(r.nextInt(keys));
            cols.get(1).appendLong(T0 + r.nextLong(365 * DAY));
            cols.get(2).appendLong(i);
        }, List.of(Field.of("key", DataType.LONG, false), Field.of("event_timestamp", DataType.TIMESTAMP, false),
            Field.of("row_id", DataType.LONG, false)), seed);
    }

    /** Feature rows: key, ts, created, then the named double features. */
    static Path view(Path dir, Runtime rt, String name, long rows, int keys, List<String> features, long seed) {
        Path f = dir.resolve("pit-" + name + "-" + rows + "-" + keys + "-" + seed + ".parquet");
        List<Field> fields = new ArrayList<>(List.of(Field.of("key", DataType.LONG, false),
            Field.of("ts", DataType.TIMESTAMP, false), Field.of("created", DataType.TIMESTAMP, false)));
        features.forEach(n -> fields.add(Field.of(n, DataType.DOUBLE, false)));
        return write(f, rt, rows, (r, i, cols) -> {
            long ts = T0 - 30 * DAY + r.nextLong(395 * DAY);
            cols.get(0).appendLong(r.nextInt(keys));
            cols.get(1).appendLong(ts);
            cols.get(2).appendLong(ts + r.nextLong(3_600_000_000L));
            for (int j = 3; j < cols.size(); j++) {
                cols.get(j).appendDouble(gaussian(r));
            }
        }, fields, seed);
    }

    /** Events for the window backfill: key, ts, v. */
    static Path events(Path dir, Runtime rt, long rows, int keys, long seed) {
        Path f = dir.resolve("window-events-" + rows + "-" + keys + "-" + seed + ".parquet");
        return write(f, rt, rows, (r, i, cols) -> {
            cols.get(0).appendLong(r.nextInt(keys));
            cols.get(1).appendLong(T0 + r.nextLong(365 * DAY));
            cols.get(2).appendDouble(gaussian(r));
        }, List.of(Field.of("key", DataType.LONG, false), Field.of("ts", DataType.TIMESTAMP, false),
            Field.of("v", DataType.DOUBLE, false)), seed);
    }

    private static double gaussian(SplittableRandom r) {
        double u = r.nextDouble();
        double v = r.nextDouble();
        return Math.sqrt(-2 * Math.log(1 - u)) * Math.cos(2 * Math.PI * v);
    }

    private interface RowWriter {
        void write(SplittableRandom r, long row, List<ColumnBuilder> cols);
    }

    private static Path write(Path f, Runtime rt, long rows, RowWriter w, List<Field> fields, long seed) {
        if (Files.isRegularFile(f)) {
            return f;
        }
        try {
            Files.createDirectories(f.getParent());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        SplittableRandom r = new SplittableRandom(seed);
        List<Partition> parts = new ArrayList<>();
        for (long start = 0; start < rows; start += CHUNK) {
            int n = (int) Math.min(CHUNK, rows - start);
            List<ColumnBuilder> cols = new ArrayList<>();
            fields.forEach(fl -> cols.add(new ColumnBuilder(fl, n)));
            for (int i = 0; i < n; i++) {
                w.write(r, start + i, cols);
            }
            List<Column> built = new ArrayList<>();
            cols.forEach(c -> built.add(c.build()));
            parts.add(new Partition(parts.size(), built));
        }
        Frame frame = Frame.of(rt, parts);
        Path tmp = f.resolveSibling(f.getFileName() + ".tmp");
        try {
            ParquetWriter.options().overwrite(true).write(frame, tmp);
            Files.move(tmp, f);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            if (frame.source() instanceof InMemorySource s) {
                s.close();
            }
        }
        return f;
    }
}
