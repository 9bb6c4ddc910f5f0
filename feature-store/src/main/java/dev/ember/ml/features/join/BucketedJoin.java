package dev.ember.ml.features.join;

import dev.ember.ml.core.InvalidArgumentException;
import dev.ember.ml.core.MlException;
import dev.ember.ml.core.data.Column;
import dev.ember.ml.core.data.ColumnBuilder;
import dev.ember.ml.core.data.DataType;
import dev.ember.ml.core.data.Field;
import dev.ember.ml.core.data.Frame;
import dev.ember.ml.core.data.Partition;
import dev.ember.ml.core.data.Schema;
import dev.ember.ml.core.io.ParquetReader;
import dev.ember.ml.core.io.ParquetWriter;
import dev.ember.ml.core.runtime.AggregateCall;
import dev.ember.ml.core.runtime.AggregateKernel;
import dev.ember.ml.core.runtime.KernelParams;
import dev.ember.ml.core.runtime.PartitionRef;
import dev.ember.ml.core.runtime.ValueCodec;
import dev.ember.ml.core.runtime.ValueCodecs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * The point-in-time join of a bucketed view's materialized rows ({@code rows/date=D/bucket=NNNN/*.parquet}, see
 * {@link KeyHash}) with entity rows, bucket by bucket on the runtime's executors, with no global sort and no
 * scatter of feature rows through the driver.
 *
 * <p>Steps: (1) the driver writes the entity rows (global row, bucket, keys, time) to one staging Parquet file, a
 * row group per bucket in bucket order; (2) that file is read with several row groups per partition, so each
 * partition is a range of buckets, and {@link BucketAsof} folds each: for each of its buckets it reads that
 * bucket's files of the needed days only, keeps the feature rows whose key occurs among the bucket's entity
 * rows, and merges with {@link JoinKernels.AsofMerge} (the same kernel and rules as the unbucketed join); (3) the
 * (row, values) results come back through {@code treeAggregate} and are placed beside the entity rows.
 */
public final class BucketedJoin {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(BucketedJoin.class);
    static final String BUCKET = "__bucket";
    /** The column names of materialized rows (see the materializer). */
    public static final String EVENT_TIMESTAMP = "event_timestamp";
    /** The created-time column of materialized rows, when the source has one. */
    public static final String CREATED_TIMESTAMP = "created_timestamp";
    private static final int MAX_VALUES = 63;

    private BucketedJoin() {
    }

    /**
     * A bucketed view's materialized rows.
     *
     * @param rowsDir the view's {@code rows} directory
     * @param buckets its bucket count
     * @param fromDay the first day to read, or null
     * @param toDay the last day to read, or null
     * @param features the features to join (columns of the rows)
     * @param hasCreated whether the rows have {@code created_timestamp}
     * @param ttlMicros the TTL in microseconds, negative for none
     * @param stagingDir where the entity rows are staged (visible to every executor)
     * @param where what the rows are, for error messages
     */
    public record BucketedRows(Path rowsDir, int buckets, LocalDate fromDay, LocalDate toDay, List<String> features,
                               boolean hasCreated, long ttlMicros, Path stagingDir, String where) {
        /** Copies the list. */
        public BucketedRows {
            features = List.copyOf(features);
            if (features.size() > MAX_VALUES) {
                throw new InvalidArgumentException(where + ": a bucketed join takes at most " + MAX_VALUES
                    + " features of a view at once, found " + features.size());
            }
        }
    }

