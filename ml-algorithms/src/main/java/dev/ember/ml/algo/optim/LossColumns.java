package dev.ember.ml.algo.optim;

import dev.ember.ml.core.runtime.KernelArgs;
import dev.ember.ml.core.runtime.KernelParams;

import java.util.Objects;

/**
 * The columns a loss reads: a features vector column, a label column and an optional weight column.
 *
 * @param featuresCol the features vector column
 * @param labelCol the label column
 * @param weightCol the weight column, or null for unit weights
 */
public record LossColumns(String featuresCol, String labelCol, String weightCol) {
    /** The wire form: {@code featuresCol}, {@code labelCol} and {@code weightCol} when there is one. */
    public static final KernelArgs<LossColumns> CODEC = KernelArgs.of(
        a -> a.into(KernelParams.builder()).build(),
        k -> new LossColumns(k.getString("featuresCol"), k.getString("labelCol"),
            k.has("weightCol") ? k.getString("weightCol") : null));

    /** Checks the two required columns. */
    public LossColumns {
        Objects.requireNonNull(featuresCol, "featuresCol");
        Objects.requireNonNull(labelCol, "labelCol");
    }

    /**
     * @param b a builder
     * @return {@code b} with these columns' entries
     */
    KernelParams.Builder into(KernelParams.Builder b) {
        b.put("featuresCol", featuresCol).put("labelCol", labelCol);
        if (weightCol != null) {
            b.put("weightCol", weightCol);
        }
        return b;
    }

    /** @return the wire form */
    public KernelParams toParams() {
        return CODEC.encode(this);
    }
}
