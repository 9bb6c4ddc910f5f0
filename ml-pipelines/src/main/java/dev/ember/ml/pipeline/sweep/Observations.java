package dev.ember.ml.pipeline.sweep;

import java.util.Arrays;

/**
 * The internal coordinates one parameter took in the finished (complete or pruned) trials, kept sorted so TPE
 * finds kernel neighbours and the kernels near a point without sorting per suggestion: adding is a binary search
 * and an array copy, reading is free.
 */
final class Observations {
    private double[] values = new double[16];
    private int[] numbers = new int[16];
    private int[] numbersSorted = new int[16];
    private int size;

    void add(double value, int number) {
        if (size == values.length) {
            values = Arrays.copyOf(values, size * 2);
            numbers = Arrays.copyOf(numbers, size * 2);
            numbersSorted = Arrays.copyOf(numbersSorted, size * 2);
        }
        int at = upperBound(values, size, value);
        System.arraycopy(values, at, values, at + 1, size - at);
        System.arraycopy(numbers, at, numbers, at + 1, size - at);
        values[at] = value;
        numbers[at] = number;
        int n = Arrays.binarySearch(numbersSorted, 0, size, number);
        int pos = n >= 0 ? n : -n - 1;
        System.arraycopy(numbersSorted, pos, numbersSorted, pos + 1, size - pos);
        numbersSorted[pos] = number;
        size++;
    }

    int size() {
        return size;
    }

    /** @return the sorted values (read only; valid up to {@link #size()}) */
    double[] values() {
        return values;
    }

    /** @return the trial numbers aligned with {@link #values()} */
    int[] numbers() {
        return numbers;
    }

    /**
     * @param excluded trial numbers to leave out
     * @return for each observed trial number not excluded, its rank in trial-number order among those observations
     *     (indexed by trial number)
     */
    int[] ranksExcluding(java.util.BitSet excluded) {
        int[] rank = new int[size == 0 ? 0 : numbersSorted[size - 1] + 1];
        int r = 0;
        for (int i = 0; i < size; i++) {
            if (!excluded.get(numbersSorted[i])) {
                rank[numbersSorted[i]] = r++;
            }
        }
        return rank;
    }

    static int upperBound(double[] a, int n, double v) {
        int lo = 0;
        int hi = n;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (a[mid] <= v) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    static int lowerBound(double[] a, int n, double v) {
        int lo = 0;
        int hi = n;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (a[mid] < v) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }
}
