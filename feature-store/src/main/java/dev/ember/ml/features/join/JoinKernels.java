package dev.ember.ml.features.join;

import dev.ember.ml.core.data.Column;
import dev.ember.ml.core.data.ColumnBuilder;
import dev.ember.ml.core.data.DataType;
import dev.ember.ml.core.data.Field;
import dev.ember.ml.core.data.Partition;
import dev.ember.ml.core.data.Schema;
import dev.ember.ml.core.runtime.KernelParams;
import dev.ember.ml.core.runtime.KernelProvider;
import dev.ember.ml.core.runtime.KernelRegistry;
import dev.ember.ml.core.runtime.MapKernel;
import dev.ember.ml.features.Aggregation;
import dev.ember.ml.features.window.TileAggregator;
import dev.ember.ml.features.window.WindowState;

import java.util.ArrayList;
import java.util.List;

/**
 * The feature store's map kernels, run per join bucket (see {@link BucketColumns} for the input layout).
 *
 * <ul>
 *   <li>{@link AsofMerge}: for each entity row, the latest feature row of the same key at or before its time,
 *       within the TTL (parameter {@code ttlMicros}, negative for none).</li>
 *   <li>{@link WindowAggregate}: for each entity row, windowed aggregations of the key's events up to its time
 *       (parameters {@code names}, {@code inputs}, {@code functions}, {@code windows}, {@code hops}).</li>
 * </ul>
 * Both emit {@code __row} and one column per output, for entity rows only.
 */
public final class JoinKernels implements KernelProvider {
    /** The output column of {@link AsofMatch}: the source order ({@link BucketColumns#SEQ}) of the match, or -1. */
    public static final String MATCH = "__match";

    /** For the service loader. */
    public JoinKernels() {
    }

    @Override
    public void registerKernels(KernelRegistry registry) {
        registry.registerMap(AsofMerge.class, AsofMerge::new);
        registry.registerMap(AsofMatch.class, AsofMatch::new);
        registry.registerMap(WindowAggregate.class, WindowAggregate::new);
        registry.registerAggregate(BucketedJoin.BucketAsof.class, BucketedJoin.BucketAsof::new);
    }

    /** The sorted view of a bucket: rows by (key, time, feature rows before entity rows, created, source order). */
    static final class SortedBucket {
        final long[] key;
        final long[] ts;
        final long[] created;
        final long[] seq;
        final long[] row;
        final int[] order;

        SortedBucket(Partition p) {
            int n = p.numRows();
            key = longs(p.column(BucketColumns.KEY), n);
            ts = longs(p.column(BucketColumns.TS), n);
            created = longs(p.column(BucketColumns.CREATED), n);
            seq = longs(p.column(BucketColumns.SEQ), n);
            row = longs(p.column(BucketColumns.ROW), n);
            order = byKeyThenTime(n);
        }

        /**
         * A counting sort by key id (ids are dense), then each key's rows by (time, feature rows first, created,
         * source order): the key's times are packed with their position into primitive longs and sorted as such
         * (no comparator, no boxing), and only runs of equal time are ordered by the remaining tie-breaks.
         */
        private int[] byKeyThenTime(int n) {
            int maxKey = -1;
            for (int i = 0; i < n; i++) {
                maxKey = (int) Math.max(maxKey, key[i]);
            }
            int[] start = new int[maxKey + 2];
            for (int i = 0; i < n; i++) {
                start[(int) key[i] + 1]++;
            }
            for (int k = 0; k <= maxKey; k++) {
                start[k + 1] += start[k];
            }
            int[] out = new int[n];
            int[] next = java.util.Arrays.copyOf(start, start.length);
            for (int i = 0; i < n; i++) {
                out[next[(int) key[i]]++] = i;
            }
            int[] tmp = new int[n];
            IndexSort.RowComparator cmp = (a, b) -> {
                int c = Long.compare(ts[a], ts[b]);
                return c != 0 ? c : tieBreak(a, b);
            };
            long[] packed = new long[16];
            for (int k = 0; k <= maxKey; k++) {
                int from = start[k];
                int to = start[k + 1];
                if (to - from > 1) {
                    if (packed.length < to - from) {
                        packed = new long[Math.max(to - from, packed.length * 2)];
                    }
                    if (!sortPacked(out, tmp, from, to, packed)) {
                        IndexSort.sortRange(out, tmp, from, to, cmp);
                    }
                }
            }
            return out;
        }

