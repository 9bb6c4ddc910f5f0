package dev.ember.ml.algo.optim;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * Sums of SIMD lanes in a fixed order. {@code reduceLanes(ADD)} does not promise an order for floating point,
 * and its interpreted and JIT-compiled forms can round differently, which would make a fit depend on when the
 * JIT kicks in. These butterflies (lane {@code i} plus lane {@code i ^ k}, for k = half the lanes down to 1) give
 * the same bits interpreted or compiled, on every run.
 */
final class Lanes {
    private static final VectorSpecies<Float> FS = FloatVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Double> DS = DoubleVector.SPECIES_PREFERRED;
    private static final VectorShuffle<Float>[] FLOAT_STEPS = steps(FS);
    private static final VectorShuffle<Double>[] DOUBLE_STEPS = steps(DS);

    private Lanes() {
    }

    @SuppressWarnings("unchecked")
    private static <E> VectorShuffle<E>[] steps(VectorSpecies<E> species) {
        int n = Integer.numberOfTrailingZeros(species.length());
        VectorShuffle<E>[] out = new VectorShuffle[n];
        for (int s = 0; s < n; s++) {
            int k = species.length() >> (s + 1);
            out[s] = VectorShuffle.fromOp(species, i -> i ^ k);
        }
        return out;
    }

    /**
     * @param v a vector of the preferred float species
     * @return the sum of its lanes, in a fixed order
     */
    static float sum(FloatVector v) {
        for (VectorShuffle<Float> step : FLOAT_STEPS) {
            v = v.add(v.rearrange(step));
        }
        return v.lane(0);
    }

    /**
     * @param v a vector of the preferred double species
     * @return the sum of its lanes, in a fixed order
     */
    static double sum(DoubleVector v) {
        for (VectorShuffle<Double> step : DOUBLE_STEPS) {
            v = v.add(v.rearrange(step));
        }
        return v.lane(0);
    }
}
