package dev.ember.ml.features.join;

import dev.ember.ml.core.data.Column;
import dev.ember.ml.core.data.ColumnBuilder;
import dev.ember.ml.core.data.DataType;
import dev.ember.ml.core.data.Field;
import org.nd4j.linalg.factory.Nd4j;

import java.nio.DoubleBuffer;
import java.nio.LongBuffer;
import java.util.BitSet;

/**
 * Reads the matched feature rows' values of one column into a column in entity order. The matches come sorted by
 * source order, so each source column is read in one forward sweep (sequential, prefetched) and only the writes
 * into the (smaller) entity-order column land at random.
 */
final class MatchedGather {
    static {
        dev.ember.ml.core.runtime.NativeDefaults.apply();   // before ND4J loads its native libraries
    }

    private MatchedGather() {
    }

    /**
     * @param sources the source partitions' columns
     * @param field the output field (nullable)
     * @param seqBase per source partition, the source order of its first row (and the total at the end)
     * @param bySource {@code sourceOrder << rowBits | entityRow} of each matched entity row, ascending
     * @param matched the number of matches in {@code bySource}
     * @param rowBits the bits of the entity row
     * @param n the number of entity rows
     * @return the column: the matched value per entity row, null where none matched or the value is null
     */
    static Column gather(Column[] sources, Field field, long[] seqBase, long[] bySource, int matched, int rowBits,
                         int n) {
        int np = sources.length;
        boolean doubles = field.type() == DataType.DOUBLE;
        boolean longs = field.type() == DataType.LONG || field.type() == DataType.TIMESTAMP;
        BitSet[] srcNulls = new BitSet[np];
        for (int p = 0; p < np; p++) {
            doubles &= sources[p].type() == DataType.DOUBLE;
            longs &= sources[p].type() == field.type();
            srcNulls[p] = sources[p].nullCount() == 0 ? null : sources[p].nulls();
        }
        long rowMask = (1L << rowBits) - 1;
        BitSet nulls = new BitSet(n);
        nulls.set(0, n);
        if (doubles || longs) {
            double[] dv = doubles ? new double[n] : null;
            long[] lv = longs ? new long[n] : null;
            int p = 0;
            DoubleBuffer ds = null;
            LongBuffer ls = null;
            long limit = -1;
            for (int k = 0; k < matched; k++) {
                long seq = bySource[k] >>> rowBits;
                int row = (int) (bySource[k] & rowMask);
                if (seq >= limit) {
                    p = locate(seqBase, seq, p);
                    limit = seqBase[p + 1];
                    ds = doubles ? sources[p].doubles() : null;
                    ls = longs ? sources[p].longs() : null;
                }
                int r = (int) (seq - seqBase[p]);
                if (srcNulls[p] != null && srcNulls[p].get(r)) {
                    continue;
                }
                nulls.clear(row);
                if (doubles) {
                    dv[row] = ds.get(r);
                } else {
                    lv[row] = ls.get(r);
                }
            }
            return Column.wrap(field, doubles ? Nd4j.createFromArray(dv) : Nd4j.createFromArray(lv), nulls);
        }
        int[] part = new int[n];
        int[] row = new int[n];
        java.util.Arrays.fill(part, -1);
        int p = 0;
        for (int k = 0; k < matched; k++) {
            long seq = bySource[k] >>> rowBits;
            int e = (int) (bySource[k] & rowMask);
            p = locate(seqBase, seq, p);
            part[e] = p;
            row[e] = (int) (seq - seqBase[p]);
        }
        return JoinKernels.gather(sources, field, part, row, n);
    }

    /** @return the source partition holding {@code seq}, searching forward from {@code from} */
    private static int locate(long[] seqBase, long seq, int from) {
        int p = from;
        while (seqBase[p + 1] <= seq) {
            p++;
        }
        return p;
    }
}