        /** Feature rows before entity rows, then created time, then source order. */
        private int tieBreak(int a, int b) {
            int c = Boolean.compare(row[a] >= 0, row[b] >= 0);
            if (c != 0) {
                return c;
            }
            c = Long.compare(created[a], created[b]);
            return c != 0 ? c : Long.compare(seq[a], seq[b]);
        }

        /**
         * Sorts {@code out[from, to)} by time as packed {@code (time - min) << bits | position} longs, stable; then
         * orders each run of equal times by {@link #tieBreak} (insertion sort: such runs are short).
         *
         * @return false if the times span too wide a range to pack (the caller then sorts with a comparator)
         */
        private boolean sortPacked(int[] out, int[] tmp, int from, int to, long[] packed) {
            int m = to - from;
            long lo = Long.MAX_VALUE;
            long hi = Long.MIN_VALUE;
            for (int j = from; j < to; j++) {
                long t = ts[out[j]];
                lo = Math.min(lo, t);
                hi = Math.max(hi, t);
            }
            int bits = 32 - Integer.numberOfLeadingZeros(m - 1);
            long span = hi - lo;
            if (span < 0 || (span >>> (63 - bits)) != 0) {
                return false;
            }
            long mask = (1L << bits) - 1;
            for (int j = 0; j < m; j++) {
                packed[j] = (ts[out[from + j]] - lo) << bits | j;
            }
            java.util.Arrays.sort(packed, 0, m);
            System.arraycopy(out, from, tmp, from, m);
            for (int j = 0; j < m; j++) {
                out[from + j] = tmp[from + (int) (packed[j] & mask)];
            }
            int run = from;
            for (int j = from + 1; j <= to; j++) {
                if (j == to || ts[out[j]] != ts[out[run]]) {
                    for (int a = run + 1; a < j; a++) {
                        int x = out[a];
                        int b = a - 1;
                        while (b >= run && tieBreak(out[b], x) > 0) {
                            out[b + 1] = out[b];
                            b--;
                        }
                        out[b + 1] = x;
                    }
                    run = j;
                }
            }
            return true;
        }

        private static long[] longs(Column c, int n) {
            long[] out = new long[n];
            c.longs().get(out, 0, n);
            return out;
        }
    }

    /**
     * Gathers {@code source[from[i]]} for each i into a new column ({@code from[i] < 0}: null), with typed loops
     * over the column's buffers for doubles and longs.
     */
    static Column gather(Column source, Field field, int[] from, int n) {
        ColumnBuilder b = new ColumnBuilder(field, n);
        java.util.BitSet nulls = source.nulls();
        DataType t = source.type();
        if (t == DataType.DOUBLE) {
            java.nio.DoubleBuffer v = source.doubles();
            for (int i = 0; i < n; i++) {
                int r = from[i];
                if (r < 0 || nulls != null && nulls.get(r)) {
                    b.appendNull();
                } else {
                    b.appendDouble(v.get(r));
                }
            }
        } else if (t == DataType.LONG || t == DataType.TIMESTAMP) {
            java.nio.LongBuffer v = source.longs();
            for (int i = 0; i < n; i++) {
                int r = from[i];
                if (r < 0 || nulls != null && nulls.get(r)) {
                    b.appendNull();
                } else {
                    b.appendLong(v.get(r));
                }
            }
        } else {
            for (int i = 0; i < n; i++) {
                if (from[i] < 0) {
                    b.appendNull();
                } else {
                    b.appendFrom(source, from[i]);
                }
            }
        }
        return b.build();
    }

