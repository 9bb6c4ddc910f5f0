package dev.ember.ml.features.join;

import dev.ember.ml.core.data.Column;
import dev.ember.ml.core.data.DataType;

import java.nio.charset.StandardCharsets;

/**
 * The bucket of a join key by the hash of its values: the same for every view and for the entity frame, in every
 * JVM and every run (integers of any width hash as longs, strings by their UTF-8 bytes), so bucket {@code b} of
 * every bucketed table holds the same keys and a task joins bucket {@code b} of each without reading the others.
 */
public final class KeyHash {
    private KeyHash() {
    }

    /**
     * @param cols the key columns ({@code long}, {@code int} or {@code string}), in the entity's order
     * @param row a row
     * @param buckets the number of buckets (at least 1)
     * @return the row's bucket in {@code [0, buckets)}, or -1 if any key part is null
     */
    public static int bucket(Column[] cols, int row, int buckets) {
        long h = 0x2545F4914F6CDD1DL;
        for (Column c : cols) {
            if (c.isNull(row)) {
                return -1;
            }
            long part = c.type() == DataType.STRING ? stringHash(c.getString(row)) : c.getLong(row);
            h = mix(h ^ part);
        }
        return (int) Long.remainderUnsigned(h, buckets);
    }

    /** FNV-1a over the UTF-8 bytes, independent of the JVM's string hash. */
    private static long stringHash(String s) {
        long h = 0xcbf29ce484222325L;
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            h = (h ^ (b & 0xff)) * 0x100000001b3L;
        }
        return h;
    }

    /** The finalizer of SplitMix64: every input bit affects every output bit. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }
}
