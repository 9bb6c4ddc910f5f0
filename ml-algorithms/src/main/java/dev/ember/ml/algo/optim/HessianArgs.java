package dev.ember.ml.algo.optim;

import dev.ember.ml.core.InvalidArgumentException;
import dev.ember.ml.core.runtime.KernelArgs;
import dev.ember.ml.core.runtime.KernelParams;

import java.util.Objects;

/**
 * What the Hessian pass of {@link HessianKernels} reads.
 *
 * @param featuresCol the features vector column
 * @param weightCol the weight column, or null for unit weights
 * @param coef the effective coefficients, {@code [B (k x d), offsets (k)]} (not copied; read-only)
 * @param scale {@code [means (d), 1 / std (d)]} of the standardization (not copied; read-only)
 * @param loss the loss code ({@link HessianKernels#SQUARED}, {@link HessianKernels#BINARY_LOGISTIC},
 *     {@link HessianKernels#SOFTMAX})
 * @param k the outputs
 * @param intercept whether the model has intercepts
 */
record HessianArgs(String featuresCol, String weightCol, double[] coef, double[] scale, int loss, int k,
                   boolean intercept) {
    /** The wire form. */
    static final KernelArgs<HessianArgs> CODEC = KernelArgs.of(
        a -> {
            KernelParams.Builder b = KernelParams.builder().put("featuresCol", a.featuresCol())
                .put("coef", a.coef()).put("scale", a.scale()).put("loss", a.loss()).put("k", a.k())
                .put("intercept", a.intercept());
            if (a.weightCol() != null) {
                b.put("weightCol", a.weightCol());
            }
            return b.build();
        },
        k -> new HessianArgs(k.getString("featuresCol"), k.has("weightCol") ? k.getString("weightCol") : null,
            k.getDoubleArray("coef"), k.getDoubleArray("scale"), k.getInt("loss"), k.getInt("k"),
            k.getBoolean("intercept")));

    /** Checks for nulls and the widths. */
    HessianArgs {
        Objects.requireNonNull(featuresCol, "featuresCol");
        if (scale.length % 2 != 0) {
            throw new InvalidArgumentException("Hessian pass: found a scale of length " + scale.length
                + ", expected means and inverse deviations (2 d)");
        }
    }

    /** @return the wire form */
    KernelParams toParams() {
        return CODEC.encode(this);
    }
}
