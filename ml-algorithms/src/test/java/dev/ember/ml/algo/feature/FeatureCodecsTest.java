package dev.ember.ml.algo.feature;

import dev.ember.ml.core.InvalidArgumentException;
import dev.ember.ml.core.runtime.ValueCodec;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The wire codecs of the feature kernels' accumulators, at a non-zero offset in a dirtied buffer, and the
 * associativity of the scatter-matrix merge.
 */
class FeatureCodecsTest {
    private static final long SEED = 20_240_611L;

    private static <T> T roundTrip(ValueCodec<T> codec, T value) {
        int len = codec.encodedLength(value);
        ByteBuffer buf = ByteBuffer.allocate(len + 37);
        while (buf.hasRemaining()) {
            buf.put((byte) 0xA5);
        }
        buf.position(13);
        codec.encode(value, buf);
        assertEquals(13 + len, buf.position(), "encodedLength must match what encode writes");
        buf.position(13);
        T back = codec.decode(buf);
        assertEquals(13 + len, buf.position(), "decode must consume what encode wrote");
        return back;
    }

    private static ScatterMatrix scatter(SplittableRandom rnd, int d, int rows) {
        ScatterMatrix m = new ScatterMatrix(d);
        double[][] x = new double[rows][d];
        for (double[] r : x) {
            for (int j = 0; j < d; j++) {
                r[j] = rnd.nextDouble(-5, 5) + 100 * j;
            }
        }
        m.count = rows;
        for (double[] r : x) {
            for (int j = 0; j < d; j++) {
                m.mean[j] += r[j] / rows;
            }
        }
        for (double[] r : x) {
            for (int i = 0; i < d; i++) {
                for (int j = i; j < d; j++) {
                    m.scatter[m.at(i, j)] += (r[i] - m.mean[i]) * (r[j] - m.mean[j]);
                }
            }
        }
        return m;
    }

    private static ScatterMatrix copy(ScatterMatrix m) {
        return new ScatterMatrix(m.d).merge(m);
    }

    @Test
    void shouldRoundTripTheScatterMatrixAndSortedValues() {
        SplittableRandom rnd = new SplittableRandom(SEED);
        ScatterMatrix m = scatter(rnd, 5, 17);
        ScatterMatrix back = roundTrip(ScatterMatrix.CODEC, m);
        assertEquals(m.count, back.count);
        assertArrayEquals(m.mean, back.mean, 0.0);
        assertArrayEquals(m.scatter, back.scatter, 0.0);
        double[][] sorted = {{-1, 0, 2.5}, {}, {Double.NEGATIVE_INFINITY, 7}};
        assertArrayEquals(sorted, roundTrip(QuantileKernels.ARRAYS, sorted));
        ByteBuffer truncated = ByteBuffer.allocate(8).putInt(0, 5).putInt(4, 3);
        assertThrows(InvalidArgumentException.class, () -> QuantileKernels.ARRAYS.decode(truncated));
    }

    @Test
    void shouldMergeScatterMatricesAssociatively() {
        SplittableRandom rnd = new SplittableRandom(SEED);
        for (int trial = 0; trial < 20; trial++) {
            ScatterMatrix a = scatter(rnd, 4, 1 + rnd.nextInt(30));
            ScatterMatrix b = scatter(rnd, 4, 1 + rnd.nextInt(30));
            ScatterMatrix c = scatter(rnd, 4, 1 + rnd.nextInt(30));
            ScatterMatrix left = copy(a).merge(copy(b)).merge(copy(c));
            ScatterMatrix right = copy(a).merge(copy(b).merge(copy(c)));
            assertEquals(left.count, right.count, "seed " + SEED + ", trial " + trial);
            FeatureFixtures.assertClose(left.mean, right.mean, 1e-12, "mean, seed " + SEED + ", trial " + trial);
            FeatureFixtures.assertClose(left.scatter, right.scatter, 1e-10, "scatter, seed " + SEED + ", trial "
                + trial);
        }
    }

    @Test
    void shouldMergeSortedRunsAndMeansIndependentlyOfGrouping() {
        QuantileKernels.SortedValues sv = new QuantileKernels.SortedValues();
        double[][] merged = sv.combOp(new double[][] {{1, 4, 9}}, new double[][] {{2, 3, 10, 11}});
        assertArrayEquals(new double[] {1, 2, 3, 4, 9, 10, 11}, merged[0], 0.0);
        QuantileKernels.Means means = new QuantileKernels.Means();
        double[] ab = means.combOp(new double[] {2, 1.5}, new double[] {3, 10});
        assertArrayEquals(new double[] {5, 6.6}, ab, 1e-15);
        double[] withEmpty = means.combOp(new double[] {0, 0}, new double[] {4, 2.5});
        assertArrayEquals(new double[] {4, 2.5}, withEmpty, 0.0);
        assertEquals(2.0, QuantileKernels.mode(new double[] {1, 2, 2, 3, 3}));
        assertEquals(3.0, QuantileKernels.quantile(new double[] {1, 2, 3, 4, 5}, 0.5));
        assertEquals(1.0, QuantileKernels.quantile(new double[] {1, 2, 3, 4, 5}, 0.0));
        assertEquals(5.0, QuantileKernels.quantile(new double[] {1, 2, 3, 4, 5}, 1.0));
        assertArrayEquals(new double[] {Double.NEGATIVE_INFINITY, 0, 3, Double.POSITIVE_INFINITY},
            QuantileDiscretizer.splits(new double[] {-0.0, 0, 0, 3, 3, 3}, 4), 0.0);
    }
}
