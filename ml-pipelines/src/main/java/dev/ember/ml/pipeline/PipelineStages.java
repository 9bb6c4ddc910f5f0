package dev.ember.ml.pipeline;

import dev.ember.ml.core.persist.StageProvider;
import dev.ember.ml.core.persist.StageRegistry;

/** Registers {@link Pipeline} and {@link PipelineModel} with persistence. */
public final class PipelineStages implements StageProvider {

    @Override
    public void registerStages(StageRegistry registry) {
        registry.register(Pipeline.class, Pipeline::load);
        registry.register(PipelineModel.class, PipelineModel::load);
    }
}
