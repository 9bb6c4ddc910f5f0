package dev.ember.ml.algo.feature;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

import java.nio.FloatBuffer;

/**
 * {@code out[r, j] = (float) ((in[r, j] - shift[j]) * factor[j])} over a row-major float block with SIMD: floats
 * widened to double, the arithmetic in double and one rounding back to float, as the scalar loop does. Loaded only
 * when the {@code jdk.incubator.vector} module is present.
 */
final class SimdAffine {
    private static final VectorSpecies<Double> DS = DoubleVector.SPECIES_PREFERRED;
    /** Floats as many as {@link #DS} has lanes. */
    private static final VectorSpecies<Float> FH = VectorSpecies.of(float.class,
        VectorShape.forBitSize(DS.vectorBitSize() / 2));

    private SimdAffine() {
    }

    static void apply(FloatBuffer in, FloatBuffer out, int rows, int width, double[] shift, double[] factor) {
        float[] row = new float[width];
        int lanes = DS.length();
        int upper = DS.loopBound(width);
        for (int r = 0; r < rows; r++) {
            in.get(r * width, row);
            int j = 0;
            for (; j < upper; j += lanes) {
                DoubleVector x = (DoubleVector) FloatVector.fromArray(FH, row, j).convertShape(VectorOperators.F2D, DS, 0);
                DoubleVector y = x.sub(DoubleVector.fromArray(DS, shift, j)).mul(DoubleVector.fromArray(DS, factor, j));
                ((FloatVector) y.convertShape(VectorOperators.D2F, FH, 0)).intoArray(row, j);
            }
            for (; j < width; j++) {
                row[j] = (float) ((row[j] - shift[j]) * factor[j]);
            }
            out.put(r * width, row);
        }
    }
}
