package dev.ember.ml.algo.feature;

import dev.ember.ml.core.runtime.ValueCodec;
import dev.ember.ml.core.runtime.ValueCodecs;

import java.nio.ByteBuffer;

/**
 * Count, mean and sum of squared deviations per column, merged with Chan et al.'s parallel update
 * ("Updating Formulae and a Pairwise Algorithm for Computing Sample Variances", 1979). Each partition computes
 * its own in two passes over its block (exact mean, then deviations), so the result does not suffer the
 * cancellation of a sum-of-squares formula.
 */
final class Moments {
    long count;
    final double[] mean;
    final double[] m2;

    Moments(int width) {
        this.mean = new double[width];
        this.m2 = new double[width];
    }

    /**
     * Merges another partition's moments into this one.
     *
     * @param o the other moments, of the same width
     * @return this
     */
    Moments merge(Moments o) {
        if (o.mean.length != mean.length) {
            throw new IllegalArgumentException("moments width: found " + o.mean.length + ", expected "
                + mean.length);
        }
        if (o.count == 0) {
            return this;
        }
        if (count == 0) {
            count = o.count;
            System.arraycopy(o.mean, 0, mean, 0, mean.length);
            System.arraycopy(o.m2, 0, m2, 0, m2.length);
            return this;
        }
        double n = count + o.count;
        double wa = count / n;
        double wb = o.count / n;
        double cross = (double) count * o.count / n;
        for (int j = 0; j < mean.length; j++) {
            double delta = o.mean[j] - mean[j];
            mean[j] = mean[j] * wa + o.mean[j] * wb;
            m2[j] += o.m2[j] + delta * delta * cross;
        }
        count += o.count;
        return this;
    }

    /** @return the sample standard deviation per column (n - 1 denominator; 0 for a single row) */
    double[] sampleStd() {
        double[] s = new double[m2.length];
        if (count > 1) {
            for (int j = 0; j < s.length; j++) {
                s[j] = Math.sqrt(m2[j] / (count - 1));
            }
        }
        return s;
    }

    /** The wire form: count, then the two length-prefixed arrays. */
    static final ValueCodec<Moments> CODEC = new ValueCodec<>() {
        @Override
        public int encodedLength(Moments m) {
            return 8 + 2 * ValueCodecs.DOUBLE_ARRAY.encodedLength(m.mean);
        }

        @Override
        public void encode(Moments m, ByteBuffer out) {
            out.putLong(m.count);
            ValueCodecs.DOUBLE_ARRAY.encode(m.mean, out);
            ValueCodecs.DOUBLE_ARRAY.encode(m.m2, out);
        }

        @Override
        public Moments decode(ByteBuffer in) {
            if (in.remaining() < 8) {
                throw new IllegalArgumentException("moments: found " + in.remaining() + " bytes, expected >= 8");
            }
            long count = in.getLong();
            double[] mean = ValueCodecs.DOUBLE_ARRAY.decode(in);
            double[] m2 = ValueCodecs.DOUBLE_ARRAY.decode(in);
            if (mean.length != m2.length || count < 0) {
                throw new IllegalArgumentException("moments: inconsistent widths " + mean.length + "/" + m2.length
                    + " or count " + count);
            }
            Moments m = new Moments(mean.length);
            m.count = count;
            System.arraycopy(mean, 0, m.mean, 0, mean.length);
            System.arraycopy(m2, 0, m.m2, 0, m2.length);
            return m;
        }
    };
}
