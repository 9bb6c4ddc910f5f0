package dev.ember.ml.features.join;

import java.nio.LongBuffer;

/**
 * The as-of match of one join bucket ({@link BucketColumns} layout) in a layout made for it: one pass groups the
 * rows by key id (a counting sort that moves each row's time and index together, so that each key's rows are
 * contiguous). Per key, only the entity rows are sorted by time (as packed primitive longs); each feature row is
 * then a candidate for the first entity row at or after its time (a binary search), and a running maximum over the
 * sorted entity rows yields each one's match, so the (many more) feature rows are never sorted. Among candidates
 * the later time wins, then the greater created time, then the greater source order; created time and source order
 * are read only for such ties and for the matched rows.
 */
final class AsofMatcher {
    private AsofMatcher() {
    }

    /**
     * @param key per bucket row, its key id (dense, non-negative)
     * @param ts per bucket row, its time (micros)
     * @param created per bucket row, its created time ({@code Long.MIN_VALUE} when none)
     * @param seq per bucket row, its source order (feature rows)
     * @param row per bucket row, its entity row (an int), or negative for a feature row
     * @param ttl the TTL in micros, or negative for none
     * @param outRows receives the entity rows (at most one per bucket row)
     * @param outMatch receives per entity row the source order of its match, or -1
     * @return the number of entity rows written
     */
    static int match(LongBuffer key, LongBuffer ts, LongBuffer created, LongBuffer seq, LongBuffer row, long ttl,
                     long[] outRows, long[] outMatch) {
        int n = key.limit();
        int maxKey = -1;
        for (int i = 0; i < n; i++) {
            maxKey = (int) Math.max(maxKey, key.get(i));
        }
        int[] start = new int[maxKey + 2];
        for (int i = 0; i < n; i++) {
            start[(int) key.get(i) + 1]++;
        }
        for (int k = 0; k <= maxKey; k++) {
            start[k + 1] += start[k];
        }
        // rows grouped by key, each with its time and either its index (feature rows) or ~its entity row, in bucket order
        long[] sTs = new long[n];
        int[] sIdx = new int[n];
        int[] next = java.util.Arrays.copyOf(start, start.length);
        for (int i = 0; i < n; i++) {
            int at = next[(int) key.get(i)]++;
            sTs[at] = ts.get(i);
            long r = row.get(i);
            sIdx[at] = r >= 0 ? ~(int) r : i;
        }
        long[] packed = new long[16];
        int[] order = new int[16];
        int[] tmp = new int[16];
        long[] eTs = new long[16];
        int[] eAt = new int[16];
        int[] best = new int[16];
        long[] bestTs = new long[16];
        int m = 0;
        for (int k = 0; k <= maxKey; k++) {
            int from = start[k];
            int to = start[k + 1];
            int entities = 0;
            for (int j = from; j < to; j++) {
                entities += sIdx[j] < 0 ? 1 : 0;
            }
            if (entities == 0) {
                continue;
            }
            if (eTs.length < entities) {
                int cap = Math.max(entities, eTs.length * 2);
                packed = new long[cap];
                order = new int[cap];
                tmp = new int[cap];
                eTs = new long[cap];
                eAt = new int[cap];
                best = new int[cap];
                bestTs = new long[cap];
            }
            // the key's entity rows by time
            int e = 0;
            for (int j = from; j < to; j++) {
                if (sIdx[j] < 0) {
                    eTs[e] = sTs[j];
                    eAt[e++] = j;
                }
            }
            sortByTime(eTs, entities, packed, order, tmp);
            for (int q = 0; q < entities; q++) {
                tmp[q] = eAt[order[q]];
            }
            for (int q = 0; q < entities; q++) {
                eAt[q] = tmp[q];
                eTs[q] = sTs[tmp[q]];
                best[q] = -1;
            }
            // each feature row is a candidate for the first entity row at or after its time (and so for all later)
            for (int j = from; j < to; j++) {
                int code = sIdx[j];
                if (code < 0) {
                    continue;
                }
                long t = sTs[j];
                int lo = 0;  // the first entity row with time >= t (a branch-free lower bound)
                for (int len = entities; len > 1; ) {
                    int half = len >>> 1;
                    lo = eTs[lo + half - 1] < t ? lo + half : lo;
                    len -= half;
                }
                lo += eTs[lo] < t ? 1 : 0;
                if (lo < entities && (best[lo] < 0 || t > bestTs[lo]
                    || t == bestTs[lo] && later(code, best[lo], created, seq))) {
                    best[lo] = code;
                    bestTs[lo] = t;
                }
            }
            int latest = -1;
            long latestTs = 0;
            for (int q = 0; q < entities; q++) {
                int c = best[q];
                if (c >= 0 && (latest < 0 || bestTs[q] > latestTs
                    || bestTs[q] == latestTs && later(c, latest, created, seq))) {
                    latest = c;
                    latestTs = bestTs[q];
                }
                long t = eTs[q];
                outRows[m] = ~sIdx[eAt[q]];
                outMatch[m++] = latest >= 0 && (ttl < 0 || latestTs >= t - ttl) ? seq.get(latest) : -1;
            }
        }
        return m;
    }

    /** Of two feature rows of equal time, whether {@code a} wins over {@code b}: greater created, then source order. */
    private static boolean later(int a, int b, LongBuffer created, LongBuffer seq) {
        long ca = created.get(a);
        long cb = created.get(b);
        return ca > cb || ca == cb && seq.get(a) > seq.get(b);
    }

    /**
     * Orders {@code times[0, size)} ascending, writing their positions into {@code order}: as packed
     * {@code (time - min) << bits | position} longs when the span allows, else by comparator.
     */
    private static void sortByTime(long[] times, int size, long[] packed, int[] order, int[] tmp) {
        if (size == 1) {
            order[0] = 0;
            return;
        }
        long lo = Long.MAX_VALUE;
        long hi = Long.MIN_VALUE;
        for (int j = 0; j < size; j++) {
            lo = Math.min(lo, times[j]);
            hi = Math.max(hi, times[j]);
        }
        int bits = 32 - Integer.numberOfLeadingZeros(size - 1);
        long span = hi - lo;
        if (span >= 0 && (span >>> (63 - bits)) == 0) {
            long mask = (1L << bits) - 1;
            for (int j = 0; j < size; j++) {
                packed[j] = (times[j] - lo) << bits | j;
            }
            java.util.Arrays.sort(packed, 0, size);
            for (int j = 0; j < size; j++) {
                order[j] = (int) (packed[j] & mask);
            }
            return;
        }
        for (int j = 0; j < size; j++) {
            order[j] = j;
        }
        IndexSort.sortRange(order, tmp, 0, size, (a, b) -> Long.compare(times[a], times[b]));
    }
}
