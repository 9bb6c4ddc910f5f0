package dev.ember.ml.features.registry;

import dev.ember.ml.core.MlException;

/** Thrown when another writer committed the registry since a plan was made: re-plan and apply again. */
public final class RegistryConflictException extends MlException {
    /**
     * @param message what conflicted
     */
    public RegistryConflictException(String message) {
        super(message);
    }
}
