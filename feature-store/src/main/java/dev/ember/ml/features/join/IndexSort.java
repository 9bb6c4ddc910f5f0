package dev.ember.ml.features.join;

/** A stable merge sort of row indices by a comparator on primitive columns (no boxing). */
public final class IndexSort {
    /** Compares two rows by index. */
    @FunctionalInterface
    public interface RowComparator {
        /**
         * @param a a row
         * @param b another row
         * @return negative, zero or positive as a sorts before, with or after b
         */
        int compare(int a, int b);
    }

    private IndexSort() {
    }

    /**
     * @param n the number of rows
     * @param cmp the order
     * @return the rows 0..n-1 sorted stably by {@code cmp}
     */
    public static int[] sorted(int n, RowComparator cmp) {
        int[] a = new int[n];
        for (int i = 0; i < n; i++) {
            a[i] = i;
        }
        int[] tmp = new int[n];
        sort(a, tmp, 0, n, cmp);
        return a;
    }

    /**
     * Sorts {@code a[lo, hi)} stably.
     *
     * @param a row indices
     * @param tmp scratch of at least {@code hi} elements
     * @param lo the first position
     * @param hi one past the last
     * @param cmp the order
     */
    public static void sortRange(int[] a, int[] tmp, int lo, int hi, RowComparator cmp) {
        sort(a, tmp, lo, hi, cmp);
    }

    private static void sort(int[] a, int[] tmp, int lo, int hi, RowComparator cmp) {
        if (hi - lo <= 24) {
            for (int i = lo + 1; i < hi; i++) {
                int x = a[i];
                int j = i - 1;
                while (j >= lo && cmp.compare(a[j], x) > 0) {
                    a[j + 1] = a[j];
                    j--;
                }
                a[j + 1] = x;
            }
            return;
        }
        int mid = (lo + hi) >>> 1;
        sort(a, tmp, lo, mid, cmp);
        sort(a, tmp, mid, hi, cmp);
        if (cmp.compare(a[mid - 1], a[mid]) <= 0) {
            return;
        }
        System.arraycopy(a, lo, tmp, lo, hi - lo);
        int i = lo;
        int j = mid;
        int k = lo;
        while (i < mid && j < hi) {
            a[k++] = cmp.compare(tmp[j], tmp[i]) < 0 ? tmp[j++] : tmp[i++];
        }
        while (i < mid) {
            a[k++] = tmp[i++];
        }
        while (j < hi) {
            a[k++] = tmp[j++];
        }
    }
}
