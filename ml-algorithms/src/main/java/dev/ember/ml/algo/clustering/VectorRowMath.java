package dev.ember.ml.algo.clustering;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/** {@link RowMath} on SIMD lanes (loaded only when the Vector API is present). */
final class VectorRowMath extends RowMath {
    private static final VectorSpecies<Double> DS = DoubleVector.SPECIES_PREFERRED;

    @Override
    double sqDist(double[] x, double[] c, int off, int d) {
        int lanes = DS.length();
        int upper = DS.loopBound(d);
        DoubleVector acc = DoubleVector.zero(DS);
        int j = 0;
        for (; j < upper; j += lanes) {
            DoubleVector diff = DoubleVector.fromArray(DS, x, j).sub(DoubleVector.fromArray(DS, c, off + j));
            acc = diff.fma(diff, acc);
        }
        double s = sum(acc);
        for (; j < d; j++) {
            double a = x[j] - c[off + j];
            s += a * a;
        }
        return s;
    }

    @Override
    void axpy(double w, double[] x, double[] out, int off, int d) {
        int lanes = DS.length();
        int upper = DS.loopBound(d);
        DoubleVector wv = DoubleVector.broadcast(DS, w);
        int j = 0;
        for (; j < upper; j += lanes) {
            DoubleVector.fromArray(DS, x, j).fma(wv, DoubleVector.fromArray(DS, out, off + j)).intoArray(out, off + j);
        }
        for (; j < d; j++) {
            out[off + j] += w * x[j];
        }
    }

    /** Butterfly steps: lane i plus lane i ^ h, h from half the lanes down to 1. */
    @SuppressWarnings("unchecked")
    private static final VectorShuffle<Double>[] STEPS = steps();

    @SuppressWarnings("unchecked")
    private static VectorShuffle<Double>[] steps() {
        int n = Integer.numberOfTrailingZeros(DS.length());
        VectorShuffle<Double>[] out = new VectorShuffle[n];
        for (int s = 0; s < n; s++) {
            int h = DS.length() >> (s + 1);
            out[s] = VectorShuffle.fromOp(DS, i -> i ^ h);
        }
        return out;
    }

    /** The lanes' sum in a fixed order (a butterfly), the same interpreted or compiled. */
    private static double sum(DoubleVector v) {
        for (VectorShuffle<Double> step : STEPS) {
            v = v.add(v.rearrange(step));
        }
        return v.lane(0);
    }

    @Override
    int batch() {
        return DS.length();
    }

    /**
     * The rows are transposed into a {@code d x lanes} block (lane i holds row i), so that the distances of all
     * of them to one center accumulate in one vector, element by element in order: no lane sums, and each row's
     * distance is the same sequential sum whatever the batch.
     */
    @Override
    void put(Batch b, int i, double[] x, int d) {
        int lanes = DS.length();
        double[] t = b.transposed;
        for (int j = 0; j < d; j++) {
            t[j * lanes + i] = x[j];
        }
    }

    /**
     * Four (then two, then one) centers per sweep over the batch (independent FMA chains; each distance still
     * summed element by element in order), and the nearest / second-nearest kept in lanes with masks instead of a
     * branch per row and center (the same comparisons, so the same result: the lowest index on a tie).
     */
    @Override
    void nearest(Batch b, int count, double[] c, int k, int d) {
        int lanes = DS.length();
        double[] t = b.transposed;
        DoubleVector inf = DoubleVector.broadcast(DS, Double.POSITIVE_INFINITY);
        DoubleVector d1 = inf;
        DoubleVector d2 = inf;
        DoubleVector best = DoubleVector.zero(DS);
        int center = 0;
        for (; center + 3 < k; center += 4) {
            int off = center * d;
            DoubleVector acc = DoubleVector.zero(DS);
            DoubleVector acc2 = DoubleVector.zero(DS);
            DoubleVector acc3 = DoubleVector.zero(DS);
            DoubleVector acc4 = DoubleVector.zero(DS);
            for (int j = 0; j < d; j++) {
                DoubleVector row = DoubleVector.fromArray(DS, t, j * lanes);
                DoubleVector diff = row.sub(c[off + j]);
                DoubleVector diff2 = row.sub(c[off + d + j]);
                DoubleVector diff3 = row.sub(c[off + 2 * d + j]);
                DoubleVector diff4 = row.sub(c[off + 3 * d + j]);
                acc = diff.fma(diff, acc);
                acc2 = diff2.fma(diff2, acc2);
                acc3 = diff3.fma(diff3, acc3);
                acc4 = diff4.fma(diff4, acc4);
            }
            VectorMask<Double> nearer = acc.lt(d1);
            d2 = d2.blend(acc, acc.lt(d2)).blend(d1, nearer);
            d1 = d1.blend(acc, nearer);
            best = best.blend(center, nearer);
            nearer = acc2.lt(d1);
            d2 = d2.blend(acc2, acc2.lt(d2)).blend(d1, nearer);
            d1 = d1.blend(acc2, nearer);
            best = best.blend(center + 1, nearer);
            nearer = acc3.lt(d1);
            d2 = d2.blend(acc3, acc3.lt(d2)).blend(d1, nearer);
            d1 = d1.blend(acc3, nearer);
            best = best.blend(center + 2, nearer);
            nearer = acc4.lt(d1);
            d2 = d2.blend(acc4, acc4.lt(d2)).blend(d1, nearer);
            d1 = d1.blend(acc4, nearer);
            best = best.blend(center + 3, nearer);
        }
        for (; center + 1 < k; center += 2) {
            int off = center * d;
            int off2 = off + d;
            DoubleVector acc = DoubleVector.zero(DS);
            DoubleVector acc2 = DoubleVector.zero(DS);
            for (int j = 0; j < d; j++) {
                DoubleVector row = DoubleVector.fromArray(DS, t, j * lanes);
                DoubleVector diff = row.sub(c[off + j]);
                DoubleVector diff2 = row.sub(c[off2 + j]);
                acc = diff.fma(diff, acc);
                acc2 = diff2.fma(diff2, acc2);
            }
            VectorMask<Double> nearer = acc.lt(d1);
            d2 = d2.blend(acc, acc.lt(d2)).blend(d1, nearer);
            d1 = d1.blend(acc, nearer);
            best = best.blend(center, nearer);
            nearer = acc2.lt(d1);
            d2 = d2.blend(acc2, acc2.lt(d2)).blend(d1, nearer);
            d1 = d1.blend(acc2, nearer);
            best = best.blend(center + 1, nearer);
        }
        for (; center < k; center++) {
            int off = center * d;
            DoubleVector acc = DoubleVector.zero(DS);
            for (int j = 0; j < d; j++) {
                DoubleVector diff = DoubleVector.fromArray(DS, t, j * lanes).sub(c[off + j]);
                acc = diff.fma(diff, acc);
            }
            VectorMask<Double> nearer = acc.lt(d1);
            d2 = d2.blend(acc, acc.lt(d2)).blend(d1, nearer);
            d1 = d1.blend(acc, nearer);
            best = best.blend(center, nearer);
        }
        d1.intoArray(b.d1, 0);
        d2.intoArray(b.d2, 0);
        best.intoArray(b.dist, 0);
        for (int i = 0; i < count; i++) {
            b.assign[i] = (int) b.dist[i];
        }
    }
}
