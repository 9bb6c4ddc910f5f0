package dev.ember.ml.features.join;

import dev.ember.ml.core.InvalidArgumentException;
import dev.ember.ml.core.data.Column;
import dev.ember.ml.core.data.ColumnBuilder;
import dev.ember.ml.core.data.DataType;
import dev.ember.ml.core.data.Field;
import dev.ember.ml.core.data.Frame;
import dev.ember.ml.core.data.Partition;
import dev.ember.ml.core.data.Schema;
import dev.ember.ml.core.runtime.KernelParams;
import dev.ember.ml.core.runtime.MapCall;
import dev.ember.ml.core.runtime.PartitionRef;
import dev.ember.ml.features.Aggregation;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Point-in-time joins of an entity frame (keys k, time t per row) with feature rows, computed per key-hash bucket
 * by {@link JoinKernels} on the frame's runtime.
 *
 * <p>Steps: (1) index the entity rows' keys ({@link KeyIndex}) and times; (2) scatter entity rows and the feature
 * rows whose key occurs among them into buckets by key hash (a semi-join: feature rows of other keys are
 * dropped); (3) map each bucket with a kernel that sorts it by (key, time) and merges; (4) place the results
 * back beside the entity rows, in the entity frame's partitions and order.
 */
public final class PointInTimeJoin {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(PointInTimeJoin.class);

    private PointInTimeJoin() {
    }

    /**
     * Feature rows: a frame with key columns, an event-time column, an optional created-time column, and values.
     *
     * @param rows the frame
     * @param keyColumns the key columns, in the entity's order
     * @param timeColumn the event-time column ({@code timestamp} or {@code long} micros)
     * @param createdColumn the created-time column, or null
     * @param valueColumns the value columns to join
     * @param where what the rows are, for error messages (e.g. {@code "feature view 'x'"})
     */
    public record FeatureRows(Frame rows, List<String> keyColumns, String timeColumn, String createdColumn,
                              List<String> valueColumns, String where) {
        /** Checks the columns. */
        public FeatureRows {
            Objects.requireNonNull(rows, "rows");
            keyColumns = List.copyOf(keyColumns);
            valueColumns = List.copyOf(valueColumns);
        }
    }

    /** One windowed output: which input (index into the value columns), function and window. */
    public record WindowOutput(String name, int input, Aggregation function, long windowMicros, long hopMicros) {
    }

    /** The entity rows, indexed: key id and time per global row, and the frame's partition offsets. */
    public static final class EntityIndex {
        final KeyIndex keys;
        final int[] keyId;
        final long[] time;
        final long[] offsets;
        final Frame frame;
        final List<String> keyColumns;

        private EntityIndex(Frame frame, List<String> keyColumns, KeyIndex keys, int[] keyId, long[] time,
                            long[] offsets) {
            this.keys = keys;
            this.frame = frame;
            this.keyColumns = keyColumns;
            this.keyId = keyId;
            this.time = time;
            this.offsets = offsets;
        }

        /** @return the number of entity rows */
        public int numRows() {
            return keyId.length;
        }

        /** @return the number of distinct keys */
        public int numKeys() {
            return keys.size();
        }

        /** @return the smallest and largest time of rows with a key, or null if there are none */
        public long[] timeRange() {
            long lo = Long.MAX_VALUE;
            long hi = Long.MIN_VALUE;
            for (int i = 0; i < keyId.length; i++) {
                if (keyId[i] >= 0) {
                    lo = Math.min(lo, time[i]);
                    hi = Math.max(hi, time[i]);
                }
            }
            return lo > hi ? null : new long[] {lo, hi};
        }
    }

