package dev.ember.ml.algo.clustering;

import dev.ember.ml.core.data.Column;
import dev.ember.ml.core.data.DataType;
import dev.ember.ml.core.data.Field;
import dev.ember.ml.core.data.Partition;
import dev.ember.ml.testkit.Seeds;
import org.junit.jupiter.api.Test;

import java.nio.FloatBuffer;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The float32 nearest-center kernel against the double kernel: the same assignment for every row (ties, near-ties,
 * values too large or too small for float included), and bounds on the right side of the exact distances, on SIMD
 * lanes and on scalar loops, for float and double storage and the cosine measure, with a short last block.
 */
class FloatCentersTest {
    private static final int[] WIDTHS = {1, 2, 3, 7, 50, 51};
    private static final int[] KS = {1, 2, 3, 4, 5, 7, 8, 9, 10, 13, 17};

    @Test
    void shouldAssignEveryRowAsTheDoubleKernelDoesOnSimdLanes() {
        check(RowMath.INSTANCE, Seeds.announce("FloatCentersTest.simd", 11));
    }

    @Test
    void shouldAssignEveryRowAsTheDoubleKernelDoesOnScalarLoops() {
        check(new RowMath() {
        }, Seeds.announce("FloatCentersTest.scalar", 12));
    }

    @Test
    void shouldSendRowsTooLargeForFloatToTheDoubleKernel() {
        long seed = Seeds.announce("FloatCentersTest.large", 13);
        Random rnd = new Random(seed);
        int d = 5;
        int k = 3;
        double[][] rows = new double[11][d];
        for (double[] row : rows) {
            for (int j = 0; j < d; j++) {
                row[j] = rnd.nextGaussian() * 1e19;
            }
        }
        double[] c = new double[k * d];
        for (int i = 0; i < c.length; i++) {
            c[i] = rnd.nextGaussian() * 1e19;
        }
        long uncertain = assign(RowMath.INSTANCE, rows, c, k, DataType.DOUBLE, false, "large");
        assertEquals(rows.length, uncertain, "every row beyond float's safe range takes the double kernel");
    }

    private static void check(RowMath math, long seed) {
        Random rnd = new Random(seed);
        long uncertain = 0;
        long total = 0;
        for (int d : WIDTHS) {
            for (int k : KS) {
                for (int kind = 0; kind < 6; kind++) {
                    int n = 8 * 4 + 1 + rnd.nextInt(7);
                    double scale = kind == 3 ? 1e-20 : kind == 4 ? 1e6 : 1;
                    double[][] rows = new double[n][d];
                    for (double[] row : rows) {
                        for (int j = 0; j < d; j++) {
                            // kind 1: a grid of small integers, so that many rows tie exactly between centers
                            row[j] = scale * (kind == 1 ? rnd.nextInt(3) - 1 : rnd.nextGaussian());
                        }
                    }
                    double[] c = new double[k * d];
                    for (int i = 0; i < c.length; i++) {
                        c[i] = scale * (kind == 1 ? rnd.nextInt(3) - 1 : 0.3 * rnd.nextGaussian());
                    }
                    if (kind == 2 && k > 2) {
                        // a duplicated center: its rows tie exactly, and the lowest index must win
                        System.arraycopy(c, 0, c, (k - 1) * d, d);
                    }
                    if (kind == 5) {
                        // rows on the bisector of centers 0 and 1 (up to rounding): near-ties
                        for (double[] row : rows) {
                            for (int j = 0; j < d; j++) {
                                row[j] = k > 1 ? (c[j] + c[d + j]) / 2 + 1e-7 * rnd.nextGaussian() : row[j];
                            }
                        }
                    }
                    String where = "d " + d + ", k " + k + ", kind " + kind;
                    uncertain += assign(math, rows, c, k, DataType.FLOAT, false, where + ", float");
                    uncertain += assign(math, rows, c, k, DataType.DOUBLE, false, where + ", double");
                    if (kind != 1 && kind != 3) {
                        uncertain += assign(math, rows, c, k, DataType.FLOAT, true, where + ", cosine");
                    }
                    total += 3L * n;
                }
            }
        }
        System.out.println("FloatCentersTest: " + uncertain + " of " + total + " rows took the double kernel");
        assertTrue(uncertain > 0, "the near-ties and exact ties must reach the double kernel");
        assertTrue(uncertain < total / 3, "most rows are decided in float: " + uncertain + " of " + total);
    }

    /** Assigns the rows through blocks and checks each against the double kernel; returns the undecided count. */
    private static long assign(RowMath math, double[][] data, double[] centers, int k, DataType type, boolean unit,
                               String where) {
        int n = data.length;
        int d = data[0].length;
        double[] c = centers.clone();
        if (unit) {
            for (int i = 0; i < k; i++) {
                LocalKMeans.normalize(c, i * d, d);
            }
        }
        Column x = Column.allocate(Field.vector("x", d, type), n);
        for (int r = 0; r < n; r++) {
            for (int j = 0; j < d; j++) {
                if (type == DataType.FLOAT) {
                    x.floats().put(r * d + j, (float) data[r][j]);
                } else {
                    x.doubles().put(r * d + j, data[r][j]);
                }
            }
        }
        Partition p = new Partition(0, List.of(x), n);
        ClusterRows rows = new ClusterRows(p, "x", "", unit);
        Column blocked = BlockedRows.build(rows, Field.vector("b", d, DataType.FLOAT));
        FloatBuffer src = blocked.floats();
        FloatCenters fc = new FloatCenters(math, c, k, d);
        float[] t = new float[d * BlockedRows.BLOCK];
        double[] row = new double[d];
        double[] nd = new double[2];
        for (int b = 0; b < BlockedRows.blocks(n); b++) {
            int m = BlockedRows.load(src, n, d, b, t);
            fc.assign(t, m, rows, b * BlockedRows.BLOCK);
            for (int i = 0; i < m; i++) {
                int r = b * BlockedRows.BLOCK + i;
                rows.read(r, row, false);
                int best = CenterMath.nearest(row, c, k, d, nd);
                String at = where + ", row " + r;
                // the exact kernel on one row sums in a different order than the batched one: compare the
                // assignment where the double kernel's two distances differ beyond its own rounding
                if (nd[1] - nd[0] > 1e-12 * (nd[0] + 1e-300)) {
                    assertEquals(best, fc.assign[i], at);
                }
                assertTrue(fc.upper[i] >= nd[0] * (1 - 1e-12), at + ": upper " + fc.upper[i] + " < " + nd[0]);
                assertTrue(fc.lower[i] <= nd[1] * (1 + 1e-12), at + ": lower " + fc.lower[i] + " > " + nd[1]);
            }
        }
        // keep the off-heap columns reachable until the views above are done
        assertEquals(n, x.length() + blocked.length() - n);
        return fc.uncertain();
    }
}
