package dev.ember.ml.algo.clustering;

import dev.ember.ml.testkit.Seeds;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The batched nearest-center kernel on SIMD lanes against a plain loop summing each distance in the same order
 * (one fused multiply-add per element), so equal to the bit.
 */
class RowMathTest {
    @Test
    void shouldFindTheNearestAndSecondNearestCentersExactlyWithTiesToTheLowestIndex() {
        long seed = Seeds.announce("RowMathTest.nearest", 3);
        Random rnd = new Random(seed);
        RowMath m = RowMath.INSTANCE;
        assumeTrue(m instanceof VectorRowMath, "the Vector API is not enabled in this JVM");
        for (int d : new int[] {1, 7, 50}) {
            for (int k : new int[] {1, 2, 3, 4, 5, 7, 10}) {
                for (int trial = 0; trial < 20; trial++) {
                    double[] c = new double[k * d];
                    for (int i = 0; i < c.length; i++) {
                        c[i] = rnd.nextInt(3) - 1 + (trial % 2 == 0 ? rnd.nextGaussian() : 0);
                    }
                    if (k > 2) {
                        // a duplicated center: every row ties between centers 1 and k - 1
                        System.arraycopy(c, d, c, (k - 1) * d, d);
                    }
                    int count = 1 + rnd.nextInt(m.batch());
                    RowMath.Batch b = m.newBatch(d);
                    double[][] rows = new double[count][d];
                    for (int i = 0; i < count; i++) {
                        for (int j = 0; j < d; j++) {
                            rows[i][j] = trial % 2 == 0 ? rnd.nextGaussian() : rnd.nextInt(3) - 1;
                        }
                        m.put(b, i, rows[i], d);
                    }
                    m.nearest(b, count, c, k, d);
                    for (int i = 0; i < count; i++) {
                        double d1 = Double.POSITIVE_INFINITY;
                        double d2 = Double.POSITIVE_INFINITY;
                        int best = 0;
                        for (int center = 0; center < k; center++) {
                            double s = 0;
                            for (int j = 0; j < d; j++) {
                                double diff = rows[i][j] - c[center * d + j];
                                s = Math.fma(diff, diff, s);
                            }
                            if (s < d1) {
                                d2 = d1;
                                d1 = s;
                                best = center;
                            } else if (s < d2) {
                                d2 = s;
                            }
                        }
                        String where = "d " + d + ", k " + k + ", trial " + trial + ", row " + i;
                        assertEquals(best, b.assign[i], where);
                        assertEquals(d1, b.d1[i], where);
                        assertEquals(d2, b.d2[i], where);
                    }
                }
            }
        }
    }
    @Test
    void shouldSumFourInterleavedDistancesExactlyAsOneAtATime() {
        long seed = Seeds.announce("RowMathTest.sqDist4", 5);
        Random rnd = new Random(seed);
        RowMath m = RowMath.INSTANCE;
        for (int d : new int[] {1, 3, 4, 7, 50, 51}) {
            int k = 5;
            double[] c = new double[k * d];
            for (int i = 0; i < c.length; i++) {
                c[i] = rnd.nextGaussian();
            }
            double[] xs = new double[4 * d];
            for (int i = 0; i < xs.length; i++) {
                xs[i] = rnd.nextGaussian() * 3;
            }
            int[] centers = {rnd.nextInt(k), rnd.nextInt(k), rnd.nextInt(k), rnd.nextInt(k)};
            double[] out = new double[4];
            m.sqDist4(xs, c, centers[0] * d, centers[1] * d, centers[2] * d, centers[3] * d, d, out);
            double[] x = new double[d];
            for (int i = 0; i < 4; i++) {
                System.arraycopy(xs, i * d, x, 0, d);
                assertEquals(m.sqDist(x, c, centers[i] * d, d), out[i], "d " + d + ", row " + i);
            }
        }
    }
    @Test
    void shouldSumAFloatRowOfATransposedBlockExactlyAsSqDistSumsItWidened() {
        long seed = Seeds.announce("RowMathTest.sqDistColumn", 9);
        Random rnd = new Random(seed);
        for (RowMath m : new RowMath[] {RowMath.INSTANCE, new RowMath() {
        }}) {
            for (int d : new int[] {1, 3, 4, 7, 8, 50, 51}) {
                double[] c = new double[2 * d];
                for (int i = 0; i < c.length; i++) {
                    c[i] = rnd.nextGaussian();
                }
                float[] t = new float[d * BlockedRows.BLOCK];
                for (int i = 0; i < t.length; i++) {
                    t[i] = (float) (rnd.nextGaussian() * 3);
                }
                double[] x = new double[d];
                for (int lane = 0; lane < BlockedRows.BLOCK; lane++) {
                    for (int j = 0; j < d; j++) {
                        x[j] = t[j * BlockedRows.BLOCK + lane];
                    }
                    assertEquals(m.sqDist(x, c, d, d), m.sqDistColumn(t, lane, BlockedRows.BLOCK, c, d, d),
                        m.getClass().getSimpleName() + ", d " + d + ", lane " + lane);
                }
            }
        }
    }
}
