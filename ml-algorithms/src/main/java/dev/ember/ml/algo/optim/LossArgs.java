package dev.ember.ml.algo.optim;

import dev.ember.ml.core.InvalidArgumentException;
import dev.ember.ml.core.runtime.Broadcast;
import dev.ember.ml.core.runtime.KernelArgs;
import dev.ember.ml.core.runtime.KernelParams;

import java.util.Objects;

/**
 * What a loss kernel of {@link LossKernels} reads: the columns, and the coefficients of one evaluation as a
 * broadcast ({@code [B (k x d, row-major), offsets (k)]}).
 *
 * @param columns the feature, label and weight columns
 * @param coef the coefficients
 */
public record LossArgs(LossColumns columns, Broadcast<double[]> coef) {
    /** The wire form: the columns' entries and {@code coef}. */
    static final KernelArgs<LossArgs> CODEC = KernelArgs.of(
        a -> a.columns().into(KernelParams.builder()).put("coef", a.coef()).build(),
        k -> new LossArgs(LossColumns.CODEC.decode(k), doubles(k.broadcast("coef"))));

    /** Checks for nulls. */
    public LossArgs {
        Objects.requireNonNull(columns, "columns");
        Objects.requireNonNull(coef, "coef");
    }

    /** @return the wire form */
    KernelParams toParams() {
        return CODEC.encode(this);
    }

    @SuppressWarnings("unchecked")
    static Broadcast<double[]> doubles(Broadcast<?> b) {
        if (!(b.value() instanceof double[])) {
            throw new InvalidArgumentException("broadcast coefficients: found "
                + b.value().getClass().getSimpleName() + ", expected double[]");
        }
        return (Broadcast<double[]>) b;
    }
}
