package dev.ember.ml.algo.optim;

import dev.ember.ml.core.InvalidArgumentException;
import dev.ember.ml.core.runtime.Broadcast;
import dev.ember.ml.core.runtime.KernelArgs;
import dev.ember.ml.core.runtime.KernelParams;

import java.util.Objects;

/**
 * What the batched binary logistic kernel reads ({@link SharedLossPasses}): the columns and {@code count}
 * coefficient vectors back to back ({@code [beta_1 (d), offset_1, beta_2, offset_2, ...]}) as one broadcast.
 *
 * @param columns the feature, label and weight columns
 * @param coefs the coefficient vectors
 * @param count how many vectors
 */
public record BatchLossArgs(LossColumns columns, Broadcast<double[]> coefs, int count) {
    /** The wire form: the columns' entries, {@code coefs} and {@code count}. */
    static final KernelArgs<BatchLossArgs> CODEC = KernelArgs.of(
        a -> a.columns().into(KernelParams.builder()).put("coefs", a.coefs()).put("count", a.count()).build(),
        k -> new BatchLossArgs(LossColumns.CODEC.decode(k), LossArgs.doubles(k.broadcast("coefs")),
            k.getInt("count")));

    /** Checks for nulls and a positive count. */
    public BatchLossArgs {
        Objects.requireNonNull(columns, "columns");
        Objects.requireNonNull(coefs, "coefs");
        if (count < 1) {
            throw new InvalidArgumentException("batched loss: found " + count + " vectors, expected >= 1");
        }
    }

    /** @return the wire form */
    KernelParams toParams() {
        return CODEC.encode(this);
    }
}
