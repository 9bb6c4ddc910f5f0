package dev.ember.ml.core.runtime;

import java.util.Objects;

/**
 * A tree-aggregation named by its registered kernel class and its parameters.
 *
 * @param kernel the kernel class, registered with the runtime
 * @param params the parameters
 * @param <A> the accumulator type
 */
public record AggregateCall<A>(Class<? extends AggregateKernel<A>> kernel, KernelParams params) {

    /** Checks for nulls. */
    public AggregateCall {
        Objects.requireNonNull(kernel, "kernel");
        Objects.requireNonNull(params, "params");
    }

    /**
     * @param kernel the kernel class
     * @param params the parameters
     * @param <A> the accumulator type
     * @return the call
     */
    public static <A> AggregateCall<A> of(Class<? extends AggregateKernel<A>> kernel, KernelParams params) {
        return new AggregateCall<>(kernel, params);
    }
}