    /**
     * @param idx the entity index
     * @param rows the bucketed rows
     * @return the joined features per entity row
     */
    public static PointInTimeJoin.Joined asof(PointInTimeJoin.EntityIndex idx, BucketedRows rows) {
        long t0 = System.nanoTime();
        List<String> days = days(rows);
        List<Field> valueFields = valueFields(rows, days);
        Path staging = rows.stagingDir().resolve("entities-" + UUID.randomUUID() + ".parquet");
        try {
            int nonEmpty = stageEntities(idx, rows.buckets(), staging);
            long t1 = System.nanoTime();
            long[] result = new long[0];
            if (nonEmpty > 0) {
                int tasks = Math.max(1, idx.frame.runtime().parallelism() * 2);
                int perTask = (nonEmpty + tasks - 1) / tasks;
                Frame staged = ParquetReader.options().runtime(idx.frame.runtime()).rowGroupsPerPartition(perTask)
                    .read(staging);
                String[] types = valueFields.stream().map(f -> f.type().jsonName()).toArray(String[]::new);
                KernelParams params = KernelParams.builder().put("rowsDir", rows.rowsDir().toString())
                    .put("days", days.toArray(new String[0])).put("buckets", (long) rows.buckets())
                    .put("keys", idx.keyColumns.toArray(new String[0]))
                    .put("features", rows.features().toArray(new String[0])).put("types", types)
                    .put("created", rows.hasCreated()).put("ttlMicros", rows.ttlMicros()).build();
                result = staged.treeAggregate(AggregateCall.of(BucketAsof.class, params), 2);
            }
            PointInTimeJoin.Joined j = decode(idx, result, valueFields);
            LOG.debug("{}: bucketed as-of join of {} entity rows, {} buckets ({} with entity rows), {} days: stage"
                + " {} ms, join {} ms", rows.where(), idx.numRows(), rows.buckets(), nonEmpty, days.size(),
                (t1 - t0) / 1_000_000, (System.nanoTime() - t1) / 1_000_000);
            return j;
        } finally {
            try {
                Files.deleteIfExists(staging);
            } catch (IOException e) {
                LOG.warn("cannot delete the staged entity rows {}: {}", staging, e.getMessage());
            }
        }
    }

