package dev.ember.ml.pipeline.plan;

import dev.ember.ml.core.runtime.KernelProvider;
import dev.ember.ml.core.runtime.KernelRegistry;

/** Registers the plan's kernels. */
public final class PlanKernels implements KernelProvider {

    @Override
    public void registerKernels(KernelRegistry registry) {
        registry.registerAggregate(SourceFingerprintKernel.class, SourceFingerprintKernel::new);
    }
}
