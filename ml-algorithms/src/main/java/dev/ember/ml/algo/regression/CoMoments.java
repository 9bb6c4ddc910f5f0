package dev.ember.ml.algo.regression;

import dev.ember.ml.core.InvalidArgumentException;
import dev.ember.ml.core.runtime.ValueCodec;
import dev.ember.ml.core.runtime.ValueCodecs;

import java.nio.ByteBuffer;

/**
 * Weighted means and centered co-moments of the features and the label: {@code W}, {@code sum(w^2)}, means of x
 * and y, the scatter matrix {@code Sxx = sum w (x - mx)(x - mx)^T} (upper triangle, packed), {@code Sxy} and
 * {@code Syy}. Partitions compute theirs around their own means and merge with Chan et al.'s pairwise update,
 * so the normal equations are formed without the cancellation of raw sums of squares.
 */
final class CoMoments {
    final int d;
    double weightSum;
    double weightSqSum;
    final double[] meanX;
    double meanY;
    /** Packed upper triangle, row-major: (i, j) for j >= i at {@code i * d - i * (i - 1) / 2 + (j - i)}. */
    final double[] sxx;
    final double[] sxy;
    double syy;

    CoMoments(int d) {
        this.d = d;
        meanX = new double[d];
        sxx = new double[d * (d + 1) / 2];
        sxy = new double[d];
    }

    static int at(int d, int i, int j) {
        return i * d - i * (i - 1) / 2 + (j - i);
    }

    double sxx(int i, int j) {
        return i <= j ? sxx[at(d, i, j)] : sxx[at(d, j, i)];
    }

    CoMoments merge(CoMoments o) {
        if (o.d != d) {
            throw new InvalidArgumentException("co-moments width: found " + o.d + ", expected " + d);
        }
        if (o.weightSum == 0) {
            return this;
        }
        if (weightSum == 0) {
            weightSum = o.weightSum;
            weightSqSum = o.weightSqSum;
            System.arraycopy(o.meanX, 0, meanX, 0, d);
            meanY = o.meanY;
            System.arraycopy(o.sxx, 0, sxx, 0, sxx.length);
            System.arraycopy(o.sxy, 0, sxy, 0, d);
            syy = o.syy;
            return this;
        }
        double w = weightSum + o.weightSum;
        double f = weightSum * o.weightSum / w;
        double[] dx = new double[d];
        for (int i = 0; i < d; i++) {
            dx[i] = o.meanX[i] - meanX[i];
        }
        double dy = o.meanY - meanY;
        for (int i = 0; i < d; i++) {
            for (int j = i; j < d; j++) {
                sxx[at(d, i, j)] += o.sxx[at(d, i, j)] + dx[i] * dx[j] * f;
            }
            sxy[i] += o.sxy[i] + dx[i] * dy * f;
        }
        syy += o.syy + dy * dy * f;
        for (int i = 0; i < d; i++) {
            meanX[i] += dx[i] * o.weightSum / w;
        }
        meanY += dy * o.weightSum / w;
        weightSum = w;
        weightSqSum += o.weightSqSum;
        return this;
    }

    /** Binary form: d, W, sum w^2, meanY, Syy, then meanX, Sxx (packed), Sxy as length-prefixed arrays. */
    static final ValueCodec<CoMoments> CODEC = new ValueCodec<>() {
        @Override
        public int encodedLength(CoMoments m) {
            return 4 + 32 + ValueCodecs.DOUBLE_ARRAY.encodedLength(m.meanX)
                + ValueCodecs.DOUBLE_ARRAY.encodedLength(m.sxx) + ValueCodecs.DOUBLE_ARRAY.encodedLength(m.sxy);
        }

        @Override
        public void encode(CoMoments m, ByteBuffer out) {
            out.putInt(m.d).putDouble(m.weightSum).putDouble(m.weightSqSum).putDouble(m.meanY).putDouble(m.syy);
            ValueCodecs.DOUBLE_ARRAY.encode(m.meanX, out);
            ValueCodecs.DOUBLE_ARRAY.encode(m.sxx, out);
            ValueCodecs.DOUBLE_ARRAY.encode(m.sxy, out);
        }

        @Override
        public CoMoments decode(ByteBuffer in) {
            if (in.remaining() < 36) {
                throw new InvalidArgumentException("co-moments: found " + in.remaining() + " bytes, expected >= 36");
            }
            int d = in.getInt();
            if (d < 0 || d > 100_000) {
                throw new InvalidArgumentException("co-moments: found width " + d + ", expected 0..100000");
            }
            CoMoments m = new CoMoments(d);
            m.weightSum = in.getDouble();
            m.weightSqSum = in.getDouble();
            m.meanY = in.getDouble();
            m.syy = in.getDouble();
            copy(ValueCodecs.DOUBLE_ARRAY.decode(in), m.meanX);
            copy(ValueCodecs.DOUBLE_ARRAY.decode(in), m.sxx);
            copy(ValueCodecs.DOUBLE_ARRAY.decode(in), m.sxy);
            return m;
        }

        private void copy(double[] from, double[] to) {
            if (from.length != to.length) {
                throw new InvalidArgumentException("co-moments: found an array of " + from.length + ", expected "
                    + to.length);
            }
            System.arraycopy(from, 0, to, 0, to.length);
        }
    };
}
