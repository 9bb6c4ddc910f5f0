package dev.ember.ml.algo.feature;

import dev.ember.ml.core.persist.StageProvider;
import dev.ember.ml.core.persist.StageRegistry;
import dev.ember.ml.core.runtime.KernelProvider;
import dev.ember.ml.core.runtime.KernelRegistry;

/** Registers the feature transformers' kernels with the runtime and their classes with persistence. */
public final class FeatureProvider implements KernelProvider, StageProvider {

    @Override
    public void registerKernels(KernelRegistry registry) {
        registry.registerMap(FeatureKernels.Assemble.class, FeatureKernels.Assemble::new);
        registry.registerMap(FeatureKernels.Affine.class, FeatureKernels.Affine::new);
        registry.registerMap(FeatureKernels.IndexStrings.class, FeatureKernels.IndexStrings::new);
        registry.registerAggregate(FeatureKernels.CountValues.class, FeatureKernels.CountValues::new);
    }

    @Override
    public void registerStages(StageRegistry registry) {
        registry.register(VectorAssembler.class, VectorAssembler::load);
        registry.register(StandardScaler.class, StandardScaler::load);
        registry.register(StandardScalerModel.class, StandardScalerModel::load);
        registry.register(StringIndexer.class, StringIndexer::load);
        registry.register(StringIndexerModel.class, StringIndexerModel::load);
    }
}
