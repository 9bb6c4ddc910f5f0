package dev.ember.ml.algo.feature;

import dev.ember.ml.core.InvalidArgumentException;
import dev.ember.ml.core.runtime.ValueCodec;
import dev.ember.ml.core.runtime.ValueCodecs;

import java.nio.ByteBuffer;

/**
 * The count, column means and centered scatter matrix {@code S = sum (x - mean)(x - mean)^T} of a vector column
 * (upper triangle, packed row-major), from which {@link PCA} takes the sample covariance {@code S / (n - 1)}.
 * Each partition computes its own around its own mean, in two passes over its block (so no sum-of-squares
 * cancellation), and partitions merge exactly with Chan, Golub and LeVeque's pairwise update ("Updating Formulae
 * and a Pairwise Algorithm for Computing Sample Variances", 1979):
 * {@code S = S_a + S_b + (n_a n_b / n) (mean_b - mean_a)(mean_b - mean_a)^T}.
 */
final class ScatterMatrix {
    final int d;
    long count;
    final double[] mean;
    /** Packed upper triangle: (i, j), j >= i, at {@link #at(int, int)}. */
    final double[] scatter;

    ScatterMatrix(int d) {
        this.d = d;
        this.mean = new double[d];
        this.scatter = new double[d * (d + 1) / 2];
    }

    int at(int i, int j) {
        return i * d - i * (i - 1) / 2 + (j - i);
    }

    /**
     * @param i a row
     * @param j a column
     * @return {@code S[i][j]}
     */
    double get(int i, int j) {
        return i <= j ? scatter[at(i, j)] : scatter[at(j, i)];
    }

    ScatterMatrix merge(ScatterMatrix o) {
        if (o.d != d) {
            throw new InvalidArgumentException("scatter matrix width: found " + o.d + ", expected " + d);
        }
        if (o.count == 0) {
            return this;
        }
        if (count == 0) {
            count = o.count;
            System.arraycopy(o.mean, 0, mean, 0, d);
            System.arraycopy(o.scatter, 0, scatter, 0, scatter.length);
            return this;
        }
        double n = (double) count + o.count;
        double f = (double) count * o.count / n;
        double[] delta = new double[d];
        for (int i = 0; i < d; i++) {
            delta[i] = o.mean[i] - mean[i];
        }
        for (int i = 0; i < d; i++) {
            for (int j = i; j < d; j++) {
                int k = at(i, j);
                scatter[k] += o.scatter[k] + delta[i] * delta[j] * f;
            }
            mean[i] += delta[i] * o.count / n;
        }
        count += o.count;
        return this;
    }

    /** Binary form: d, count, then mean and the packed scatter as length-prefixed arrays. */
    static final ValueCodec<ScatterMatrix> CODEC = new ValueCodec<>() {
        @Override
        public int encodedLength(ScatterMatrix m) {
            return 12 + ValueCodecs.DOUBLE_ARRAY.encodedLength(m.mean)
                + ValueCodecs.DOUBLE_ARRAY.encodedLength(m.scatter);
        }

        @Override
        public void encode(ScatterMatrix m, ByteBuffer out) {
            out.putInt(m.d).putLong(m.count);
            ValueCodecs.DOUBLE_ARRAY.encode(m.mean, out);
            ValueCodecs.DOUBLE_ARRAY.encode(m.scatter, out);
        }

        @Override
        public ScatterMatrix decode(ByteBuffer in) {
            if (in.remaining() < 12) {
                throw new InvalidArgumentException("scatter matrix: found " + in.remaining()
                    + " bytes, expected >= 12");
            }
            int d = in.getInt();
            if (d < 0 || d > 65_535) {
                throw new InvalidArgumentException("scatter matrix: found width " + d + ", expected 0..65535");
            }
            ScatterMatrix m = new ScatterMatrix(d);
            m.count = in.getLong();
            copy(ValueCodecs.DOUBLE_ARRAY.decode(in), m.mean);
            copy(ValueCodecs.DOUBLE_ARRAY.decode(in), m.scatter);
            return m;
        }

        private void copy(double[] from, double[] to) {
            if (from.length != to.length) {
                throw new InvalidArgumentException("scatter matrix: found an array of " + from.length + ", expected "
                    + to.length);
            }
            System.arraycopy(from, 0, to, 0, to.length);
        }
    };
}
