package dev.ember.ml.algo.clustering;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
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

    /**
     * The lanes of {@link #sqDist} in scalar code: lane {@code i} sums the elements {@code j = i (mod lanes)} below
     * the loop bound with fused multiply-adds, the lanes are added in the butterfly's order, then the tail.
     */
    @Override
    double sqDistColumn(float[] t, int lane, int stride, double[] c, int off, int d) {
        int lanes = DS.length();
        int upper = DS.loopBound(d);
        if (lanes == 4) {
            double a0 = 0;
            double a1 = 0;
            double a2 = 0;
            double a3 = 0;
            int j = 0;
            for (; j < upper; j += 4) {
                double e0 = t[j * stride + lane] - c[off + j];
                double e1 = t[(j + 1) * stride + lane] - c[off + j + 1];
                double e2 = t[(j + 2) * stride + lane] - c[off + j + 2];
                double e3 = t[(j + 3) * stride + lane] - c[off + j + 3];
                a0 = Math.fma(e0, e0, a0);
                a1 = Math.fma(e1, e1, a1);
                a2 = Math.fma(e2, e2, a2);
                a3 = Math.fma(e3, e3, a3);
            }
            double s = (a0 + a2) + (a1 + a3);
            for (; j < d; j++) {
                double a = t[j * stride + lane] - c[off + j];
                s += a * a;
            }
            return s;
        }
        double[] acc = new double[lanes];
        int j = 0;
        for (; j < upper; j += lanes) {
            for (int i = 0; i < lanes; i++) {
                double e = t[(j + i) * stride + lane] - c[off + j + i];
                acc[i] = Math.fma(e, e, acc[i]);
            }
        }
        for (int h = lanes / 2; h >= 1; h /= 2) {
            for (int i = 0; i < h; i++) {
                acc[i] = acc[i] + acc[i + h];
            }
        }
        double s = acc[0];
        for (; j < d; j++) {
            double a = t[j * stride + lane] - c[off + j];
            s += a * a;
        }
        return s;
    }

    @Override
    void sqDist4(double[] xs, double[] c, int o0, int o1, int o2, int o3, int d, double[] out) {
        int lanes = DS.length();
        int upper = DS.loopBound(d);
        DoubleVector a0 = DoubleVector.zero(DS);
        DoubleVector a1 = a0;
        DoubleVector a2 = a0;
        DoubleVector a3 = a0;
        int x1 = d;
        int x2 = 2 * d;
        int x3 = 3 * d;
        int j = 0;
        for (; j < upper; j += lanes) {
            DoubleVector e0 = DoubleVector.fromArray(DS, xs, j).sub(DoubleVector.fromArray(DS, c, o0 + j));
            DoubleVector e1 = DoubleVector.fromArray(DS, xs, x1 + j).sub(DoubleVector.fromArray(DS, c, o1 + j));
            DoubleVector e2 = DoubleVector.fromArray(DS, xs, x2 + j).sub(DoubleVector.fromArray(DS, c, o2 + j));
            DoubleVector e3 = DoubleVector.fromArray(DS, xs, x3 + j).sub(DoubleVector.fromArray(DS, c, o3 + j));
            a0 = e0.fma(e0, a0);
            a1 = e1.fma(e1, a1);
            a2 = e2.fma(e2, a2);
            a3 = e3.fma(e3, a3);
        }
        double s0 = sum(a0);
        double s1 = sum(a1);
        double s2 = sum(a2);
        double s3 = sum(a3);
        for (; j < d; j++) {
            double b0 = xs[j] - c[o0 + j];
            double b1 = xs[x1 + j] - c[o1 + j];
            double b2 = xs[x2 + j] - c[o2 + j];
            double b3 = xs[x3 + j] - c[o3 + j];
            s0 += b0 * b0;
            s1 += b1 * b1;
            s2 += b2 * b2;
            s3 += b3 * b3;
        }
        out[0] = s0;
        out[1] = s1;
        out[2] = s2;
        out[3] = s3;
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

    /** Eight float lanes, a block's rows ({@link BlockedRows#BLOCK}), when the hardware has them. */
    private static final VectorSpecies<Float> F8 = FloatVector.SPECIES_256;
    private static final boolean F8_NATIVE = FloatVector.SPECIES_PREFERRED.length() >= F8.length();
    /** Scratch for {@link #nearestF}'s dot products, per thread (the kernels run on several). */
    private static final ThreadLocal<float[]> DOTS = ThreadLocal.withInitial(() -> new float[0]);

    /**
     * A lane per row: eight centers per sweep over the elements (eight independent FMA chains sharing each load of
     * the rows), then four, two and one with the elements split in two halves to keep more chains in flight; then
     * the dot products are folded into the smallest and second smallest with masks.
     */
    @Override
    void nearestF(float[] t, int d, float[] cf, float[] cn, int k, float[] xn, float[] d1, float[] d2, float[] best) {
        if (!F8_NATIVE) {
            super.nearestF(t, d, cf, cn, k, xn, d1, d2, best);
            return;
        }
        int n = F8.length();
        int h = d / 2;
        FloatVector zero = FloatVector.zero(F8);
        FloatVector n0 = zero;
        FloatVector n1 = zero;
        for (int j = 0; j < h; j++) {
            FloatVector r0 = FloatVector.fromArray(F8, t, j * n);
            FloatVector r1 = FloatVector.fromArray(F8, t, (j + h) * n);
            n0 = r0.fma(r0, n0);
            n1 = r1.fma(r1, n1);
        }
        if (2 * h < d) {
            FloatVector r1 = FloatVector.fromArray(F8, t, (d - 1) * n);
            n1 = r1.fma(r1, n1);
        }
        FloatVector norm = n0.add(n1);
        float[] dots = DOTS.get();
        if (dots.length < k * n) {
            dots = new float[k * n];
            DOTS.set(dots);
        }
        int c = 0;
        for (; c + 8 <= k; c += 8) {
            FloatVector a0 = zero;
            FloatVector a1 = zero;
            FloatVector a2 = zero;
            FloatVector a3 = zero;
            FloatVector a4 = zero;
            FloatVector a5 = zero;
            FloatVector a6 = zero;
            FloatVector a7 = zero;
            int o = c * d;
            for (int j = 0; j < d; j++, o++) {
                FloatVector r = FloatVector.fromArray(F8, t, j * n);
                a0 = r.fma(FloatVector.broadcast(F8, cf[o]), a0);
                a1 = r.fma(FloatVector.broadcast(F8, cf[o + d]), a1);
                a2 = r.fma(FloatVector.broadcast(F8, cf[o + 2 * d]), a2);
                a3 = r.fma(FloatVector.broadcast(F8, cf[o + 3 * d]), a3);
                a4 = r.fma(FloatVector.broadcast(F8, cf[o + 4 * d]), a4);
                a5 = r.fma(FloatVector.broadcast(F8, cf[o + 5 * d]), a5);
                a6 = r.fma(FloatVector.broadcast(F8, cf[o + 6 * d]), a6);
                a7 = r.fma(FloatVector.broadcast(F8, cf[o + 7 * d]), a7);
            }
            a0.intoArray(dots, (c) * n);
            a1.intoArray(dots, (c + 1) * n);
            a2.intoArray(dots, (c + 2) * n);
            a3.intoArray(dots, (c + 3) * n);
            a4.intoArray(dots, (c + 4) * n);
            a5.intoArray(dots, (c + 5) * n);
            a6.intoArray(dots, (c + 6) * n);
            a7.intoArray(dots, (c + 7) * n);
        }
        for (; c + 4 <= k; c += 4) {
            FloatVector a0 = zero;
            FloatVector a1 = zero;
            FloatVector a2 = zero;
            FloatVector a3 = zero;
            FloatVector b0 = zero;
            FloatVector b1 = zero;
            FloatVector b2 = zero;
            FloatVector b3 = zero;
            int o = c * d;
            for (int j = 0; j < h; j++, o++) {
                FloatVector r = FloatVector.fromArray(F8, t, j * n);
                FloatVector s = FloatVector.fromArray(F8, t, (j + h) * n);
                a0 = r.fma(FloatVector.broadcast(F8, cf[o]), a0);
                a1 = r.fma(FloatVector.broadcast(F8, cf[o + d]), a1);
                a2 = r.fma(FloatVector.broadcast(F8, cf[o + 2 * d]), a2);
                a3 = r.fma(FloatVector.broadcast(F8, cf[o + 3 * d]), a3);
                b0 = s.fma(FloatVector.broadcast(F8, cf[o + h]), b0);
                b1 = s.fma(FloatVector.broadcast(F8, cf[o + h + d]), b1);
                b2 = s.fma(FloatVector.broadcast(F8, cf[o + h + 2 * d]), b2);
                b3 = s.fma(FloatVector.broadcast(F8, cf[o + h + 3 * d]), b3);
            }
            if (2 * h < d) {
                FloatVector s = FloatVector.fromArray(F8, t, (d - 1) * n);
                int e = c * d + d - 1;
                b0 = s.fma(FloatVector.broadcast(F8, cf[e]), b0);
                b1 = s.fma(FloatVector.broadcast(F8, cf[e + d]), b1);
                b2 = s.fma(FloatVector.broadcast(F8, cf[e + 2 * d]), b2);
                b3 = s.fma(FloatVector.broadcast(F8, cf[e + 3 * d]), b3);
            }
            a0.add(b0).intoArray(dots, (c) * n);
            a1.add(b1).intoArray(dots, (c + 1) * n);
            a2.add(b2).intoArray(dots, (c + 2) * n);
            a3.add(b3).intoArray(dots, (c + 3) * n);
        }
        for (; c + 2 <= k; c += 2) {
            FloatVector a0 = zero;
            FloatVector a1 = zero;
            FloatVector b0 = zero;
            FloatVector b1 = zero;
            int o = c * d;
            for (int j = 0; j < h; j++, o++) {
                FloatVector r = FloatVector.fromArray(F8, t, j * n);
                FloatVector s = FloatVector.fromArray(F8, t, (j + h) * n);
                a0 = r.fma(FloatVector.broadcast(F8, cf[o]), a0);
                a1 = r.fma(FloatVector.broadcast(F8, cf[o + d]), a1);
                b0 = s.fma(FloatVector.broadcast(F8, cf[o + h]), b0);
                b1 = s.fma(FloatVector.broadcast(F8, cf[o + h + d]), b1);
            }
            if (2 * h < d) {
                FloatVector s = FloatVector.fromArray(F8, t, (d - 1) * n);
                int e = c * d + d - 1;
                b0 = s.fma(FloatVector.broadcast(F8, cf[e]), b0);
                b1 = s.fma(FloatVector.broadcast(F8, cf[e + d]), b1);
            }
            a0.add(b0).intoArray(dots, (c) * n);
            a1.add(b1).intoArray(dots, (c + 1) * n);
        }
        for (; c < k; c++) {
            FloatVector a0 = zero;
            FloatVector b0 = zero;
            int o = c * d;
            for (int j = 0; j < h; j++, o++) {
                a0 = FloatVector.fromArray(F8, t, j * n).fma(FloatVector.broadcast(F8, cf[o]), a0);
                b0 = FloatVector.fromArray(F8, t, (j + h) * n).fma(FloatVector.broadcast(F8, cf[o + h]), b0);
            }
            if (2 * h < d) {
                b0 = FloatVector.fromArray(F8, t, (d - 1) * n).fma(FloatVector.broadcast(F8, cf[c * d + d - 1]), b0);
            }
            a0.add(b0).intoArray(dots, (c) * n);
        }
        // fold the dot products into the smallest and second smallest with masks, lowest index first
        FloatVector d1v = FloatVector.broadcast(F8, Float.POSITIVE_INFINITY);
        FloatVector d2v = d1v;
        FloatVector bestv = zero;
        FloatVector minusTwo = FloatVector.broadcast(F8, -2f);
        for (int i = 0; i < k; i++) {
            FloatVector v = FloatVector.fromArray(F8, dots, i * n).fma(minusTwo, norm.add(cn[i]));
            VectorMask<Float> nearer = v.lt(d1v);
            d2v = d2v.blend(v, v.lt(d2v)).blend(d1v, nearer);
            d1v = d1v.blend(v, nearer);
            bestv = bestv.blend((float) i, nearer);
        }
        norm.intoArray(xn, 0);
        d1v.intoArray(d1, 0);
        d2v.intoArray(d2, 0);
        bestv.intoArray(best, 0);
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
