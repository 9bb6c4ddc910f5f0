package dev.ember.ml.core.data;

import dev.ember.ml.core.InvalidArgumentException;
import dev.ember.ml.core.runtime.AggregateKernel;
import dev.ember.ml.core.runtime.KernelParams;
import dev.ember.ml.core.runtime.ValueCodec;
import dev.ember.ml.core.runtime.ValueCodecs;

/**
 * Count, mean, sum of squared deviations, min and max of the non-null values of the numeric columns named by
 * {@code columns}, in one pass ({@link Frame#describe()}). The accumulator holds five doubles per column:
 * {@code [count, mean, m2, min, max]}. Each partition's moments come from two passes over its values (mean, then
 * squared deviations from it), and partials merge with Chan et al.'s pairwise update, which is associative up to
 * rounding and stable for large means ("Updating Formulae and a Pairwise Algorithm for Computing Sample
 * Variances", 1979).
 */
public final class DescribeKernel implements AggregateKernel<double[]> {
    /** Doubles per column in the accumulator. */
    static final int STRIDE = 5;

    @Override
    public double[] zero(KernelParams params) {
        int k = params.getStringArray("columns").length;
        double[] acc = new double[STRIDE * k];
        for (int j = 0; j < k; j++) {
            acc[STRIDE * j + 3] = Double.POSITIVE_INFINITY;
            acc[STRIDE * j + 4] = Double.NEGATIVE_INFINITY;
        }
        return acc;
    }

    @Override
    public double[] seqOp(double[] acc, Partition partition, KernelParams params) {
        String[] cols = params.getStringArray("columns");
        double[] part = new double[STRIDE];
        for (int j = 0; j < cols.length; j++) {
            Column c = partition.column(cols[j]);
            moments(c, part);
            merge(acc, STRIDE * j, part, 0);
        }
        return acc;
    }

    private static void moments(Column c, double[] out) {
        double[] v = nonNullValues(c);
        int k = v.length;
        double sum = 0;
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < k; i++) {
            sum += v[i];
            min = Math.min(min, v[i]);
            max = Math.max(max, v[i]);
        }
        double mean = k == 0 ? 0 : sum / k;
        double m2 = 0;
        for (int i = 0; i < k; i++) {
            double d = v[i] - mean;
            m2 += d * d;
        }
        out[0] = k;
        out[1] = mean;
        out[2] = m2;
        out[3] = min;
        out[4] = max;
    }

    /** The column's non-null values, read in one bulk copy from its off-heap buffer and widened to double. */
    private static double[] nonNullValues(Column c) {
        int n = c.length();
        double[] v = new double[n];
        switch (c.type()) {
            case DOUBLE -> c.doubles().get(v);
            case FLOAT -> {
                float[] f = new float[n];
                c.floats().get(f);
                for (int r = 0; r < n; r++) {
                    v[r] = f[r];
                }
            }
            case LONG -> {
                long[] l = new long[n];
                c.longs().get(l);
                for (int r = 0; r < n; r++) {
                    v[r] = l[r];
                }
            }
            case INT -> {
                int[] i = new int[n];
                c.ints().get(i);
                for (int r = 0; r < n; r++) {
                    v[r] = i[r];
                }
            }
            default -> throw new InvalidArgumentException("describe: column '" + c.name() + "' is "
                + c.field().typeString() + ", expected a number");
        }
        if (c.nullCount() == 0) {
            return v;
        }
        java.util.BitSet nulls = c.nulls();
        int k = 0;
        for (int r = nulls.nextClearBit(0); r < n; r = nulls.nextClearBit(r + 1)) {
            v[k++] = v[r];
        }
        return java.util.Arrays.copyOf(v, k);
    }

    private static void merge(double[] a, int at, double[] b, int bt) {
        double na = a[at];
        double nb = b[bt];
        if (nb == 0) {
            return;
        }
        double n = na + nb;
        double delta = b[bt + 1] - a[at + 1];
        a[at + 1] = na == 0 ? b[bt + 1] : a[at + 1] + delta * nb / n;
        a[at + 2] = a[at + 2] + b[bt + 2] + delta * delta * na * nb / n;
        a[at] = n;
        a[at + 3] = Math.min(a[at + 3], b[bt + 3]);
        a[at + 4] = Math.max(a[at + 4], b[bt + 4]);
    }

    @Override
    public double[] combOp(double[] left, double[] right) {
        if (left.length != right.length) {
            throw new InvalidArgumentException("describe: found accumulators of " + left.length + " and "
                + right.length + " values, expected equal lengths");
        }
        for (int at = 0; at < left.length; at += STRIDE) {
            merge(left, at, right, at);
        }
        return left;
    }

    @Override
    public ValueCodec<double[]> codec() {
        return ValueCodecs.DOUBLE_ARRAY;
    }
}
