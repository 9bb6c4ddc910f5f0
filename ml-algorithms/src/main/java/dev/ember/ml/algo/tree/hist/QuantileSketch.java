package dev.ember.ml.algo.tree.hist;

import dev.ember.ml.core.InvalidArgumentException;
import dev.ember.ml.core.runtime.ValueCodec;
import dev.ember.ml.core.runtime.ValueCodecs;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * A mergeable weighted quantile summary of one numeric feature: sorted distinct values with the weight of the
 * values in {@code (previous kept value, value]}, plus the weight of the missing (NaN) values.
 *
 * <p>While the feature has at most {@link #capacity()} distinct values the summary is exact (every distinct
 * value with its count), which is what lets a tree with as many bins as distinct values split exactly where an
 * exact tree does. Beyond that, {@link #prune} keeps {@code capacity} values at evenly spaced cumulative weights
 * (the first and last always kept), carrying each dropped value's weight to the next kept one, as the weighted
 * quantile summaries of Greenwald-Khanna / XGBoost do: each prune moves a rank by at most {@code W / capacity},
 * and a tree-merge of {@code P} partitions prunes {@code O(log P)} times along any path.
 */
public final class QuantileSketch {
    private final double[] values;
    private final double[] weights;
    private final double missingWeight;
    private final int capacity;

    QuantileSketch(double[] values, double[] weights, double missingWeight, int capacity) {
        this.values = values;
        this.weights = weights;
        this.missingWeight = missingWeight;
        this.capacity = capacity;
    }

    /**
     * @param sorted sorted non-missing values (each of weight 1)
     * @param missing the number of missing values
     * @param capacity the most distinct values kept
     * @return the summary
     */
    static QuantileSketch ofSorted(double[] sorted, int length, double missing, int capacity) {
        double[] v = new double[length];
        double[] w = new double[length];
        int k = 0;
        for (int i = 0; i < length; i++) {
            double x = sorted[i] + 0.0;
            if (k > 0 && v[k - 1] == x) {
                w[k - 1] += 1;
            } else {
                v[k] = x;
                w[k] = 1;
                k++;
            }
        }
        return new QuantileSketch(Arrays.copyOf(v, k), Arrays.copyOf(w, k), missing, capacity).prune();
    }

    /** @return an empty summary */
    static QuantileSketch empty(int capacity) {
        return new QuantileSketch(new double[0], new double[0], 0, capacity);
    }

    /** @return the distinct values kept, ascending (a copy) */
    public double[] values() {
        return values.clone();
    }

    /** @return the weights of {@link #values()} (a copy) */
    public double[] weights() {
        return weights.clone();
    }

    /** @return the weight of the missing values */
    public double missingWeight() {
        return missingWeight;
    }

    /** @return the most distinct values kept */
    public int capacity() {
        return capacity;
    }

    /** @return the number of distinct values kept */
    public int size() {
        return values.length;
    }

    /**
     * @param other another summary of the same feature
     * @return the merged summary, pruned to the capacity
     */
    QuantileSketch merge(QuantileSketch other) {
        if (other.values.length == 0) {
            return new QuantileSketch(values, weights, missingWeight + other.missingWeight, capacity);
        }
        if (values.length == 0) {
            return new QuantileSketch(other.values, other.weights, missingWeight + other.missingWeight, capacity);
        }
        double[] v = new double[values.length + other.values.length];
        double[] w = new double[v.length];
        int i = 0;
        int j = 0;
        int k = 0;
        while (i < values.length || j < other.values.length) {
            double x;
            double wx;
            if (j >= other.values.length || (i < values.length && values[i] < other.values[j])) {
                x = values[i];
                wx = weights[i++];
            } else if (i >= values.length || other.values[j] < values[i]) {
                x = other.values[j];
                wx = other.weights[j++];
            } else {
                x = values[i];
                wx = weights[i++] + other.weights[j++];
            }
            v[k] = x;
            w[k++] = wx;
        }
        return new QuantileSketch(Arrays.copyOf(v, k), Arrays.copyOf(w, k), missingWeight + other.missingWeight,
            capacity).prune();
    }

    private QuantileSketch prune() {
        int n = values.length;
        if (n <= capacity) {
            return this;
        }
        double total = 0;
        for (double w : weights) {
            total += w;
        }
        double[] v = new double[capacity];
        double[] w = new double[capacity];
        int k = 0;
        double cum = 0;
        double carried = 0;
        int nextTarget = 1;
        for (int i = 0; i < n; i++) {
            cum += weights[i];
            carried += weights[i];
            double target = total * nextTarget / (capacity - 1);
            boolean keep = i == 0 || i == n - 1 || (cum >= target && k < capacity - 1);
            if (keep) {
                v[k] = values[i];
                w[k++] = carried;
                carried = 0;
                while (nextTarget < capacity - 1 && total * nextTarget / (capacity - 1) <= cum) {
                    nextTarget++;
                }
            }
        }
        return new QuantileSketch(Arrays.copyOf(v, k), Arrays.copyOf(w, k), missingWeight, capacity);
    }

    /**
     * Bin upper bounds for at most {@code maxBins} non-missing bins: with at most {@code maxBins} distinct values,
     * one bin per value with bounds at the midpoints between consecutive values (as scikit-learn and LightGBM
     * bin); otherwise bounds between the values at the weighted quantiles {@code k / maxBins}, duplicates dropped.
     * A value {@code x} is in bin {@code b} when {@code bounds[b-1] < x <= bounds[b]}; the last bin is unbounded.
     *
     * @param maxBins the most non-missing bins, at least 2
     * @return the finite upper bounds of all bins but the last (so {@code length + 1} bins)
     */
    public double[] binBounds(int maxBins) {
        int n = values.length;
        if (n <= 1) {
            return new double[0];
        }
        if (n <= maxBins) {
            double[] b = new double[n - 1];
            for (int i = 0; i < n - 1; i++) {
                b[i] = midpoint(values[i], values[i + 1]);
            }
            return b;
        }
        double total = 0;
        for (double w : weights) {
            total += w;
        }
        double[] b = new double[maxBins - 1];
        int k = 0;
        double cum = 0;
        int bin = 1;
        for (int i = 0; i < n - 1 && bin < maxBins; i++) {
            cum += weights[i];
            if (cum >= total * bin / maxBins) {
                b[k++] = midpoint(values[i], values[i + 1]);
                while (bin < maxBins && cum >= total * bin / maxBins) {
                    bin++;
                }
            }
        }
        return Arrays.copyOf(b, k);
    }

    private static double midpoint(double a, double b) {
        double m = a + (b - a) / 2;
        return m >= b || Double.isInfinite(m) ? a : m;
    }

    /** Codec of an array of summaries: count, then per summary capacity, missing weight, values, weights. */
    static final ValueCodec<QuantileSketch[]> CODEC = new ValueCodec<>() {
        @Override
        public int encodedLength(QuantileSketch[] value) {
            int n = 4;
            for (QuantileSketch s : value) {
                n += 4 + 8 + ValueCodecs.DOUBLE_ARRAY.encodedLength(s.values)
                    + ValueCodecs.DOUBLE_ARRAY.encodedLength(s.weights);
            }
            return n;
        }

        @Override
        public void encode(QuantileSketch[] value, ByteBuffer out) {
            out.putInt(value.length);
            for (QuantileSketch s : value) {
                out.putInt(s.capacity);
                out.putDouble(s.missingWeight);
                ValueCodecs.DOUBLE_ARRAY.encode(s.values, out);
                ValueCodecs.DOUBLE_ARRAY.encode(s.weights, out);
            }
        }

        @Override
        public QuantileSketch[] decode(ByteBuffer in) {
            int n = ValueCodecs.checkedLength(in, 12);
            QuantileSketch[] out = new QuantileSketch[n];
            for (int i = 0; i < n; i++) {
                int cap = in.getInt();
                double missing = in.getDouble();
                double[] v = ValueCodecs.DOUBLE_ARRAY.decode(in);
                double[] w = ValueCodecs.DOUBLE_ARRAY.decode(in);
                if (v.length != w.length) {
                    throw new InvalidArgumentException("quantile sketch " + i + ": found " + w.length
                        + " weights, expected " + v.length);
                }
                out[i] = new QuantileSketch(v, w, missing, cap);
            }
            return out;
        }
    };
}
