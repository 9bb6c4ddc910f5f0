package dev.ember.ml.pipeline.tuning;

import dev.ember.ml.core.persist.StageProvider;
import dev.ember.ml.core.persist.StageRegistry;

/** Registers {@link CrossValidatorModel} and {@link TrainValidationSplitModel} with persistence. */
public final class TuningStages implements StageProvider {

    @Override
    public void registerStages(StageRegistry registry) {
        registry.register(CrossValidatorModel.class, CrossValidatorModel::load);
        registry.register(TrainValidationSplitModel.class, TrainValidationSplitModel::load);
    }
}
