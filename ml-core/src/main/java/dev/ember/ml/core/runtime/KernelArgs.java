package dev.ember.ml.core.runtime;

import java.util.Objects;
import java.util.function.Function;

/**
 * The typed parameters of one kernel and their wire form: a kernel declares a record of what it reads and a codec
 * to and from {@link KernelParams}, the map that calls carry to executors and that lineage descriptors hash. The
 * caller builds the record (its compact constructor validates), the kernel decodes it once per call, and no
 * string key is spelled anywhere else.
 *
 * <pre>{@code
 * record NormalizeArgs(String inputCol, String outputCol, double p) {
 *     static final KernelArgs<NormalizeArgs> CODEC = KernelArgs.of(
 *         a -> KernelParams.builder().put("inputCol", a.inputCol()).put("outputCol", a.outputCol())
 *             .put("p", a.p()).build(),
 *         k -> new NormalizeArgs(k.getString("inputCol"), k.getString("outputCol"), k.getDouble("p")));
 * }
 * }</pre>
 *
 * @param <R> the record type
 */
public final class KernelArgs<R> {
    private final Function<R, KernelParams> encoder;
    private final Function<KernelParams, R> decoder;

    private KernelArgs(Function<R, KernelParams> encoder, Function<KernelParams, R> decoder) {
        this.encoder = Objects.requireNonNull(encoder, "encoder");
        this.decoder = Objects.requireNonNull(decoder, "decoder");
    }

    /**
     * @param encoder writes a record as kernel params
     * @param decoder reads it back (missing or mistyped entries fail naming the key)
     * @param <R> the record type
     * @return the codec
     */
    public static <R> KernelArgs<R> of(Function<R, KernelParams> encoder, Function<KernelParams, R> decoder) {
        return new KernelArgs<>(encoder, decoder);
    }

    /**
     * @param args the typed parameters
     * @return their wire form
     */
    public KernelParams encode(R args) {
        return encoder.apply(Objects.requireNonNull(args, "args"));
    }

    /**
     * @param params the wire form
     * @return the typed parameters
     * @throws IllegalArgumentException naming a missing or mistyped entry, or a value the record refuses
     */
    public R decode(KernelParams params) {
        return decoder.apply(params);
    }
}
