package dev.ember.ml.core.persist;

import dev.ember.ml.core.PipelineStage;

/**
 * Rebuilds one stage class from its save directory.
 *
 * @param <S> the stage type
 */
@FunctionalInterface
public interface StageLoader<S extends PipelineStage> {

    /**
     * @param reader the saved metadata and data
     * @return the stage
     */
    S load(StageReader reader);
}