    /** The as-of match of each entity row of a sorted bucket (a bucket row index, or -1), and the entity rows. */
    private static int matches(SortedBucket s, int n, long ttl, long[] rows, int[] match) {
        int m = 0;
        long curKey = Long.MIN_VALUE;
        int latest = -1;
        for (int k = 0; k < n; k++) {
            int i = s.order[k];
            if (s.key[i] != curKey) {
                curKey = s.key[i];
                latest = -1;
            }
            if (s.row[i] < 0) {
                latest = i;
                continue;
            }
            boolean hit = latest >= 0 && (ttl < 0 || s.ts[latest] >= s.ts[i] - ttl);
            rows[m] = s.row[i];
            match[m++] = hit ? latest : -1;
        }
        return m;
    }

    private static Column longColumn(Field f, long[] v, int m) {
        Column c = Column.allocate(f, m);
        c.longs().put(v, 0, m);
        return c;
    }

    /** Point-in-time "as of" merge of a sorted bucket: the matched feature row's values per entity row. */
    public static final class AsofMerge implements MapKernel {
        @Override
        public Partition apply(Partition input, KernelParams params, Schema outputSchema) {
            SortedBucket s = new SortedBucket(input);
            int n = input.numRows();
            long[] rows = new long[n];
            int[] match = new int[n];
            int m = matches(s, n, params.getLong("ttlMicros"), rows, match);
            List<Column> cols = new ArrayList<>();
            cols.add(longColumn(outputSchema.field(0), rows, m));
            for (int c = 1; c < outputSchema.size(); c++) {
                Field f = outputSchema.field(c);
                cols.add(gather(input.column(f.name()), f, match, m));
            }
            return new Partition(input.index(), cols, m);
        }
    }

    /**
     * Point-in-time "as of" match of a bucket without value columns ({@link AsofMatcher}): per entity row
     * ({@code __row}) the source order ({@link #MATCH}) of its matched feature row, or -1; the caller reads the values
     * from the source.
     */
    public static final class AsofMatch implements MapKernel {
        @Override
        public Partition apply(Partition input, KernelParams params, Schema outputSchema) {
            int n = input.numRows();
            long[] rows = new long[n];
            long[] seq = new long[n];
            int m = AsofMatcher.match(input.column(BucketColumns.KEY).longs(),
                input.column(BucketColumns.TS).longs(), input.column(BucketColumns.CREATED).longs(),
                input.column(BucketColumns.SEQ).longs(), input.column(BucketColumns.ROW).longs(),
                params.getLong("ttlMicros"), rows, seq);
            return new Partition(input.index(), List.of(longColumn(outputSchema.field(0), rows, m),
                longColumn(outputSchema.field(1), seq, m)), m);
        }
    }

    /** Windowed aggregations over a sorted bucket, from tiles. */
    public static final class WindowAggregate implements MapKernel {
        @Override
        public Partition apply(Partition input, KernelParams params, Schema outputSchema) {
            long[] inputs = params.getLongArray("inputs");
            long[] functions = params.getLongArray("functions");
            long[] windows = params.getLongArray("windows");
            long[] hops = params.getLongArray("hops");
            int numInputs = (int) params.getLong("numInputs");
            Aggregation[] aggs = Aggregation.values();
            SortedBucket s = new SortedBucket(input);
            int n = input.numRows();
            double[][] in = new double[numInputs][];
            for (int j = 0; j < numInputs; j++) {
                Column c = input.column(BucketColumns.INTERNAL + j);
                in[j] = new double[n];
                for (int i = 0; i < n; i++) {
                    in[j][i] = c.getDouble(i);
                }
            }
            List<ColumnBuilder> out = builders(outputSchema, n);
            WindowState st = new WindowState();
            int k = 0;
            while (k < n) {
                int end = k;
                long key = s.key[s.order[k]];
                while (end < n && s.key[s.order[end]] == key) {
                    end++;
                }
                emitKey(s, k, end, in, inputs, functions, windows, hops, aggs, out, st);
                k = end;
            }
            return build(input.index(), out);
        }