    /**
     * @param entities the entity frame
     * @param keyColumns its key columns
     * @param timeColumn its time column ({@code timestamp} or {@code long} micros)
     * @return the index; rows with a null key or time get no features
     */
    public static EntityIndex index(Frame entities, List<String> keyColumns, String timeColumn) {
        long t0 = System.nanoTime();
        Field tf = entities.schema().contains(timeColumn) ? entities.schema().field(timeColumn) : null;
        if (tf == null || tf.type() != DataType.TIMESTAMP && tf.type() != DataType.LONG) {
            throw new InvalidArgumentException("entity frame: found " + (tf == null ? "no column '" + timeColumn
                + "'" : "column '" + timeColumn + "' of type " + tf.type().jsonName()) + ", expected a timestamp"
                + " column '" + timeColumn + "' (columns: " + entities.schema().names() + ")");
        }
        int parts = entities.numPartitions();
        long[] offsets = new long[parts + 1];
        List<int[]> ids = new ArrayList<>();
        List<long[]> times = new ArrayList<>();
        KeyIndex keys = new KeyIndex();
        for (int p = 0; p < parts; p++) {
            try (PartitionRef ref = entities.partition(p)) {
                Partition part = ref.partition();
                Column[] kc = KeyIndex.keyColumns(part, keyColumns, "entity frame");
                Column t = part.column(timeColumn);
                int n = part.numRows();
                int[] id = new int[n];
                long[] tm = new long[n];
                for (int i = 0; i < n; i++) {
                    id[i] = t.isNull(i) ? -1 : keys.id(kc, i, true);
                    tm[i] = t.isNull(i) ? Long.MIN_VALUE : t.getLong(i);
                }
                ids.add(id);
                times.add(tm);
                offsets[p + 1] = offsets[p] + n;
            }
        }
        int total = Math.toIntExact(offsets[parts]);
        int[] keyId = new int[total];
        long[] time = new long[total];
        for (int p = 0; p < parts; p++) {
            System.arraycopy(ids.get(p), 0, keyId, (int) offsets[p], ids.get(p).length);
            System.arraycopy(times.get(p), 0, time, (int) offsets[p], times.get(p).length);
        }
        LOG.debug("indexed {} entity rows, {} keys in {} ms", total, keys.size(), (System.nanoTime() - t0) / 1_000_000);
        return new EntityIndex(entities, List.copyOf(keyColumns), keys, keyId, time, offsets);
    }

    /**
     * @param idx the entity index
     * @param features the feature rows
     * @param ttlMicros the TTL in microseconds, or negative for none
     * @param buckets the number of buckets (partitions of the join)
     * @return the joined value columns per entity row
     */
    public static Joined asof(EntityIndex idx, FeatureRows features, long ttlMicros, int buckets) {
        long t0 = System.nanoTime();
        try (HeldSource source = new HeldSource()) {
            // buckets carry no values: the kernel finds each entity row's match by source order, and only the
            // matched rows' values are then read from the source, straight into columns in entity order
            Frame bucketed = scatter(idx, features, buckets, false, source);
            long t1 = System.nanoTime();
            Schema out = new Schema(List.of(Field.of(BucketColumns.ROW, DataType.LONG, false),
                Field.of(JoinKernels.MATCH, DataType.LONG, false)));
            Frame merged = bucketed.mapPartitions(MapCall.of(JoinKernels.AsofMatch.class,
                KernelParams.builder().put("ttlMicros", ttlMicros).build()), out);
            int n = idx.numRows();
            // each matched entity row as (source order << rowBits | entity row), sorted: the values are then read
            // in one forward sweep over each source column instead of at random
            int rowBits = 32 - Integer.numberOfLeadingZeros(Math.max(1, n - 1));
            long[] bySource = new long[n];
            int matched = 0;
            merged.cacheNow();
            try {
                for (int b = 0; b < merged.numPartitions(); b++) {
                    try (PartitionRef ref = merged.partition(b)) {
                        Partition p = ref.partition();
                        java.nio.LongBuffer row = p.column(BucketColumns.ROW).longs();
                        java.nio.LongBuffer match = p.column(JoinKernels.MATCH).longs();
                        for (int i = 0; i < p.numRows(); i++) {
                            long m = match.get(i);
                            if (m >= 0) {
                                bySource[matched++] = m << rowBits | row.get(i);
                            }
                        }
                    }
                }
            } finally {
                release(merged);
            }
            if (source.seqBase[source.seqBase.length - 1] >= 1L << (63 - rowBits)) {
                throw new dev.ember.ml.core.MlException(features.where() + ": too many feature rows ("
                    + source.seqBase[source.seqBase.length - 1] + ") to join " + n + " entity rows");
            }
            java.util.Arrays.sort(bySource, 0, matched);
            long t2 = System.nanoTime();
            List<Field> fields = new ArrayList<>();
            int nc = features.valueColumns().size();
            Column[] gathered = new Column[nc];
            int threads = Math.max(1, Math.min(idx.frame.runtime().parallelism(), nc));
            java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(threads,
                r -> {
                    Thread t = new Thread(r, "ember-features-gather");
                    t.setDaemon(true);
                    return t;
                });
            try {  // the value columns, one task each
                List<java.util.concurrent.Future<?>> fs = new ArrayList<>();
                for (int c = 0; c < nc; c++) {
                    String name = features.valueColumns().get(c);
                    Field f = features.rows().schema().field(name).withName(valueName(c)).withNullable(true);
                    fields.add(f);
                    Column[] from = new Column[source.refs.length];
                    for (int p = 0; p < from.length; p++) {
                        from[p] = source.partition(p).column(name);
                    }
                    int cc = c;
                    int mm = matched;
                    fs.add(pool.submit(() -> {
                        gathered[cc] = MatchedGather.gather(from, f, source.seqBase, bySource, mm, rowBits, n);
                    }));
                }
                await(fs);
            } catch (RuntimeException e) {
                for (Column c : gathered) {
                    if (c != null) {
                        c.release();
                    }
                }
                throw e;
            } finally {
                pool.shutdownNow();
            }
            List<Column> cols = java.util.Arrays.asList(gathered);
            int[] locPart = new int[n];
            int[] locRow = new int[n];
            for (int r = 0; r < n; r++) {
                locRow[r] = r;
            }
            Joined j = new Joined(fields, List.of(new Partition(0, cols, n)), locPart, locRow, java.util.Set.of());
            LOG.debug("{}: as-of join of {} entity rows in {} buckets: scatter {} ms, merge {} ms, gather {} ms",
                features.where(), idx.numRows(), buckets, (t1 - t0) / 1_000_000, (t2 - t1) / 1_000_000,
                (System.nanoTime() - t2) / 1_000_000);
            return j;
        }
    }

