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
    /** For the service loader. */
    public JoinKernels() {
    }

    @Override
    public void registerKernels(KernelRegistry registry) {
        registry.registerMap(AsofMerge.class, AsofMerge::new);
        registry.registerMap(WindowAggregate.class, WindowAggregate::new);
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
         * A counting sort by key id (ids are dense), then a merge sort of each key's rows by (time, feature rows
         * first, created, source order): linear in the rows plus small sorts, instead of one big comparison sort.
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
                if (c != 0) {
                    return c;
                }
                c = Boolean.compare(row[a] >= 0, row[b] >= 0);
                if (c != 0) {
                    return c;
                }
                c = Long.compare(created[a], created[b]);
                return c != 0 ? c : Long.compare(seq[a], seq[b]);
            };
            for (int k = 0; k <= maxKey; k++) {
                if (start[k + 1] - start[k] > 1) {
                    IndexSort.sortRange(out, tmp, start[k], start[k + 1], cmp);
                }
            }
            return out;
        }

        private static long[] longs(Column c, int n) {
            long[] out = new long[n];
            for (int i = 0; i < n; i++) {
                out[i] = c.getLong(i);
            }
            return out;
        }
    }

    /** Point-in-time "as of" merge of a sorted bucket. */
    public static final class AsofMerge implements MapKernel {
        @Override
        public Partition apply(Partition input, KernelParams params, Schema outputSchema) {
            long ttl = params.getLong("ttlMicros");
            SortedBucket s = new SortedBucket(input);
            int n = input.numRows();
            List<ColumnBuilder> out = builders(outputSchema, n);
            List<Column> values = new ArrayList<>();
            for (int c = 1; c < outputSchema.size(); c++) {
                values.add(input.column(outputSchema.field(c).name()));
            }
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
                out.get(0).appendLong(s.row[i]);
                boolean hit = latest >= 0 && (ttl < 0 || s.ts[latest] >= s.ts[i] - ttl);
                for (int c = 0; c < values.size(); c++) {
                    if (hit) {
                        out.get(c + 1).appendFrom(values.get(c), latest);
                    } else {
                        out.get(c + 1).appendNull();
                    }
                }
            }
            return build(input.index(), out);
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
