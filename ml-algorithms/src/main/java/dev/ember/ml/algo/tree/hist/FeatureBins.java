package dev.ember.ml.algo.tree.hist;

import dev.ember.ml.core.InvalidArgumentException;
import java.util.Arrays;

/**
 * How each feature is binned: per feature the upper bounds of its non-missing bins and, after them, one bin for
 * missing values (NaN or a null vector). Feature {@code f} has {@link #numBins(int)} non-missing bins numbered
 * from 0 and its missing bin is number {@code numBins(f)}; at most 255 non-missing bins, so every bin number fits
 * in one unsigned byte.
 *
 * <p>A categorical feature ({@link #isCategorical(int)}, from the categorical slots of the features column's
 * metadata) of {@code c} categories holds category indices: its bin {@code i} is category {@code i} (its bounds
 * are {@code 0.5, 1.5, ..., c - 1.5}), and its splits send a set of categories left instead of a range of bins.
 *
 * <p>A histogram over all features is laid out feature after feature, {@code numBins(f) + 1} slots each,
 * starting at {@link #offset(int)}.
 */
public final class FeatureBins {
    /** The most non-missing bins of a feature. */
    public static final int MAX_BINS = 255;

    private final double[][] bounds;
    private final int[] offsets;
    private final int[] categories;

    /** @param bounds per feature the finite upper bounds of all its non-missing bins but the last */
    public FeatureBins(double[][] bounds) {
        this(bounds, new int[bounds.length]);
    }

    /**
     * @param bounds per feature the finite upper bounds of all its non-missing bins but the last
     * @param categories per feature its number of categories, 0 for a numeric feature; a categorical feature's
     *     bounds must be {@link #categoryBounds}
     */
    public FeatureBins(double[][] bounds, int[] categories) {
        if (categories.length != bounds.length) {
            throw new InvalidArgumentException("bins: found " + categories.length + " category counts for "
                + bounds.length + " features");
        }
        this.categories = categories.clone();
        for (int f = 0; f < bounds.length; f++) {
            if (categories[f] != 0 && !Arrays.equals(bounds[f], categoryBounds(categories[f]))) {
                throw new InvalidArgumentException("feature " + f + ": categorical with " + categories[f]
                    + " categories, expected the bounds 0.5, 1.5, ...");
            }
        }
        this.bounds = new double[bounds.length][];
        this.offsets = new int[bounds.length + 1];
        for (int f = 0; f < bounds.length; f++) {
            if (bounds[f].length + 1 > MAX_BINS) {
                throw new InvalidArgumentException("feature " + f + ": found " + (bounds[f].length + 1)
                    + " bins, expected at most " + MAX_BINS);
            }
            for (int b = 1; b < bounds[f].length; b++) {
                if (!(bounds[f][b - 1] < bounds[f][b])) {
                    throw new InvalidArgumentException("feature " + f + ": bin bounds must increase, found "
                        + bounds[f][b - 1] + " then " + bounds[f][b]);
                }
            }
            this.bounds[f] = bounds[f].clone();
            offsets[f + 1] = offsets[f] + bounds[f].length + 2;
        }
    }

    /**
     * @param sketches per feature its summary
     * @param maxBins the most non-missing bins per feature, in [2, 255]
     * @return the bins
     */
    public static FeatureBins fromSketches(QuantileSketch[] sketches, int maxBins) {
        return fromSketches(sketches, maxBins, new int[sketches.length]);
    }

    /**
     * @param sketches per feature its summary (not read for categorical features)
     * @param maxBins the most non-missing bins per numeric feature, in [2, 255]
     * @param categories per feature its number of categories (2 to 255), or 0 for a numeric feature
     * @return the bins: a categorical feature has one bin per category whatever {@code maxBins}
     */
    public static FeatureBins fromSketches(QuantileSketch[] sketches, int maxBins, int[] categories) {
        double[][] b = new double[sketches.length][];
        for (int f = 0; f < sketches.length; f++) {
            b[f] = categories[f] != 0 ? categoryBounds(categories[f]) : sketches[f].binBounds(maxBins);
        }
        return new FeatureBins(b, categories);
    }

    /**
     * @param c a number of categories, 1 to {@link #MAX_BINS}
     * @return the bounds that bin category index {@code i} into bin {@code i}: {@code 0.5, 1.5, ..., c - 1.5}
     */
    public static double[] categoryBounds(int c) {
        if (c < 1 || c > MAX_BINS) {
            throw new InvalidArgumentException("categorical feature: found " + c + " categories, expected 1 to "
                + MAX_BINS);
        }
        double[] b = new double[c - 1];
        for (int i = 0; i < b.length; i++) {
            b[i] = i + 0.5;
        }
        return b;
    }

