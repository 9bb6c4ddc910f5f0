package dev.ember.ml.algo.tree.hist;

/**
 * Sorts non-NaN doubles ascending by a least-significant-digit radix sort over their bits, byte by byte, skipping
 * the bytes all values share (a float column widened to doubles shares its low 29 mantissa bits): the order
 * {@link java.util.Arrays#sort(double[], int, int)} gives for non-NaN values ({@code -0.0} before {@code 0.0}),
 * in linear time.
 */
final class DoubleRadixSort {
    private DoubleRadixSort() {
    }

    /**
     * Sorts {@code v[0, n)} in place.
     *
     * @param v the values, none NaN
     * @param n how many
     * @param keys scratch of at least {@code n}
     * @param scratch scratch of at least {@code n}
     */
    static void sort(double[] v, int n, long[] keys, long[] scratch) {
        if (n < 2) {
            return;
        }
        // a key whose unsigned order is the doubles' order: negatives flipped whole, positives their sign bit
        for (int i = 0; i < n; i++) {
            long b = Double.doubleToRawLongBits(v[i]);
            keys[i] = b ^ ((b >> 63) | Long.MIN_VALUE);
        }
        int[] counts = new int[8 * 256];
        for (int i = 0; i < n; i++) {
            long key = keys[i];
            for (int p = 0; p < 8; p++) {
                counts[p * 256 + (int) ((key >>> (8 * p)) & 0xFF)]++;
            }
        }
        long[] from = keys;
        long[] to = scratch;
        for (int p = 0; p < 8; p++) {
            int c = p * 256;
            if (counts[c + (int) ((from[0] >>> (8 * p)) & 0xFF)] == n) {
                continue;
            }
            int sum = 0;
            for (int b = 0; b < 256; b++) {
                int k = counts[c + b];
                counts[c + b] = sum;
                sum += k;
            }
            int shift = 8 * p;
            for (int i = 0; i < n; i++) {
                long key = from[i];
                to[counts[c + (int) ((key >>> shift) & 0xFF)]++] = key;
            }
            long[] t = from;
            from = to;
            to = t;
        }
        for (int i = 0; i < n; i++) {
            long key = from[i];
            long b = key < 0 ? key ^ Long.MIN_VALUE : ~key;
            v[i] = Double.longBitsToDouble(b);
        }
    }
}
