package dev.ember.ml.core.runtime;

import java.util.Objects;

/**
 * A partition-wise transform named by its registered kernel class and its parameters.
 *
 * @param kernel the kernel class, registered with the runtime
 * @param params the parameters
 */
public record MapCall(Class<? extends MapKernel> kernel, KernelParams params) {

    /** Checks for nulls. */
    public MapCall {
        Objects.requireNonNull(kernel, "kernel");
        Objects.requireNonNull(params, "params");
    }

    /**
     * @param kernel the kernel class
     * @param params the parameters
     * @return the call
     */
    public static MapCall of(Class<? extends MapKernel> kernel, KernelParams params) {
        return new MapCall(kernel, params);
    }
}
