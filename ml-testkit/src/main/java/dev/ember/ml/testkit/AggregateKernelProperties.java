package dev.ember.ml.testkit;

import dev.ember.ml.core.data.Partition;
import dev.ember.ml.core.runtime.AggregateKernel;
import dev.ember.ml.core.runtime.KernelParams;
import dev.ember.ml.core.runtime.ValueCodec;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.function.BiFunction;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The algebra every aggregate kernel must obey, checked as jqwik properties over accumulators that the kernel
 * itself builds from generated partitions (so only reachable accumulators are tried):
 *
 * <ul>
 *   <li>{@code zero()} is never null and is an identity of {@code combOp}, on both sides;</li>
 *   <li>{@code combOp} is associative: {@code (a + b) + c} equals {@code a + (b + c)}, up to
 *   {@link #equivalent} (floating-point sums are associative only up to rounding);</li>
 *   <li>the value codec is a round trip: decoding what was encoded at a non-zero offset in a dirtied buffer gives
 *   an equivalent value, consumes exactly {@code encodedLength} bytes and encodes back to the same bytes.</li>
 * </ul>
 *
 * <p>A kernel's test extends this class and says which partitions the kernel reads. {@code combOp} may update
 * its left argument, so every accumulator is copied through the codec before it is merged. jqwik reports the
 * seed of a failing try; the seed is fixed so runs repeat.
 *
 * @param <A> the accumulator type
 */
public abstract class AggregateKernelProperties<A> {
    /** The fixed seed of every property, as jqwik prints it on failure. */
    public static final String SEED = "20261205";
    private static final int OFFSET = 13;

    /** @return the kernel under test (the registered instance or a new one) */
    protected abstract AggregateKernel<A> kernel();

    /** @return the parameters of the calls tried */
    protected abstract KernelParams params();

    /** @return partitions the kernel accepts with {@link #params()} (all of one width, where widths matter) */
    protected abstract Arbitrary<Partition> partitions();

    /**
     * @param expected one accumulator
     * @param actual another
     * @return whether they hold the same aggregate (exactly for counts; up to rounding for floating sums)
     */
    protected abstract boolean equivalent(A expected, A actual);

    /**
     * Partitions of 1 to {@code maxRows} rows, built from a generated row count and seed.
     *
     * @param maxRows the most rows
     * @param build builds a partition of n rows from a random source
     * @return the arbitrary
     */
    public static Arbitrary<Partition> partitions(int maxRows, BiFunction<Integer, SplittableRandom, Partition> build) {
        return Combinators.combine(Arbitraries.integers().between(1, maxRows), Arbitraries.longs())
            .as((n, seed) -> build.apply(n, new SplittableRandom(seed)));
    }

    /**
     * @param expected doubles
     * @param actual doubles
     * @param relTol relative tolerance (of the larger magnitude, at least 1)
     * @return whether they have the same length and agree elementwise (NaN equals NaN)
     */
    public static boolean close(double[] expected, double[] actual, double relTol) {
        if (expected.length != actual.length) {
            return false;
        }
        for (int i = 0; i < expected.length; i++) {
            double e = expected[i];
            double a = actual[i];
            if (Double.compare(e, a) == 0) {
                continue;
            }
            double scale = Math.max(1, Math.max(Math.abs(e), Math.abs(a)));
            if (!(Math.abs(e - a) <= relTol * scale)) {
                return false;
            }
        }
        return true;
    }

    @Provide
    Arbitrary<Partition> partition() {
        return partitions();
    }

    private A fold(Partition p) {
        A zero = kernel().zero(params());
        assertNotNull(zero, "zero() must be a value, never null");
        return kernel().seqOp(zero, p, params());
    }

    private byte[] encode(A value) {
        ValueCodec<A> codec = kernel().codec();
        int len = codec.encodedLength(value);
        ByteBuffer buf = ByteBuffer.allocate(len);
        codec.encode(value, buf);
        assertEquals(len, buf.position(), "encodedLength must match what encode writes");
        return buf.array();
    }

    private A copy(A value) {
        return kernel().codec().decode(ByteBuffer.wrap(encode(value)));
    }

    private A merge(A left, A right) {
        return kernel().combOp(copy(left), copy(right));
    }

    /** @param p a partition */
    @Property(tries = 40, seed = SEED)
    void zeroShouldBeAnIdentityOfTheMerge(@ForAll("partition") Partition p) {
        A a = fold(p);
        A zero = kernel().zero(params());
        assertNotNull(zero, "zero() must be a value, never null");
        assertTrue(equivalent(a, kernel().combOp(kernel().zero(params()), copy(a))), "zero + a must equal a");
        assertTrue(equivalent(a, kernel().combOp(copy(a), kernel().zero(params()))), "a + zero must equal a");
        assertTrue(equivalent(kernel().zero(params()),
            kernel().combOp(kernel().zero(params()), kernel().zero(params()))), "zero + zero must equal zero");
    }

    /** @param p a partition @param q another @param r a third */
    @Property(tries = 40, seed = SEED)
    void mergeShouldBeAssociative(@ForAll("partition") Partition p, @ForAll("partition") Partition q,
                                  @ForAll("partition") Partition r) {
        A a = fold(p);
        A b = fold(q);
        A c = fold(r);
        A left = merge(merge(a, b), c);
        A right = merge(a, merge(b, c));
        assertTrue(equivalent(left, right), "(a + b) + c must equal a + (b + c)");
    }

    /** @param p a partition */
    @Property(tries = 40, seed = SEED)
    void codecShouldRoundTrip(@ForAll("partition") Partition p) {
        A a = fold(p);
        byte[] bytes = encode(a);
        ByteBuffer buf = ByteBuffer.allocate(bytes.length + OFFSET + 29);
        Arrays.fill(buf.array(), (byte) 0xA5);
        buf.position(OFFSET);
        kernel().codec().encode(a, buf);
        assertEquals(OFFSET + bytes.length, buf.position(), "encodedLength must match what encode writes");
        buf.position(OFFSET);
        A back = kernel().codec().decode(buf);
        assertEquals(OFFSET + bytes.length, buf.position(), "decode must consume what encode wrote");
        assertTrue(equivalent(a, back), "decode(encode(a)) must equal a");
        assertArrayEquals(bytes, encode(back), "decode then encode must give the same bytes");
        A zero = kernel().zero(params());
        assertTrue(equivalent(zero, copy(zero)), "the zero must round-trip too");
    }
}
