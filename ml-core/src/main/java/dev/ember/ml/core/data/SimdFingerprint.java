package dev.ember.ml.core.data;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The fingerprint's per-row mixing of a numeric column without nulls, several rows at a time with the Java Vector
 * API: each lane is one row, {@code row[r] = row[r] * GOLDEN + mix(bits(value))} with the same bits
 * ({@link Double#doubleToLongBits}, {@link Float#floatToIntBits} sign-extended, ints sign-extended) and the same
 * SplitMix64 finalizer as the scalar loop in {@link CoreKernels.Fingerprint}, so the hash is bit-identical.
 * Loaded only when the Vector API is present.
 */
final class SimdFingerprint {
    private static final VectorSpecies<Long> LS = LongVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Double> DS = DoubleVector.SPECIES_PREFERRED;
    /** Floats and ints as many as {@link #LS} has lanes, widened to one long vector per load. */
    private static final VectorSpecies<Float> FH = VectorSpecies.of(float.class,
        VectorShape.forBitSize(LS.vectorBitSize() / 2));
    private static final VectorSpecies<Integer> IH = VectorSpecies.of(int.class,
        VectorShape.forBitSize(LS.vectorBitSize() / 2));
    private static final ByteOrder ORDER = ByteOrder.nativeOrder();
    private static final long GOLDEN = 0x9E3779B97F4A7C15L;
    private static final long CANONICAL_DOUBLE_NAN = Double.doubleToLongBits(Double.NaN);
    private static final int CANONICAL_FLOAT_NAN = Float.floatToIntBits(Float.NaN);

    private SimdFingerprint() {
    }

    /**
     * Mixes the column's values into the rows' hashes.
     *
     * @param c a DOUBLE, FLOAT, LONG, TIMESTAMP or INT column without nulls
     * @param row the rows' hashes so far
     * @param from the first row to mix
     * @param to the end of the rows to mix (exclusive)
     * @return the first row not mixed (the caller's scalar loop does the rest), or -1 for another type
     */
    static int mix(Column c, long[] row, int from, int to) {
        int lanes = LS.length();
        int upper = from + (to - from) - (to - from) % lanes;
        ByteBuffer b = c.rawBytes();
        switch (c.type()) {
            case DOUBLE -> {
                for (int r = from; r < upper; r += lanes) {
                    DoubleVector v = DoubleVector.fromByteBuffer(DS, b, r << 3, ORDER);
                    VectorMask<Long> nan = v.test(VectorOperators.IS_NAN).cast(LS);
                    LongVector bits = v.reinterpretAsLongs().blend(CANONICAL_DOUBLE_NAN, nan);
                    step(row, r, bits);
                }
            }
            case FLOAT -> {
                for (int r = from; r < upper; r += lanes) {
                    FloatVector v = FloatVector.fromByteBuffer(FH, b, r << 2, ORDER);
                    VectorMask<Integer> nan = v.test(VectorOperators.IS_NAN).cast(IH);
                    IntVector bits = v.reinterpretAsInts().blend(CANONICAL_FLOAT_NAN, nan);
                    step(row, r, (LongVector) bits.convertShape(VectorOperators.I2L, LS, 0));
                }
            }
            case LONG, TIMESTAMP -> {
                for (int r = from; r < upper; r += lanes) {
                    step(row, r, LongVector.fromByteBuffer(LS, b, r << 3, ORDER));
                }
            }
            case INT -> {
                for (int r = from; r < upper; r += lanes) {
                    IntVector v = IntVector.fromByteBuffer(IH, b, r << 2, ORDER);
                    step(row, r, (LongVector) v.convertShape(VectorOperators.I2L, LS, 0));
                }
            }
            default -> {
                return -1;
            }
        }
        return upper;
    }

    /** {@code row[r..] = row[r..] * GOLDEN + mix(bits)}. */
    private static void step(long[] row, int r, LongVector bits) {
        LongVector z = bits.lanewise(VectorOperators.XOR, bits.lanewise(VectorOperators.LSHR, 30))
            .mul(0xbf58476d1ce4e5b9L);
        z = z.lanewise(VectorOperators.XOR, z.lanewise(VectorOperators.LSHR, 27)).mul(0x94d049bb133111ebL);
        z = z.lanewise(VectorOperators.XOR, z.lanewise(VectorOperators.LSHR, 31));
        LongVector.fromArray(LS, row, r).mul(GOLDEN).add(z).intoArray(row, r);
    }
}