    /** The days of {@code date=} directories in range, in order. */
    private static List<String> days(BucketedRows rows) {
        if (!Files.isDirectory(rows.rowsDir())) {
            throw new dev.ember.ml.core.InvalidStateException(rows.where() + ": is bucketed but has no materialized"
                + " rows (no directory " + rows.rowsDir() + "); materialize it first (ember features materialize)"
                + " or join from its source with a store made without an offline layout");
        }
        try (Stream<Path> s = Files.list(rows.rowsDir())) {
            return s.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("date=")).map(n -> n.substring(5))
                .filter(d -> {
                    LocalDate day = LocalDate.parse(d);
                    return (rows.fromDay() == null || !day.isBefore(rows.fromDay()))
                        && (rows.toDay() == null || !day.isAfter(rows.toDay()));
                }).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("listing " + rows.rowsDir() + ": " + e.getMessage(), e);
        }
    }

    /** The value fields, from the first materialized file found (all files of a view version share a schema). */
    private static List<Field> valueFields(BucketedRows rows, List<String> days) {
        for (String d : days) {
            try (Stream<Path> s = Files.walk(rows.rowsDir().resolve("date=" + d))) {
                Path f = s.filter(p -> p.getFileName().toString().endsWith(".parquet")).findFirst().orElse(null);
                if (f == null) {
                    continue;
                }
                Schema schema = ParquetReader.readSchema(f);
                List<Field> out = new ArrayList<>();
                for (String name : rows.features()) {
                    if (!schema.contains(name)) {
                        throw new InvalidArgumentException(rows.where() + ": materialized file " + f
                            + " has no column '" + name + "' (columns: " + schema.names() + ")");
                    }
                    Field fl = schema.field(name);
                    if (fl.type() == DataType.STRING || fl.type() == DataType.VECTOR) {
                        throw new InvalidArgumentException(rows.where() + ": feature '" + name + "' is "
                            + fl.type().jsonName() + "; a bucketed join takes numeric and boolean features");
                    }
                    out.add(fl.withName(valueName(out.size())).withNullable(true));
                }
                return out;
            } catch (IOException e) {
                throw new UncheckedIOException("listing " + rows.rowsDir() + ": " + e.getMessage(), e);
            }
        }
        List<Field> out = new ArrayList<>();
        for (int c = 0; c < rows.features().size(); c++) {
            out.add(Field.of(valueName(c), DataType.DOUBLE, true));
        }
        return out;
    }

    private static String valueName(int c) {
        return "__v" + c;
    }

    /** Writes the entity rows with a key, a row group per non-empty bucket in bucket order; returns their count. */
    private static int stageEntities(PointInTimeJoin.EntityIndex idx, int buckets, Path file) {
        Frame entities = idx.frame;
        Schema keySchema = entities.schema().select(idx.keyColumns);
        List<Field> fields = new ArrayList<>();
        fields.add(Field.of(BucketColumns.ROW, DataType.LONG, false));
        fields.add(Field.of(BUCKET, DataType.LONG, false));
        for (Field f : keySchema) {
            fields.add(f.withNullable(false));
        }
        fields.add(Field.of(BucketColumns.TS, DataType.LONG, false));
        Schema schema = new Schema(fields);
        List<List<ColumnBuilder>> byBucket = new ArrayList<>();
        for (int b = 0; b < buckets; b++) {
            byBucket.add(null);
        }
        for (int p = 0; p < entities.numPartitions(); p++) {
            try (PartitionRef ref = entities.partition(p)) {
                Partition part = ref.partition();
                Column[] kc = KeyIndex.keyColumns(part, idx.keyColumns, "entity frame");
                int base = (int) idx.offsets[p];
                for (int i = 0; i < part.numRows(); i++) {
                    int r = base + i;
                    if (idx.keyId[r] < 0) {
                        continue;
                    }
                    int b = KeyHash.bucket(kc, i, buckets);
                    List<ColumnBuilder> out = byBucket.get(b);
                    if (out == null) {
                        out = JoinKernels.builders(schema, 16);
                        byBucket.set(b, out);
                    }
                    out.get(0).appendLong(r);
                    out.get(1).appendLong(b);
                    for (int k = 0; k < kc.length; k++) {
                        out.get(2 + k).appendFrom(kc[k], i);
                    }
                    out.get(2 + kc.length).appendLong(idx.time[r]);
                }
            }
        }
        List<Partition> parts = new ArrayList<>();
        for (List<ColumnBuilder> out : byBucket) {
            if (out != null) {
                parts.add(JoinKernels.build(parts.size(), out));
            }
        }
        if (parts.isEmpty()) {
            return 0;
        }
        try {
            Files.createDirectories(file.getParent());
        } catch (IOException e) {
            throw new UncheckedIOException("creating " + file.getParent() + ": " + e.getMessage(), e);
        }
        ParquetWriter.write(Frame.of(entities.runtime(), parts), file);
        return parts.size();
    }

    /** Places the (row, null mask, values) records beside the entity rows. */
    private static PointInTimeJoin.Joined decode(PointInTimeJoin.EntityIndex idx, long[] rec, List<Field> fields) {
        int nv = fields.size();
        int width = 2 + nv;
        int m = rec.length / width;
        List<ColumnBuilder> out = new ArrayList<>();
        out.add(new ColumnBuilder(Field.of(BucketColumns.ROW, DataType.LONG, false), m));
        for (Field f : fields) {
            out.add(new ColumnBuilder(f, m));
        }
        int n = idx.numRows();
        int[] locPart = new int[n];
        int[] locRow = new int[n];
        Arrays.fill(locPart, -1);
        for (int k = 0; k < m; k++) {
            int at = k * width;
            int r = (int) rec[at];
            long nulls = rec[at + 1];
            out.get(0).appendLong(r);
            for (int c = 0; c < nv; c++) {
                ColumnBuilder b = out.get(1 + c);
                long v = rec[at + 2 + c];
                if ((nulls >>> c & 1) != 0) {
                    b.appendNull();
                    continue;
                }
                switch (fields.get(c).type()) {
                    case DOUBLE, FLOAT -> b.appendDouble(Double.longBitsToDouble(v));
                    case INT -> b.appendInt((int) v);
                    case BOOLEAN -> b.appendBoolean(v != 0);
                    default -> b.appendLong(v);
                }
            }
            locPart[r] = 0;
            locRow[r] = k;
        }
        Partition p = JoinKernels.build(0, out);
        return new PointInTimeJoin.Joined(fields, List.of(p), locPart, locRow, java.util.Set.of());
    }

    /**
     * Joins the buckets of one partition of staged entity rows with those buckets' materialized rows; the
     * accumulator is the (row, null mask, values) records, concatenated.
     */
    public static final class BucketAsof implements AggregateKernel<long[]> {
        @Override
        public long[] zero(KernelParams params) {
            return new long[0];
        }

        @Override
        public long[] seqOp(long[] acc, Partition part, KernelParams params) {
            Path rowsDir = Path.of(params.getString("rowsDir"));
            String[] days = params.getStringArray("days");
            int buckets = (int) params.getLong("buckets");
            String[] keys = params.getStringArray("keys");
            String[] features = params.getStringArray("features");
            String[] types = params.getStringArray("types");
            boolean created = params.getBoolean("created");
            long ttl = params.getLong("ttlMicros");
            List<Field> vf = new ArrayList<>();
            for (int c = 0; c < features.length; c++) {
                vf.add(Field.of(valueName(c), DataType.fromJsonName(types[c]), true));
            }
            Schema outSchema = JoinKernels.outputSchema(vf);
            Column bucket = part.column(BUCKET);
            int n = part.numRows();
            long[] out = acc;
            int from = 0;
            while (from < n) {
                int b = (int) bucket.getLong(from);
                int to = from;
                while (to < n && bucket.getLong(to) == b) {
                    to++;
                }
                if (b < 0 || b >= buckets) {
                    throw new MlException("staged entity rows: bucket " + b + " out of [0, " + buckets + ")");
                }
                Partition merged = joinBucket(part, from, to, b, rowsDir, days, keys, features, vf, created, ttl,
                    outSchema);
                out = append(out, merged, features.length);
                merged.close();
                from = to;
            }
            return out;
        }

        private static Partition joinBucket(Partition ent, int from, int to, int b, Path rowsDir, String[] days,
                                            String[] keys, String[] features, List<Field> vf, boolean created,
                                            long ttl, Schema outSchema) {
            List<Field> fields = new ArrayList<>();
            fields.add(Field.of(BucketColumns.KEY, DataType.LONG, false));
            fields.add(Field.of(BucketColumns.TS, DataType.LONG, false));
            fields.add(Field.of(BucketColumns.CREATED, DataType.LONG, false));
            fields.add(Field.of(BucketColumns.SEQ, DataType.LONG, false));
            fields.add(Field.of(BucketColumns.ROW, DataType.LONG, false));
            fields.addAll(vf);
            List<ColumnBuilder> bs = JoinKernels.builders(new Schema(fields), Math.max(16, 4 * (to - from)));
            KeyIndex ki = new KeyIndex();
            Column[] ek = KeyIndex.keyColumns(ent, List.of(keys), "staged entity rows");
            Column row = ent.column(BucketColumns.ROW);
            Column ets = ent.column(BucketColumns.TS);
            for (int i = from; i < to; i++) {
                bs.get(0).appendLong(ki.id(ek, i, true));
                bs.get(1).appendLong(ets.getLong(i));
                bs.get(2).appendLong(Long.MIN_VALUE);
                bs.get(3).appendLong(0);
                bs.get(4).appendLong(row.getLong(i));
                for (int c = 0; c < vf.size(); c++) {
                    bs.get(BucketColumns.INTERNAL + c).appendNull();
                }
            }
            List<String> cols = new ArrayList<>(List.of(keys));
            cols.add(EVENT_TIMESTAMP);
            if (created) {
                cols.add(CREATED_TIMESTAMP);
            }
            cols.addAll(List.of(features));
            long seq = 0;
            for (String d : days) {
                Path dir = rowsDir.resolve("date=" + d).resolve(String.format(java.util.Locale.ROOT,
                    "bucket=%04d", b));
                if (!Files.isDirectory(dir)) {
                    continue;
                }
                List<Path> files;
                try (Stream<Path> s = Files.list(dir)) {
                    files = s.filter(p -> p.getFileName().toString().endsWith(".parquet")).sorted().toList();
                } catch (IOException e) {
                    throw new UncheckedIOException("listing " + dir + ": " + e.getMessage(), e);
                }
                for (Path f : files) {
                    Frame rows = ParquetReader.options().rowGroupsPerPartition(Integer.MAX_VALUE).columns(cols)
                        .read(f);
                    for (int p = 0; p < rows.numPartitions(); p++) {
                        try (PartitionRef ref = rows.partition(p)) {
                            Partition fp = ref.partition();
                            seq = appendRows(fp, f, ki, keys, created, features, bs, seq);
                        }
                    }
                }
            }
            Partition bucketRows = JoinKernels.build(b, bs);
            try {
                return new JoinKernels.AsofMerge().apply(bucketRows,
                    KernelParams.builder().put("ttlMicros", ttl).build(), outSchema);
            } finally {
                bucketRows.close();
            }
        }

        private static long appendRows(Partition fp, Path file, KeyIndex ki, String[] keys, boolean created,
                                       String[] features, List<ColumnBuilder> bs, long seq) {
            Column[] kc = KeyIndex.keyColumns(fp, List.of(keys), "materialized rows " + file);
            Column ts = fp.column(EVENT_TIMESTAMP);
            Column cr = created ? fp.column(CREATED_TIMESTAMP) : null;
            Column[] vals = new Column[features.length];
            for (int c = 0; c < vals.length; c++) {
                vals[c] = fp.column(features[c]);
            }
            for (int i = 0; i < fp.numRows(); i++, seq++) {
                int id = ts.isNull(i) ? -1 : ki.id(kc, i, false);
                if (id < 0) {
                    continue;
                }
                bs.get(0).appendLong(id);
                bs.get(1).appendLong(ts.getLong(i));
                bs.get(2).appendLong(cr == null || cr.isNull(i) ? Long.MIN_VALUE : cr.getLong(i));
                bs.get(3).appendLong(seq);
                bs.get(4).appendLong(-1);
                for (int c = 0; c < vals.length; c++) {
                    bs.get(BucketColumns.INTERNAL + c).appendFrom(vals[c], i);
                }
            }
            return seq;
        }

        private static long[] append(long[] acc, Partition merged, int nv) {
            int m = merged.numRows();
            int width = 2 + nv;
            long[] out = Arrays.copyOf(acc, acc.length + m * width);
            Column row = merged.column(BucketColumns.ROW);
            Column[] vals = new Column[nv];
            for (int c = 0; c < nv; c++) {
                vals[c] = merged.column(valueName(c));
            }
            int at = acc.length;
            for (int i = 0; i < m; i++) {
                out[at] = row.getLong(i);
                long nulls = 0;
                for (int c = 0; c < nv; c++) {
                    Column v = vals[c];
                    long bits = 0;
                    if (v.isNull(i)) {
                        nulls |= 1L << c;
                    } else {
                        bits = switch (v.type()) {
                            case DOUBLE, FLOAT -> Double.doubleToRawLongBits(v.getDouble(i));
                            case BOOLEAN -> v.getBoolean(i) ? 1 : 0;
                            default -> v.getLong(i);
                        };
                    }
                    out[at + 2 + c] = bits;
                }
                out[at + 1] = nulls;
                at += width;
            }
            return out;
        }

        @Override
        public long[] combOp(long[] left, long[] right) {
            long[] out = Arrays.copyOf(left, left.length + right.length);
            System.arraycopy(right, 0, out, left.length, right.length);
            return out;
        }

        @Override
        public ValueCodec<long[]> codec() {
            return ValueCodecs.LONG_ARRAY;
        }
    }
}
