package dev.ember.ml.algo.optim;

import dev.ember.ml.testkit.Seeds;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The SIMD logistic pass must agree with the scalar one, for float and double blocks and odd widths. */
class LogisticBlockTest {

    private static double[] run(LogisticBlock block, ByteBuffer x, boolean isFloat, int n, int d, double[] beta,
                                double[] y, double[] w) {
        double[] out = new double[d + 3];
        block.accumulate(x, isFloat, n, d, beta, 0.3, y, w, out);
        return out;
    }

    @Test
    void shouldMatchTheScalarPassWhenVectorized() {
        assertTrue(VectorSupport.AVAILABLE, "tests run with --add-modules jdk.incubator.vector");
        long seed = Seeds.announce("LogisticBlockTest", 20261124L);
        SplittableRandom rnd = new SplittableRandom(seed);
        // widths around the SIMD paths (1 block, 16, 33..64: the four-accumulator sweep, 67), and a 50-wide block of
        // 2 rows, where no row can be loaded whole past its end
        int[][] shapes = {{1, 0}, {7, 0}, {16, 0}, {33, 0}, {50, 0}, {64, 0}, {67, 0}, {50, 2}};
        for (int[] shape : shapes) {
            int d = shape[0];
            for (boolean isFloat : new boolean[] {true, false}) {
                int n = shape[1] > 0 ? shape[1] : 1000 + rnd.nextInt(600);
                ByteBuffer x = ByteBuffer.allocateDirect(n * d * (isFloat ? 4 : 8)).order(ByteOrder.nativeOrder());
                double[] beta = new double[d];
                double[] y = new double[n];
                double[] w = new double[n];
                for (int j = 0; j < d; j++) {
                    beta[j] = rnd.nextGaussian() / Math.sqrt(d);
                }
                for (int i = 0; i < n; i++) {
                    for (int j = 0; j < d; j++) {
                        double v = rnd.nextGaussian() * 3;
                        if (isFloat) {
                            x.putFloat((i * d + j) * 4, (float) v);
                        } else {
                            x.putDouble((i * d + j) * 8, v);
                        }
                    }
                    y[i] = rnd.nextBoolean() ? 1 : 0;
                    w[i] = rnd.nextDouble() * 2;
                }
                for (double[] weights : new double[][] {null, w}) {
                    double[] scalar = run(new LogisticBlock.ScalarLogisticBlock(), x, isFloat, n, d, beta, y, weights);
                    double[] simd = run(new VectorizedLogisticBlock(), x, isFloat, n, d, beta, y, weights);
                    // float blocks accumulate the gradient in float lanes over chunks of 256 rows before adding
                    // them into doubles: float precision, relative to the terms' magnitude, not the sum's
                    double tol = isFloat ? 1e-4 : 1e-11;
                    for (int k = 0; k < scalar.length; k++) {
                        assertEquals(scalar[k], simd[k], tol * Math.max(1, Math.abs(scalar[k])),
                            "d=" + d + " float=" + isFloat + " weighted=" + (weights != null) + " entry " + k);
                    }
                }
            }
        }
    }
}
