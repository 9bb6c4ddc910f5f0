package dev.ember.ml.core.data;

import java.nio.ByteBuffer;

/**
 * Seeded 64-bit hashes of whole rows, computed column at a time, and the uniform draws derived from them.
 *
 * <p>This is the rule behind {@link Frame#randomSplit}, {@link Frame#sample} and {@link Frame#withFoldColumn}:
 * a row's draw depends only on the seed and the row's content (every column, nulls included), never on which
 * partition holds the row or where in it. So the same rows land in the same split for any partitioning, any row
 * order and any runtime (in-process or cluster), with no counting pass before the split (it stays lazy).
 * A consequence, wanted for training/test splits: exact duplicate rows always land together, so a duplicate
 * never leaks from the training set into the test set. Proportions hold in expectation over distinct rows.
 *
 * <p>Values hash by their stored bits: doubles by {@link Double#doubleToLongBits} (all NaNs alike), strings by
 * their UTF-16 characters (stable across JVMs), vectors by their raw bytes.
 */
final class RowHashes {
    private static final long NULL_MARK = 0x6e756c6c6e756c6cL;
    private static final long GOLDEN = 0x9E3779B97F4A7C15L;

    private RowHashes() {
    }

    /**
     * @param p a partition
     * @param seed the seed
     * @return one hash per row
     */
    static long[] of(Partition p, long seed) {
        long[] h = new long[p.numRows()];
        java.util.Arrays.fill(h, mix(seed ^ 0x5DEECE66DL));
        for (Column c : p.columns()) {
            mixColumn(c, h);
        }
        return h;
    }

    /**
     * @param p a partition
     * @param seed the seed
     * @return one draw in [0, 1) per row
     */
    static double[] uniforms(Partition p, long seed) {
        long[] h = of(p, seed);
        double[] u = new double[h.length];
        for (int r = 0; r < h.length; r++) {
            u[r] = (mix(h[r]) >>> 11) * 0x1.0p-53;
        }
        return u;
    }

    private static void mixColumn(Column c, long[] row) {
        int n = row.length;
        ByteBuffer b = c.rawBytes();
        long[] dictHash = c.type() == DataType.STRING ? stringHashes(c) : null;
        int rowBytes = c.type() == DataType.VECTOR ? c.field().bytesPerRow() : 0;
        for (int r = 0; r < n; r++) {
            long v;
            if (c.isNull(r)) {
                v = NULL_MARK;
            } else {
                v = switch (c.type()) {
                    case DOUBLE -> Double.doubleToLongBits(b.getDouble(r * 8));
                    case FLOAT -> Float.floatToIntBits(b.getFloat(r * 4));
                    case LONG, TIMESTAMP -> b.getLong(r * 8);
                    case INT -> b.getInt(r * 4);
                    case BOOLEAN -> b.get(r);
                    case STRING -> dictHash[b.getInt(r * 4)];
                    case VECTOR -> bytesHash(b, r * rowBytes, rowBytes);
                };
            }
            row[r] = row[r] * GOLDEN + mix(v);
        }
    }

    private static long[] stringHashes(Column c) {
        var dict = c.dictionary();
        long[] out = new long[dict.size()];
        for (int i = 0; i < out.length; i++) {
            String s = dict.get(i);
            long h = 0x243F6A8885A308D3L;
            for (int k = 0; k < s.length(); k++) {
                h = (h ^ s.charAt(k)) * GOLDEN;
            }
            out[i] = mix(h ^ s.length());
        }
        return out;
    }

    private static long bytesHash(ByteBuffer b, int start, int length) {
        long h = 0x13198A2E03707344L;
        int at = start;
        int end = start + length;
        for (; at + 8 <= end; at += 8) {
            h = mix(h ^ b.getLong(at));
        }
        for (; at < end; at++) {
            h = (h ^ b.get(at)) * GOLDEN;
        }
        return h;
    }

    /** The SplitMix64 finalizer. */
    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }
}
