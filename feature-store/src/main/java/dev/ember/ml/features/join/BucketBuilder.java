package dev.ember.ml.features.join;

import dev.ember.ml.core.data.Column;
import dev.ember.ml.core.data.ColumnBuilder;
import dev.ember.ml.core.data.DataType;
import dev.ember.ml.core.data.Partition;
import dev.ember.ml.core.data.Schema;

import java.nio.DoubleBuffer;
import java.nio.LongBuffer;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

/**
 * Builds one join bucket ({@link BucketColumns} layout): its entity rows, then its feature rows in source order.
 * The internal columns, and value columns without nulls, are written straight into off-heap columns of the
 * bucket's final size (no on-heap builder and copy); value columns with nulls go through a {@link ColumnBuilder}.
 */
final class BucketBuilder {
    private BucketBuilder() {
    }

    /**
     * @param index the bucket's partition index
     * @param schema the bucket schema
     * @param entityRows the global entity rows of the bucket
     * @param keyId the entity rows' key ids
     * @param time the entity rows' times
     * @param sources the feature rows' partitions
     * @param fr the feature rows' description
     * @param keyIds per source partition, each row's key id
     * @param rowsOfBucket per source partition, its rows in this bucket
     * @param seqBase per source partition, the source order of its first row
     * @param valuesAsDouble whether value columns are read as doubles
     * @param withValues whether the bucket carries the value columns (else only the internal ones)
     * @return the bucket
     */
    static Partition build(int index, Schema schema, int[] entityRows, int[] keyId, long[] time,
                           Partition[] sources, PointInTimeJoin.FeatureRows fr, int[][] keyIds, int[][] rowsOfBucket,
                           long[] seqBase, boolean valuesAsDouble, boolean withValues) {
        int size = entityRows.length;
        for (int[] r : rowsOfBucket) {
            size += r.length;
        }
        List<Column> cols = new ArrayList<>();
        for (int c = 0; c < BucketColumns.INTERNAL; c++) {
            cols.add(Column.allocate(schema.field(c), size));
        }
        LongBuffer key = cols.get(0).longs();
        LongBuffer ts = cols.get(1).longs();
        LongBuffer created = cols.get(2).longs();
        LongBuffer seq = cols.get(3).longs();
        LongBuffer row = cols.get(4).longs();
        int at = 0;
        for (int r : entityRows) {
            key.put(at, keyId[r]);
            ts.put(at, time[r]);
            created.put(at, Long.MIN_VALUE);
            seq.put(at, 0);
            row.put(at, r);
            at++;
        }
        for (int p = 0; p < sources.length; p++) {
            Partition part = sources[p];
            Column t = part.column(fr.timeColumn());
            Column cr = fr.createdColumn() == null ? null : part.column(fr.createdColumn());
            boolean tl = isLongs(t);
            LongBuffer tv = tl ? t.longs() : null;
            boolean cl = cr != null && isLongs(cr);
            LongBuffer cv = cl ? cr.longs() : null;
            BitSet cn = cr == null ? null : cr.nulls();
            int[] ids = keyIds[p];
            long base = seqBase[p];
            for (int i : rowsOfBucket[p]) {
                key.put(at, ids[i]);
                ts.put(at, tl ? tv.get(i) : t.getLong(i));
                created.put(at, cr == null || cn != null && cn.get(i) ? Long.MIN_VALUE
                    : cl ? cv.get(i) : cr.getLong(i));
                seq.put(at, base + i);
                row.put(at, -1);
                at++;
            }
        }
        for (int c = 0; withValues && c < fr.valueColumns().size(); c++) {
            cols.add(values(schema, c, size, entityRows.length, sources, fr.valueColumns().get(c), rowsOfBucket,
                valuesAsDouble));
        }
        return new Partition(index, cols, size);
    }

    private static boolean isLongs(Column c) {
        return c.type() == DataType.LONG || c.type() == DataType.TIMESTAMP;
    }

    private static Column values(Schema schema, int c, int size, int entities, Partition[] sources, String name,
                                 int[][] rowsOfBucket, boolean valuesAsDouble) {
        var field = schema.field(BucketColumns.INTERNAL + c);
        boolean direct = field.type() == DataType.DOUBLE;
        for (Partition part : sources) {
            Column v = part.column(name);
            direct &= v.type() == DataType.DOUBLE && v.nulls() == null;
        }
        if (direct) {  // entity rows' slots are never read: left zero
            Column out = Column.allocate(field, size);
            DoubleBuffer o = out.doubles();
            int at = 0;
            for (; at < entities; at++) {
                o.put(at, 0);
            }
            for (int p = 0; p < sources.length; p++) {
                DoubleBuffer v = sources[p].column(name).doubles();
                for (int i : rowsOfBucket[p]) {
                    o.put(at++, v.get(i));
                }
            }
            return out;
        }
        ColumnBuilder b = new ColumnBuilder(field, Math.max(16, size));
        for (int e = 0; e < entities; e++) {
            switch (field.type()) {
                case DOUBLE -> b.appendDouble(0);
                case LONG, TIMESTAMP -> b.appendLong(0);
                default -> b.appendNull();
            }
        }
        for (int p = 0; p < sources.length; p++) {
            Column v = sources[p].column(name);
            for (int i : rowsOfBucket[p]) {
                if (v.isNull(i)) {
                    b.appendNull();
                } else if (valuesAsDouble || v.type() == DataType.DOUBLE) {
                    b.appendDouble(v.getDouble(i));
                } else {
                    b.appendFrom(v, i);
                }
            }
        }
        return b.build();
    }
}
