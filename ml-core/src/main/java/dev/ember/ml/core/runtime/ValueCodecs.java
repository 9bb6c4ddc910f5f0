package dev.ember.ml.core.runtime;

import dev.ember.ml.core.InvalidArgumentException;
import java.nio.ByteBuffer;

/** Codecs for the value types kernels most often aggregate or broadcast. */
public final class ValueCodecs {
    private ValueCodecs() {
    }

    /** A length-prefixed array of doubles, little-endian. */
    public static final ValueCodec<double[]> DOUBLE_ARRAY = new ValueCodec<>() {
        @Override
        public int encodedLength(double[] value) {
            return 4 + 8 * value.length;
        }

        @Override
        public void encode(double[] value, ByteBuffer out) {
            out.putInt(value.length);
            for (double v : value) {
                out.putDouble(v);
            }
        }

        @Override
        public double[] decode(ByteBuffer in) {
            int n = checkedLength(in, 8);
            double[] v = new double[n];
            for (int i = 0; i < n; i++) {
                v[i] = in.getDouble();
            }
            return v;
        }
    };

    /** A length-prefixed array of longs. */
    public static final ValueCodec<long[]> LONG_ARRAY = new ValueCodec<>() {
        @Override
        public int encodedLength(long[] value) {
            return 4 + 8 * value.length;
        }

        @Override
        public void encode(long[] value, ByteBuffer out) {
            out.putInt(value.length);
            for (long v : value) {
                out.putLong(v);
            }
        }

        @Override
        public long[] decode(ByteBuffer in) {
            int n = checkedLength(in, 8);
            long[] v = new long[n];
            for (int i = 0; i < n; i++) {
                v[i] = in.getLong();
            }
            return v;
        }
    };

    /** A single long. */
    public static final ValueCodec<Long> LONG = new ValueCodec<>() {
        @Override
        public int encodedLength(Long value) {
            return 8;
        }

        @Override
        public void encode(Long value, ByteBuffer out) {
            out.putLong(value);
        }

        @Override
        public Long decode(ByteBuffer in) {
            if (in.remaining() < 8) {
                throw new InvalidArgumentException("long value: found " + in.remaining() + " bytes, expected 8");
            }
            return in.getLong();
        }
    };

    /**
     * Reads a length prefix and checks that the buffer holds that many elements.
     *
     * @param in the buffer
     * @param elementBytes bytes per element
     * @return the element count
     */
    public static int checkedLength(ByteBuffer in, int elementBytes) {
        if (in.remaining() < 4) {
            throw new InvalidArgumentException("length prefix: found " + in.remaining() + " bytes, expected 4");
        }
        int n = in.getInt();
        if (n < 0 || (long) n * elementBytes > in.remaining()) {
            throw new InvalidArgumentException("length prefix " + n + " does not fit the " + in.remaining()
                + " bytes that follow");
        }
        return n;
    }
}
