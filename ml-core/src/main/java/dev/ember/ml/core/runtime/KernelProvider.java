package dev.ember.ml.core.runtime;

/**
 * Registers a module's kernels. Implementations are listed in
 * {@code META-INF/services/dev.ember.ml.core.runtime.KernelProvider} and found with {@link java.util.ServiceLoader}
 * by every runtime, in-process or on an executor.
 */
public interface KernelProvider {

    /** @param registry where to register the kernels */
    void registerKernels(KernelRegistry registry);
}
