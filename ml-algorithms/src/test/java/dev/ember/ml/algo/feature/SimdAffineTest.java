package dev.ember.ml.algo.feature;

import org.junit.jupiter.api.Test;

import java.nio.FloatBuffer;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

/** The SIMD affine map gives the scalar loop's floats bit for bit (double arithmetic, one rounding). */
class SimdAffineTest {
    private static final long SEED = 3L;

    @Test
    void shouldEqualTheScalarLoopBitForBitWhenTheWidthIsNotAMultipleOfTheLanes() {
        System.out.println("seed " + SEED);
        SplittableRandom rnd = new SplittableRandom(SEED);
        int rows = 301;
        int width = 53;
        float[] x = new float[rows * width];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (rnd.nextGaussian() * Math.pow(10, rnd.nextInt(-3, 6)));
        }
        double[] shift = new double[width];
        double[] factor = new double[width];
        for (int j = 0; j < width; j++) {
            shift[j] = rnd.nextGaussian() * 100;
            factor[j] = 1 / (1e-3 + rnd.nextDouble() * 50);
        }
        float[] simd = new float[x.length];
        float[] scalar = new float[x.length];
        SimdAffine.apply(FloatBuffer.wrap(x), FloatBuffer.wrap(simd), rows, width, shift, factor);
        FeatureKernels.Affine.affineFloats(FloatBuffer.wrap(x), FloatBuffer.wrap(scalar), rows, width, shift, factor);
        assertArrayEquals(scalar, simd);
    }
}
