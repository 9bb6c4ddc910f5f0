package dev.ember.ml.features.join;

import dev.ember.ml.core.data.Column;
import dev.ember.ml.core.data.ColumnBuilder;
import dev.ember.ml.core.data.Field;
import dev.ember.ml.core.data.Frame;
import dev.ember.ml.core.data.Partition;
import dev.ember.ml.core.runtime.PartitionRef;

import java.util.ArrayList;
import java.util.List;

/** Splits a frame's rows into key-hash buckets ({@link KeyHash}), keeping their order within each bucket. */
public final class BucketSplit {
    private BucketSplit() {
    }

    /**
     * @param frame the rows
     * @param keyColumns the key columns
     * @param buckets the number of buckets
     * @param where what the rows are, for error messages
     * @return per bucket its rows (all columns), or null if it has none; rows with a null key are dropped (they
     *     never join)
     */
    public static Partition[] split(Frame frame, List<String> keyColumns, int buckets, String where) {
        List<List<ColumnBuilder>> out = new ArrayList<>();
        for (int b = 0; b < buckets; b++) {
            out.add(null);
        }
        for (int p = 0; p < frame.numPartitions(); p++) {
            try (PartitionRef ref = frame.partition(p)) {
                Partition part = ref.partition();
                Column[] kc = KeyIndex.keyColumns(part, keyColumns, where);
                List<Column> cols = part.columns();
                for (int i = 0; i < part.numRows(); i++) {
                    int b = KeyHash.bucket(kc, i, buckets);
                    if (b < 0) {
                        continue;
                    }
                    List<ColumnBuilder> bs = out.get(b);
                    if (bs == null) {
                        bs = new ArrayList<>();
                        for (Field f : frame.schema()) {
                            bs.add(new ColumnBuilder(f, 16));
                        }
                        out.set(b, bs);
                    }
                    for (int c = 0; c < cols.size(); c++) {
                        bs.get(c).appendFrom(cols.get(c), i);
                    }
                }
            }
        }
        Partition[] parts = new Partition[buckets];
        for (int b = 0; b < buckets; b++) {
            if (out.get(b) != null) {
                parts[b] = JoinKernels.build(0, out.get(b));
            }
        }
        return parts;
    }
}
