package dev.ember.ml.algo.tree.hist;

import dev.ember.ml.testkit.Seeds;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** The binning pass's fast paths give exactly what the plain ones give. */
class BinningKernelsTest {

    @Test
    void radixSortShouldOrderDoublesAsArraysSortDoes() {
        long seed = Seeds.announce("BinningKernelsTest.radixSort", 20261206L);
        SplittableRandom rng = new SplittableRandom(seed);
        double[] special = {0.0, -0.0, Double.MIN_VALUE, -Double.MIN_VALUE, Double.MAX_VALUE, -Double.MAX_VALUE,
            Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 1.0, -1.0};
        for (int n : new int[] {0, 1, 2, 17, 1000, 50_000}) {
            double[] v = new double[n];
            for (int i = 0; i < n; i++) {
                int kind = rng.nextInt(4);
                v[i] = switch (kind) {
                    case 0 -> special[rng.nextInt(special.length)];
                    case 1 -> (float) rng.nextGaussian();
                    case 2 -> rng.nextInt(5) - 2.0;
                    default -> rng.nextGaussian() * 1e6;
                };
            }
            double[] expected = v.clone();
            Arrays.sort(expected);
            double[] actual = Arrays.copyOf(v, n + 3);
            DoubleRadixSort.sort(actual, n, new long[n + 3], new long[n + 3]);
            for (int i = 0; i < n; i++) {
                assertEquals(Double.doubleToRawLongBits(expected[i]), Double.doubleToRawLongBits(actual[i]),
                    "n " + n + ", position " + i);
            }
        }
    }

    @Test
    void paddedSearchShouldGiveTheBinOfTheBinarySearch() {
        long seed = Seeds.announce("BinningKernelsTest.paddedSearch", 20261206L);
        SplittableRandom rng = new SplittableRandom(seed);
        for (int len : new int[] {0, 1, 2, 3, 127, 128, 200, 254}) {
            double[] bounds = new double[len];
            for (int i = 0; i < len; i++) {
                bounds[i] = i - len / 2.0 + (i == len / 2 ? 0.0 : 0.25);
            }
            int missing = len + 1;
            double[] padded = FeatureBins.padded(bounds);
            double[] probes = new double[2000];
            for (int i = 0; i < probes.length; i++) {
                probes[i] = i < len ? bounds[i] : rng.nextDouble() * (len + 4) - len / 2.0 - 2;
            }
            probes[probes.length - 1] = Double.NaN;
            probes[probes.length - 2] = Double.POSITIVE_INFINITY;
            probes[probes.length - 3] = Double.NEGATIVE_INFINITY;
            probes[probes.length - 4] = -0.0;
            int[] expected = new int[probes.length];
            int[] actual = new int[probes.length];
            for (int i = 0; i < probes.length; i++) {
                expected[i] = FeatureBins.bin(bounds, missing, probes[i]);
                actual[i] = FeatureBins.binPadded(padded, missing, probes[i]);
            }
            assertArrayEquals(expected, actual, "bounds " + len);
        }
    }
}
