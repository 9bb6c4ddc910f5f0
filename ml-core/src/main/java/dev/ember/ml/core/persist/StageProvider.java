package dev.ember.ml.core.persist;

/**
 * Registers a module's loadable stages. Implementations are listed in
 * {@code META-INF/services/dev.ember.ml.core.persist.StageProvider}; loading a class that no provider
 * registered is refused.
 */
public interface StageProvider {

    /** @param registry where to register the loaders */
    void registerStages(StageRegistry registry);
}