    /** @param f a feature @return whether it holds category indices */
    public boolean isCategorical(int f) {
        return categories[f] != 0;
    }

    /** @param f a feature @return its number of categories (0 for a numeric feature) */
    public int numCategories(int f) {
        return categories[f];
    }

    /** @return the number of features */
    public int numFeatures() {
        return bounds.length;
    }

    /** @param f a feature @return its number of non-missing bins (its missing bin's number) */
    public int numBins(int f) {
        return bounds[f].length + 1;
    }

    /** @param f a feature @return where its slots start in a histogram */
    public int offset(int f) {
        return offsets[f];
    }

    /** @return the number of histogram slots over all features */
    public int totalSlots() {
        return offsets[bounds.length];
    }

    /** @param f a feature @return its bin upper bounds (a copy) */
    public double[] bounds(int f) {
        return bounds[f].clone();
    }

    /**
     * @param f a feature
     * @param b one of its non-missing bins
     * @return the split threshold "value &lt;= threshold goes left" of a split after bin {@code b}
     */
    public double threshold(int f, int b) {
        return b < bounds[f].length ? bounds[f][b] : Double.POSITIVE_INFINITY;
    }

    /**
     * @param f a feature
     * @param x a value
     * @return its bin (the missing bin for NaN)
     */
    public int bin(int f, double x) {
        return bin(bounds[f], bounds[f].length + 1, x);
    }

    /**
     * @param bounds a feature's bin bounds
     * @param missingBin its missing bin
     * @param x a value
     * @return its bin: the number of bounds below {@code x} (a branch-free binary search), or the missing bin
     */
    static int bin(double[] bounds, int missingBin, double x) {
        if (Double.isNaN(x)) {
            return missingBin;
        }
        int lo = 0;
        int len = bounds.length;
        while (len > 0) {
            int half = len >>> 1;
            int step = bounds[lo + half] < x ? half + 1 : 0;
            lo += step;
            len = step == 0 ? half : len - half - 1;
        }
        return lo;
    }

    /** The length of {@link #padded} bounds: a power of two above the most bounds a feature has. */
    static final int PADDED = 256;

    /**
     * @param bounds a feature's bin bounds (at most {@code MAX_BINS - 1})
     * @return them padded with {@code +Infinity} to {@link #PADDED} entries, for {@link #binPadded}
     */
    static double[] padded(double[] bounds) {
        double[] p = new double[PADDED];
        System.arraycopy(bounds, 0, p, 0, bounds.length);
        Arrays.fill(p, bounds.length, PADDED, Double.POSITIVE_INFINITY);
        return p;
    }

    /**
     * The same bin as {@link #bin(double[], int, double)}, by a search of a fixed eight halvings over bounds padded
     * with {@code +Infinity} (never below a value): no data-dependent trip count, so the searches of a row's
     * features overlap in the processor.
     *
     * @param padded a feature's bounds from {@link #padded}
     * @param missingBin its missing bin
     * @param x a value
     * @return its bin: the number of bounds below {@code x}, or the missing bin for NaN
     */
    static int binPadded(double[] padded, int missingBin, double x) {
        if (Double.isNaN(x)) {
            return missingBin;
        }
        int pos = 0;
        for (int step = PADDED >>> 1; step > 0; step >>>= 1) {
            pos += padded[pos + step - 1] < x ? step : 0;
        }
        return pos;
    }

    /** @return the bounds as one flat array: per feature its bound count, its category count, then its bounds */
    public double[] toFlat() {
        int n = 2 * bounds.length;
        for (double[] b : bounds) {
            n += b.length;
        }
        double[] out = new double[n + 1];
        int k = 0;
        out[k++] = bounds.length;
        for (int f = 0; f < bounds.length; f++) {
            double[] b = bounds[f];
            out[k++] = b.length;
            out[k++] = categories[f];
            System.arraycopy(b, 0, out, k, b.length);
            k += b.length;
        }
        return out;
    }

    /**
     * @param flat the output of {@link #toFlat()}
     * @return the bins
     */
    public static FeatureBins fromFlat(double[] flat) {
        int k = 0;
        int n = (int) flat[k++];
        double[][] b = new double[n][];
        int[] c = new int[n];
        for (int f = 0; f < n; f++) {
            int len = (int) flat[k++];
            c[f] = (int) flat[k++];
            b[f] = Arrays.copyOfRange(flat, k, k + len);
            k += len;
        }
        return new FeatureBins(b, c);
    }
}
