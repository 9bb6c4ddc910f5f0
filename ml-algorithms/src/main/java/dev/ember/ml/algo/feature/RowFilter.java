package dev.ember.ml.algo.feature;

import dev.ember.ml.core.data.Column;
import dev.ember.ml.core.data.ColumnBuilder;
import dev.ember.ml.core.data.DataType;
import dev.ember.ml.core.data.Partition;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Drops rows from a partition (the {@code handleInvalid = "skip"} policies). Columns without nulls are copied
 * off-heap to off-heap in runs of kept rows; string columns and columns with nulls go through a
 * {@link ColumnBuilder}, which re-encodes the dictionary and the null bits.
 */
final class RowFilter {
    private RowFilter() {
    }

    /**
     * @param input a partition (not closed here)
     * @param keep which rows to keep, one flag per row
     * @param kept how many flags are set
     * @return a new partition of the kept rows, at the same index, owned by the caller
     */
    static Partition keep(Partition input, boolean[] keep, int kept) {
        List<Column> out = new ArrayList<>(input.columns().size());
        try {
            for (Column c : input.columns()) {
                out.add(c.type() == DataType.STRING || c.nullCount() > 0 ? viaBuilder(c, keep, kept)
                    : copyRuns(c, keep, kept));
            }
        } catch (RuntimeException e) {
            out.forEach(Column::release);
            throw e;
        }
        return new Partition(input.index(), out, kept);
    }

    private static Column viaBuilder(Column c, boolean[] keep, int kept) {
        ColumnBuilder b = new ColumnBuilder(c.field(), kept);
        for (int r = 0; r < keep.length; r++) {
            if (keep[r]) {
                b.appendFrom(c, r);
            }
        }
        return b.build();
    }

    private static Column copyRuns(Column c, boolean[] keep, int kept) {
        Column dst = Column.allocate(c.field(), kept);
        int rowBytes = c.field().bytesPerRow();
        ByteBuffer from = c.rawBytes();
        ByteBuffer to = dst.rawBytes();
        int at = 0;
        int r = 0;
        while (r < keep.length) {
            if (!keep[r]) {
                r++;
                continue;
            }
            int start = r;
            while (r < keep.length && keep[r]) {
                r++;
            }
            int len = (r - start) * rowBytes;
            to.put(at, from, start * rowBytes, len);
            at += len;
        }
        return dst;
    }
}