    /** Drops a kernel output from the cache and frees the buckets it was computed from. */
    private static void release(Frame merged) {
        merged.unpersist();
        for (dev.ember.ml.core.runtime.PartitionSource parent : merged.source().parents()) {
            if (parent instanceof dev.ember.ml.core.runtime.InMemorySource in) {
                in.close();
            }
        }
    }

    /**
     * @param idx the entity index
     * @param features the feature rows; value columns are the numeric aggregation inputs
     * @param outputs the windowed outputs, grouped by (input, window)
     * @param buckets the number of buckets
     * @return the aggregate columns per entity row ({@code long} counts, {@code double} others)
     */
    public static Joined windows(EntityIndex idx, FeatureRows features, List<WindowOutput> outputs, int buckets) {
        long t0 = System.nanoTime();
        Frame bucketed = scatter(idx, features, buckets, true, null);
        long t1 = System.nanoTime();
        List<Field> vf = new ArrayList<>();
        int n = outputs.size();
        long[] inputs = new long[n];
        long[] functions = new long[n];
        long[] windows = new long[n];
        long[] hops = new long[n];
        for (int i = 0; i < n; i++) {
            WindowOutput o = outputs.get(i);
            vf.add(Field.of(o.name(), o.function() == Aggregation.COUNT ? DataType.LONG : DataType.DOUBLE, true));
            inputs[i] = o.input();
            functions[i] = o.function().ordinal();
            windows[i] = o.windowMicros();
            hops[i] = o.hopMicros();
        }
        Schema out = JoinKernels.outputSchema(vf);
        Frame merged = bucketed.mapPartitions(MapCall.of(JoinKernels.WindowAggregate.class,
            KernelParams.builder().put("inputs", inputs).put("functions", functions).put("windows", windows)
                .put("hops", hops).put("numInputs", (long) features.valueColumns().size()).build()), out);
        java.util.Set<String> counts = new java.util.HashSet<>();
        for (WindowOutput o : outputs) {
            if (o.function() == Aggregation.COUNT) {
                counts.add(o.name());
            }
        }
        Joined j = collect(idx, merged, out, counts);
        LOG.debug("{}: {} windowed outputs at {} entity rows in {} buckets: scatter {} ms, aggregate {} ms",
            features.where(), outputs.size(), idx.numRows(), buckets, (t1 - t0) / 1_000_000,
            (System.nanoTime() - t1) / 1_000_000);
        return j;
    }

    private static String valueName(int c) {
        return "__v" + c;
    }

    /**
     * The source partitions a scatter without values keeps open, so that only the matched rows' values are read
     * from them afterwards (by source order, {@link BucketColumns#SEQ}); closing releases them.
     */
    private static final class HeldSource implements AutoCloseable {
        private PartitionRef[] refs = new PartitionRef[0];
        private long[] seqBase = new long[1];
        private Frame rows;
        private boolean cachedHere;

