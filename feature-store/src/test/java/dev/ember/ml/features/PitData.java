package dev.ember.ml.features;

import dev.ember.ml.core.data.ColumnBuilder;
import dev.ember.ml.core.data.DataType;
import dev.ember.ml.core.data.Field;
import dev.ember.ml.core.data.Frame;
import dev.ember.ml.core.data.Partition;
import dev.ember.ml.core.io.ParquetWriter;
import dev.ember.ml.core.runtime.Runtime;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * Randomized feature and entity rows for conformance tests: few keys, times on a coarse grid (ties of event time
 * and of created time), null created times, null values, shuffled (out-of-order) rows, exact duplicate times with
 * other values, late rows (created long after their event time), entity rows on TTL edges, unknown and null keys.
 */
final class PitData {
    static final long HOUR = 3_600_000_000L;
    static final long MIN = 60_000_000L;
    static final long BASE = 1_700_000_000_000_000L;

    /** A feature row; seq is its position in the source (files in name order, rows in order). */
    record FRow(String key, Long ts, Long created, Double v1, long v2, long seq) {
    }

    /** An entity row. */
    record ERow(int id, String key, Long t) {
    }

    final List<FRow> features = new ArrayList<>();
    final List<ERow> entities = new ArrayList<>();
    final long ttl;

    PitData(long seed, int nFeatures, int nEntities, long ttl) {
        this.ttl = ttl;
        Random r = new Random(seed);
        List<FRow> raw = new ArrayList<>();
        for (int i = 0; i < nFeatures; i++) {
            String key = "k" + r.nextInt(12);
            Long ts = r.nextInt(40) == 0 ? null
                : BASE + r.nextInt(48) * HOUR + (r.nextBoolean() ? 0 : r.nextInt(4) * MIN);
            Long created = r.nextInt(3) == 0 || ts == null ? null
                : ts + (r.nextInt(6) == 0 ? 30 * HOUR : r.nextInt(3) * MIN);
            Double v1 = r.nextInt(5) == 0 ? null : Math.round(r.nextGaussian() * 1000) / 100.0;
            raw.add(new FRow(key, ts, created, v1, r.nextInt(1000), 0));
            if (r.nextInt(8) == 0) {
                raw.add(new FRow(key, ts, created, r.nextDouble(), r.nextInt(1000), 0));
            }
        }
        Collections.shuffle(raw, r);
        for (int i = 0; i < raw.size(); i++) {
            FRow f = raw.get(i);
            features.add(new FRow(f.key(), f.ts(), f.created(), f.v1(), f.v2(), i));
        }
        for (int i = 0; i < nEntities; i++) {
            String key = r.nextInt(30) == 0 ? null : "k" + r.nextInt(15);
            long t;
            int mode = r.nextInt(4);
            FRow near = features.get(r.nextInt(features.size()));
            if (mode == 0 && near.ts() != null) {
                t = near.ts();
                key = near.key();
            } else if (mode == 1 && near.ts() != null) {
                t = near.ts() + ttl + (r.nextBoolean() ? 0 : 1);
                key = near.key();
            } else {
                t = BASE + r.nextInt(56) * HOUR + r.nextInt(60) * MIN - 4 * HOUR;
            }
            entities.add(new ERow(i, key, r.nextInt(50) == 0 ? null : t));
        }
    }

    /**
     * Writes the feature rows as two Parquet files (first half, second half) under dir.
     *
     * @return the directory
     */
    Path writeFeatures(Runtime rt, Path dir) throws Exception {
        Files.createDirectories(dir);
        int half = features.size() / 2;
        write(rt, features.subList(0, half), dir.resolve("part-0.parquet"));
        write(rt, features.subList(half, features.size()), dir.resolve("part-1.parquet"));
        return dir;
    }

