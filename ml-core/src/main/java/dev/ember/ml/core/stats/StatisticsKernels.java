package dev.ember.ml.core.stats;

import dev.ember.ml.core.runtime.KernelProvider;
import dev.ember.ml.core.runtime.KernelRegistry;

/** Registers the shared statistics pass kernel. */
public final class StatisticsKernels implements KernelProvider {

    @Override
    public void registerKernels(KernelRegistry registry) {
        registry.registerAggregate(SharedStatisticsKernel.class, SharedStatisticsKernel::new);
        registry.registerAggregate(FoldStatisticsKernel.class, FoldStatisticsKernel::new);
    }
}