        Partition partition(int p) {
            return refs[p].partition();
        }

        @Override
        public void close() {
            for (PartitionRef r : refs) {
                if (r != null) {
                    r.close();
                }
            }
            refs = new PartitionRef[0];
            if (cachedHere) {
                rows.unpersist();
                cachedHere = false;
            }
        }
    }

    private static Frame scatter(EntityIndex idx, FeatureRows fr, int buckets, boolean valuesAsDouble,
                                 HeldSource held) {
        Schema src = fr.rows().schema();
        List<Field> fields = new ArrayList<>();
        fields.add(Field.of(BucketColumns.KEY, DataType.LONG, false));
        fields.add(Field.of(BucketColumns.TS, DataType.LONG, false));
        fields.add(Field.of(BucketColumns.CREATED, DataType.LONG, false));
        fields.add(Field.of(BucketColumns.SEQ, DataType.LONG, false));
        fields.add(Field.of(BucketColumns.ROW, DataType.LONG, false));
        for (int c = 0; held == null && c < fr.valueColumns().size(); c++) {
            String v = fr.valueColumns().get(c);
            Field f = src.field(v);
            if (valuesAsDouble && !f.type().isNumeric()) {
                throw new InvalidArgumentException(fr.where() + ": aggregation input '" + v + "' is "
                    + f.type().jsonName() + ", expected a number");
            }
            fields.add(valuesAsDouble ? Field.of(valueName(c), DataType.DOUBLE, true)
                : f.withName(valueName(c)).withNullable(true));
        }
        Schema schema = new Schema(fields);
        int nv = fr.valueColumns().size();
        int[][] entityRows = entityRowsByBucket(idx, buckets);
        int[] bucketOfKey = new int[idx.numKeys()];  // key ids are dense: one lookup instead of a hash and a modulo
        for (int k = 0; k < bucketOfKey.length; k++) {
            bucketOfKey[k] = KeyIndex.bucket(k, buckets);
        }
        Frame rows = fr.rows();
        boolean cachedHere = !rows.isCached() && rows.numPartitions() > 1;
        if (cachedHere) {
            rows.cacheNow();  // decode and evaluate the source's partitions in parallel on the runtime
        }
        int np = rows.numPartitions();
        PartitionRef[] refs = new PartitionRef[np];
        int[][] keyIds = new int[np][];
        int[][][] byBucket = new int[np][][];
        int threads = Math.max(1, Math.min(idx.frame.runtime().parallelism(), Math.max(np, buckets)));
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "ember-features-scatter");
            t.setDaemon(true);
            return t;
        });
        try {
            // 1. per source partition, in parallel: each row's key id and the rows of each bucket
            List<java.util.concurrent.Future<?>> fs = new ArrayList<>();
            for (int p = 0; p < np; p++) {
                int pp = p;
                fs.add(pool.submit(() -> {
                    refs[pp] = rows.partition(pp);
                    Partition part = refs[pp].partition();
                    Column[] kc = KeyIndex.keyColumns(part, fr.keyColumns(), fr.where());
                    Column ts = part.column(fr.timeColumn());
                    int n = part.numRows();
                    int[] ids = new int[n];
                    int[] counts = new int[buckets];
                    if (kc.length == 1 && kc[0].type() != DataType.STRING) {
                        idx.keys.longIds(kc[0], ts, ids);
                    } else {
                        for (int i = 0; i < n; i++) {
                            ids[i] = ts.isNull(i) ? -1 : idx.keys.id(kc, i, false);
                        }
                    }
                    for (int i = 0; i < n; i++) {
                        if (ids[i] >= 0) {
                            counts[bucketOfKey[ids[i]]]++;
                        }
                    }
                    int[][] lists = new int[buckets][];
                    for (int b = 0; b < buckets; b++) {
                        lists[b] = new int[counts[b]];
                        counts[b] = 0;
                    }
                    for (int i = 0; i < n; i++) {
                        if (ids[i] >= 0) {
                            int b = bucketOfKey[ids[i]];
                            lists[b][counts[b]++] = i;
                        }
                    }
                    keyIds[pp] = ids;
                    byBucket[pp] = lists;
                }));
            }
            await(fs);
            long[] seqBase = new long[np + 1];
            for (int p = 0; p < np; p++) {
                seqBase[p + 1] = seqBase[p] + keyIds[p].length;
            }
            // 2. per bucket, in parallel: its entity rows, then its feature rows in source order
            Partition[] parts = new Partition[buckets];
            fs.clear();
            for (int b = 0; b < buckets; b++) {
                int bb = b;
                fs.add(pool.submit(() -> {
                    Partition[] sources = new Partition[np];
                    int[][] rowsOfBucket = new int[np][];
                    for (int p = 0; p < np; p++) {
                        sources[p] = refs[p].partition();
                        rowsOfBucket[p] = byBucket[p][bb];
                    }
                    parts[bb] = BucketBuilder.build(bb, schema, entityRows[bb], idx.keyId, idx.time, sources, fr,
                        keyIds, rowsOfBucket, seqBase, valuesAsDouble, held == null);
                }));
            }
            await(fs);
            if (held != null) {  // hand the source over: the caller reads the matched rows' values from it
                held.refs = refs.clone();
                held.seqBase = seqBase;
                held.rows = rows;
                held.cachedHere = cachedHere;
                java.util.Arrays.fill(refs, null);
                cachedHere = false;
            }
            return Frame.of(idx.frame.runtime(), java.util.Arrays.asList(parts));
        } finally {
            pool.shutdownNow();
            for (PartitionRef r : refs) {
                if (r != null) {
                    r.close();
                }
            }
            if (cachedHere) {
                rows.unpersist();
            }
        }
    }

    private static int[][] entityRowsByBucket(EntityIndex idx, int buckets) {
        int[] counts = new int[buckets];
        for (int id : idx.keyId) {
            if (id >= 0) {
                counts[KeyIndex.bucket(id, buckets)]++;
            }
        }
        int[][] out = new int[buckets][];
        for (int b = 0; b < buckets; b++) {
            out[b] = new int[counts[b]];
            counts[b] = 0;
        }
        for (int r = 0; r < idx.keyId.length; r++) {
            int id = idx.keyId[r];
            if (id >= 0) {
                int b = KeyIndex.bucket(id, buckets);
                out[b][counts[b]++] = r;
            }
        }
        return out;
    }

    /** Waits for every task (so none still runs when the caller cleans up), then rethrows the first failure. */
    private static void await(List<java.util.concurrent.Future<?>> fs) {
        RuntimeException first = null;
        for (java.util.concurrent.Future<?> f : fs) {
            try {
                f.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                first = first != null ? first
                    : new dev.ember.ml.core.MlException("interrupted while scattering join buckets", e);
            } catch (java.util.concurrent.ExecutionException e) {
                first = first != null ? first : e.getCause() instanceof RuntimeException re ? re
                    : new dev.ember.ml.core.MlException("scattering join buckets: " + e.getCause(), e.getCause());
            }
        }
        if (first != null) {
            throw first;
        }
    }

    private static Joined collect(EntityIndex idx, Frame merged, Schema out, java.util.Set<String> zeroIfMissing) {
        merged.cacheNow();  // run the bucket kernels in parallel on the runtime, then read their outputs
        try {
            return collectCached(idx, merged, out, zeroIfMissing);
        } finally {
            merged.unpersist();
            // the buckets were built here: free them now rather than when the GC finds them
            for (dev.ember.ml.core.runtime.PartitionSource parent : merged.source().parents()) {
                if (parent instanceof dev.ember.ml.core.runtime.InMemorySource in) {
                    in.close();
                }
            }
        }
    }

    private static Joined collectCached(EntityIndex idx, Frame merged, Schema out,
                                        java.util.Set<String> zeroIfMissing) {
        int n = idx.numRows();
        int[] locPart = new int[n];
        int[] locRow = new int[n];
        java.util.Arrays.fill(locPart, -1);
        List<Partition> outs = new ArrayList<>();
        for (int b = 0; b < merged.numPartitions(); b++) {
            try (PartitionRef ref = merged.partition(b)) {
                Partition p = ref.partition();
                Partition kept = p.select(out.names());
                outs.add(kept);
                Column row = kept.column(BucketColumns.ROW);
                for (int i = 0; i < kept.numRows(); i++) {
                    int r = (int) row.getLong(i);
                    locPart[r] = b;
                    locRow[r] = i;
                }
            }
        }
        List<Field> values = out.fields().subList(1, out.size());
        return new Joined(values, outs, locPart, locRow, zeroIfMissing);
    }

    /** Value columns for each entity row, held in the kernel outputs and located by row. */
    public static final class Joined implements AutoCloseable {
        private final List<Field> fields;
        private final List<Partition> outputs;
        private final int[] locPart;
        private final int[] locRow;

        private final java.util.Set<String> zeroIfMissing;

        Joined(List<Field> fields, List<Partition> outputs, int[] locPart, int[] locRow,
               java.util.Set<String> zeroIfMissing) {
            this.zeroIfMissing = zeroIfMissing;
            this.fields = List.copyOf(fields);
            this.outputs = outputs;
            this.locPart = locPart;
            this.locRow = locRow;
        }

        /** @return the value fields */
        public List<Field> fields() {
            return fields;
        }

        /**
         * @param field one of {@link #fields()}
         * @param renamed the output column's name
         * @param from the first global entity row
         * @param to one past the last
         * @return the column of those rows
         */
        public Column column(Field field, String renamed, int from, int to) {
            ColumnBuilder b = new ColumnBuilder(field.withName(renamed), to - from);
            boolean zero = zeroIfMissing.contains(field.name());
            Column[] src = new Column[outputs.size()];
            for (int p = 0; p < src.length; p++) {
                src[p] = outputs.get(p).column(field.name());
            }
            DataType t = field.type();
            if (t == DataType.DOUBLE || t == DataType.LONG || t == DataType.TIMESTAMP) {
                typed(b, src, t == DataType.DOUBLE, zero, from, to);
                return b.build();
            }
            for (int r = from; r < to; r++) {
                int p = locPart[r];
                if (p < 0) {
                    if (zero) {
                        b.appendLong(0);
                    } else {
                        b.appendNull();
                    }
                    continue;
                }
                Column c = src[p];
                int i = locRow[r];
                if (c.isNull(i)) {
                    b.appendNull();
                } else {
                    b.appendFrom(c, i);
                }
            }
            return b.build();
        }

        /** A double or long column gathered through the outputs' buffers. */
        private void typed(ColumnBuilder b, Column[] src, boolean doubles, boolean zero, int from, int to) {
            java.nio.DoubleBuffer[] dv = new java.nio.DoubleBuffer[src.length];
            java.nio.LongBuffer[] lv = new java.nio.LongBuffer[src.length];
            java.util.BitSet[] nulls = new java.util.BitSet[src.length];
            for (int p = 0; p < src.length; p++) {
                if (doubles) {
                    dv[p] = src[p].doubles();
                } else {
                    lv[p] = src[p].longs();
                }
                nulls[p] = src[p].nulls();
            }
            for (int r = from; r < to; r++) {
                int p = locPart[r];
                if (p < 0) {
                    if (zero) {
                        b.appendLong(0);
                    } else {
                        b.appendNull();
                    }
                    continue;
                }
                int i = locRow[r];
                if (nulls[p] != null && nulls[p].get(i)) {
                    b.appendNull();
                } else if (doubles) {
                    b.appendDouble(dv[p].get(i));
                } else {
                    b.appendLong(lv[p].get(i));
                }
            }
        }

        @Override
        public void close() {
            outputs.forEach(Partition::close);
        }
    }

    /**
     * Places joined columns beside the entity rows, keeping the entity frame's partitions and row order.
     *
     * @param idx the entity index
     * @param joined the joined value sets
     * @param names per joined set, the output names of its fields
     * @return the training frame
     */
    public static Frame attach(EntityIndex idx, List<Joined> joined, List<List<String>> names) {
        Frame entities = idx.frame;
        long t0 = System.nanoTime();
        List<Partition> parts = new ArrayList<>();
        for (int p = 0; p < entities.numPartitions(); p++) {
            try (PartitionRef ref = entities.partition(p)) {
                Partition part = ref.partition();
                int from = (int) idx.offsets[p];
                int to = (int) idx.offsets[p + 1];
                List<Column> cols = new ArrayList<>();
                for (int j = 0; j < joined.size(); j++) {
                    Joined jn = joined.get(j);
                    for (int f = 0; f < jn.fields().size(); f++) {
                        cols.add(jn.column(jn.fields().get(f), names.get(j).get(f), from, to));
                    }
                }
                parts.add(part.withColumns(cols));
            }
        }
        LOG.debug("attached {} joined sets to {} entity rows in {} ms", joined.size(), idx.numRows(),
            (System.nanoTime() - t0) / 1_000_000);
        return Frame.of(entities.runtime(), parts);
    }
}