    private static void write(Runtime rt, List<FRow> rows, Path file) {
        ColumnBuilder k = new ColumnBuilder(Field.of("key", DataType.STRING, true), rows.size());
        ColumnBuilder ts = new ColumnBuilder(Field.of("ts", DataType.TIMESTAMP, true), rows.size());
        ColumnBuilder cr = new ColumnBuilder(Field.of("created", DataType.TIMESTAMP, true), rows.size());
        ColumnBuilder v1 = new ColumnBuilder(Field.of("v1", DataType.DOUBLE, true), rows.size());
        ColumnBuilder v2 = new ColumnBuilder(Field.of("v2", DataType.LONG, false), rows.size());
        ColumnBuilder seq = new ColumnBuilder(Field.of("seq", DataType.LONG, false), rows.size());
        ColumnBuilder evt = new ColumnBuilder(Field.of("event_us", DataType.LONG, true), rows.size());
        for (FRow f : rows) {
            k.appendString(f.key());
            appendLong(ts, f.ts());
            appendLong(cr, f.created());
            if (f.v1() == null) {
                v1.appendNull();
            } else {
                v1.appendDouble(f.v1());
            }
            v2.appendLong(f.v2());
            seq.appendLong(f.seq());
            appendLong(evt, f.ts());
        }
        Frame fr = Frame.ofColumns(rt, k.build(), ts.build(), cr.build(), v1.build(), v2.build(), seq.build(),
            evt.build());
        ParquetWriter.write(fr, file);
    }

    /** @return the entity rows as a frame of {@code parts} partitions: id, key, event_timestamp */
    Frame entityFrame(Runtime rt, int parts) {
        List<Partition> ps = new ArrayList<>();
        int n = entities.size();
        for (int p = 0; p < parts; p++) {
            int from = n * p / parts;
            int to = n * (p + 1) / parts;
            ColumnBuilder id = new ColumnBuilder(Field.of("id", DataType.LONG, false), to - from);
            ColumnBuilder k = new ColumnBuilder(Field.of("key", DataType.STRING, true), to - from);
            ColumnBuilder t = new ColumnBuilder(Field.of("event_timestamp", DataType.TIMESTAMP, true), to - from);
            for (ERow e : entities.subList(from, to)) {
                id.appendLong(e.id());
                k.appendString(e.key());
                appendLong(t, e.t());
            }
            ps.add(new Partition(p, List.of(id.build(), k.build(), t.build())));
        }
        return Frame.of(rt, ps);
    }

    private static void appendLong(ColumnBuilder b, Long v) {
        if (v == null) {
            b.appendNull();
        } else {
            b.appendLong(v);
        }
    }

    /** @return the brute-force point-in-time match of an entity row, or null */
    FRow expected(ERow e) {
        if (e.key() == null || e.t() == null) {
            return null;
        }
        FRow best = null;
        for (FRow f : features) {
            if (!e.key().equals(f.key()) || f.ts() == null || f.ts() > e.t() || f.ts() < e.t() - ttl) {
                continue;
            }
            if (best == null || later(f, best)) {
                best = f;
            }
        }
        return best;
    }

    private static boolean later(FRow a, FRow b) {
        int c = Long.compare(a.ts(), b.ts());
        if (c != 0) {
            return c > 0;
        }
        long ca = a.created() == null ? Long.MIN_VALUE : a.created();
        long cb = b.created() == null ? Long.MIN_VALUE : b.created();
        if (ca != cb) {
            return ca > cb;
        }
        return a.seq() > b.seq();
    }

    /** @return the brute-force window aggregate [count, sum, mean, min, max, stddev, last] of v1 */
    Double[] expectedWindow(ERow e, long window) {
        Double[] out = new Double[] {0.0, null, null, null, null, null, null};
        if (e.key() == null || e.t() == null) {
            return out;
        }
        List<FRow> in = new ArrayList<>();
        for (FRow f : features) {
            if (e.key().equals(f.key()) && f.ts() != null && f.ts() <= e.t() && f.ts() > e.t() - window
                && f.v1() != null) {
                in.add(f);
            }
        }
        if (in.isEmpty()) {
            return out;
        }
        double sum = 0;
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        FRow last = null;
        for (FRow f : in) {
            sum += f.v1();
            min = Math.min(min, f.v1());
            max = Math.max(max, f.v1());
            if (last == null || later(f, last)) {
                last = f;
            }
        }
        double mean = sum / in.size();
        double ss = 0;
        for (FRow f : in) {
            ss += (f.v1() - mean) * (f.v1() - mean);
        }
        out[0] = (double) in.size();
        out[1] = sum;
        out[2] = mean;
        out[3] = min;
        out[4] = max;
        out[5] = in.size() < 2 ? null : Math.sqrt(ss / (in.size() - 1));
        out[6] = last.v1();
        return out;
    }
}