        private static void emitKey(SortedBucket s, int from, int to, double[][] in, long[] inputs,
                                    long[] functions, long[] windows, long[] hops, Aggregation[] aggs,
                                    List<ColumnBuilder> out, WindowState st) {
            int events = 0;
            for (int k = from; k < to; k++) {
                if (s.row[s.order[k]] < 0) {
                    events++;
                }
            }
            long[] ts = new long[events];
            double[][] vals = new double[in.length][events];
            int e = 0;
            for (int k = from; k < to; k++) {
                int i = s.order[k];
                if (s.row[i] < 0) {
                    ts[e] = s.ts[i];
                    for (int j = 0; j < in.length; j++) {
                        vals[j][e] = in[j][i];
                    }
                    e++;
                }
            }
            // one tile set per distinct (window, hop)
            java.util.Map<Long, TileAggregator> byWindow = new java.util.HashMap<>();
            for (int o = 0; o < windows.length; o++) {
                final int oo = o;
                byWindow.computeIfAbsent(windows[o], w -> new TileAggregator(ts, vals, w, hops[oo]));
            }
            for (int k = from; k < to; k++) {
                int i = s.order[k];
                if (s.row[i] < 0) {
                    continue;
                }
                out.get(0).appendLong(s.row[i]);
                long lastWindow = Long.MIN_VALUE;
                long lastInput = Long.MIN_VALUE;
                for (int o = 0; o < windows.length; o++) {
                    if (windows[o] != lastWindow || inputs[o] != lastInput) {
                        byWindow.get(windows[o]).query((int) inputs[o], s.ts[i], st);
                        lastWindow = windows[o];
                        lastInput = inputs[o];
                    }
                    Aggregation f = aggs[(int) functions[o]];
                    ColumnBuilder b = out.get(o + 1);
                    double v = st.value(f);
                    if (f == Aggregation.COUNT) {
                        b.appendLong(st.count());
                    } else if (Double.isNaN(v)) {
                        b.appendNull();
                    } else {
                        b.appendDouble(v);
                    }
                }
            }
        }
    }

    /**
     * Gathers {@code sources[part[i]][row[i]]} for each i into a new column ({@code part[i] < 0}: null), with typed
     * loops over the sources' buffers for doubles and longs.
     */
    static Column gather(Column[] sources, Field field, int[] part, int[] row, int n) {
        ColumnBuilder b = new ColumnBuilder(field, n);
        int np = sources.length;
        java.util.BitSet[] nulls = new java.util.BitSet[np];
        java.nio.DoubleBuffer[] dv = new java.nio.DoubleBuffer[np];
        java.nio.LongBuffer[] lv = new java.nio.LongBuffer[np];
        boolean doubles = true;
        boolean longs = true;
        for (int p = 0; p < np; p++) {
            nulls[p] = sources[p].nulls();
            DataType t = sources[p].type();
            doubles &= t == DataType.DOUBLE && field.type() == DataType.DOUBLE;
            longs &= (t == DataType.LONG || t == DataType.TIMESTAMP) && t == field.type();
        }
        for (int p = 0; p < np; p++) {
            if (doubles) {
                dv[p] = sources[p].doubles();
            } else if (longs) {
                lv[p] = sources[p].longs();
            }
        }
        for (int i = 0; i < n; i++) {
            int p = part[i];
            int r = row[i];
            if (p < 0 || nulls[p] != null && nulls[p].get(r)) {
                b.appendNull();
            } else if (doubles) {
                b.appendDouble(dv[p].get(r));
            } else if (longs) {
                b.appendLong(lv[p].get(r));
            } else {
                b.appendFrom(sources[p], r);
            }
        }
        return b.build();
    }

    static List<ColumnBuilder> builders(Schema schema, int n) {
        List<ColumnBuilder> out = new ArrayList<>();
        for (Field f : schema) {
            out.add(new ColumnBuilder(f, n));
        }
        return out;
    }

    static Partition build(int index, List<ColumnBuilder> builders) {
        List<Column> cols = new ArrayList<>();
        for (ColumnBuilder b : builders) {
            cols.add(b.build());
        }
        return new Partition(index, cols, cols.get(0).length());
    }

    /**
     * @param valueFields the output value fields
     * @return {@code __row} followed by them, nullable
     */
    static Schema outputSchema(List<Field> valueFields) {
        List<Field> fs = new ArrayList<>();
        fs.add(Field.of(BucketColumns.ROW, DataType.LONG, false));
        for (Field f : valueFields) {
            fs.add(f.withNullable(true));
        }
        return new Schema(fs);
    }
}
