package dev.ember.ml.features.window;

import java.time.Duration;

/**
 * Answers window queries over the events of one key from hop-sized tiles of partial aggregates (as Chronon's
 * sawtooth windows, but exact: the partial tiles at both ends of a window are read from the raw events).
 *
 * <p>For a query at time {@code t} and window {@code w} (all in microseconds) the window is {@code [t - w + 1, t]}.
 * The whole tiles {@code [i*h, (i+1)*h - 1]} inside it are merged from their partial aggregates; the events before
 * the first whole tile (the tail) and after the last (the head) are added one by one. Cost per query: the tiles per
 * window ({@code w / h}) plus the events of at most two tiles.
 */
public final class TileAggregator {
    private final long[] ts;
    private final double[][] values;
    private final long window;
    private final long hop;
    private final long[] tileIds;
    private final int[] tileStart;
    private final WindowState[][] tiles;
    private final int numTiles;

    /**
     * @param ts the events' times, ascending (ties in their tie-break order)
     * @param values per input, the events' values (NaN for null)
     * @param window the window in microseconds, positive
     * @param hop the tile size in microseconds, positive
     */
    public TileAggregator(long[] ts, double[][] values, long window, long hop) {
        this.ts = ts;
        this.values = values;
        this.window = window;
        this.hop = hop;
        int n = ts.length;
        long[] ids = new long[n];
        int[] starts = new int[n + 1];
        int k = 0;
        for (int i = 0; i < n; i++) {
            long id = Math.floorDiv(ts[i], hop);
            if (k == 0 || ids[k - 1] != id) {
                ids[k] = id;
                starts[k] = i;
                k++;
            }
        }
        starts[k] = n;
        this.numTiles = k;
        this.tileIds = ids;
        this.tileStart = starts;
        this.tiles = new WindowState[values.length][k];
        for (int in = 0; in < values.length; in++) {
            double[] v = values[in];
            for (int t = 0; t < k; t++) {
                WindowState s = new WindowState();
                for (int i = starts[t]; i < starts[t + 1]; i++) {
                    s.add(v[i]);
                }
                tiles[in][t] = s;
            }
        }
    }

    /**
     * The tile size for a window, following Chronon's choice: 1 day for windows of 12 days or more, 1 hour for 12
     * hours or more, else 5 minutes; never longer than the window.
     *
     * @param window the window
     * @return the hop in microseconds
     */
    public static long hopFor(Duration window) {
        long w = window.toNanos() / 1000;
        long hop;
        if (window.compareTo(Duration.ofDays(12)) >= 0) {
            hop = 86_400_000_000L;
        } else if (window.compareTo(Duration.ofHours(12)) >= 0) {
            hop = 3_600_000_000L;
        } else {
            hop = 300_000_000L;
        }
        return Math.max(1, Math.min(hop, w));
    }

    /**
     * @param input an input index
     * @param t the query time (microseconds)
     * @param out the state to fill (reset first)
     * @return {@code out}, holding the aggregate of the input over {@code [t - window + 1, t]}
     */
    public WindowState query(int input, long t, WindowState out) {
        out.reset();
        long lo = t - window + 1;
        long firstFull = Math.floorDiv(lo + hop - 1, hop);
        long lastFull = Math.floorDiv(t + 1, hop) - 1;
        double[] v = values[input];
        if (firstFull > lastFull) {
            addRaw(v, lo, t, out);
            return out;
        }
        addRaw(v, lo, firstFull * hop - 1, out);
        int a = lowerBound(tileIds, numTiles, firstFull);
        int b = lowerBound(tileIds, numTiles, lastFull + 1);
        WindowState[] ts2 = tiles[input];
        for (int i = a; i < b; i++) {
            out.merge(ts2[i]);
        }
        addRaw(v, (lastFull + 1) * hop, t, out);
        return out;
    }

    private void addRaw(double[] v, long from, long to, WindowState out) {
        if (from > to) {
            return;
        }
        int a = lowerBound(ts, ts.length, from);
        int b = lowerBound(ts, ts.length, to + 1);
        for (int i = a; i < b; i++) {
            out.add(v[i]);
        }
    }

    private static int lowerBound(long[] a, int n, long key) {
        int lo = 0;
        int hi = n;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (a[mid] < key) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /** @return the number of tiles */
    public int numTiles() {
        return numTiles;
    }

    /** @return the tile start offsets (for tests) */
    int[] tileStarts() {
        return tileStart;
    }
}
