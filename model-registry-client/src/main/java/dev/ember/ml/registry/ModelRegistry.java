package dev.ember.ml.registry;

import dev.ember.ml.registry.mlflow.Mlflow;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * MLflow's model registry: named models with numbered versions, aliases and tags. The implementation for a
 * tracking URI comes from {@link #forTrackingUri}: REST calls to an MLflow server for {@code http(s)://}, the
 * file-store layout ({@code mlruns/models/...}) for a local store.
 *
 * <p>Errors name the tracking URI and, from a server, its status and message ({@link RegistryException}).
 */
public interface ModelRegistry {

    /**
     * @param trackingUri a tracking URI (see {@link dev.ember.ml.core.tracking.Tracking#trackingUri()})
     * @return the registry there
     */
    static ModelRegistry forTrackingUri(String trackingUri) {
        return Mlflow.registry(trackingUri);
    }

    /** @return the tracking URI of this registry */
    String trackingUri();

    /**
     * Registers a new version of a model, creating the registered model if it does not exist.
     *
     * @param name the registered model's name
     * @param modelUri the logged model, such as {@code runs:/<run-id>/model} (or an artifact location)
     * @param tags tags for the new version
     * @return the new version
     * @throws RegistryException if the run or the model does not exist
     */
    ModelVersion register(String name, String modelUri, Map<String, String> tags);

    /**
     * @param name a registered model
     * @param version a version number
     * @return that version
     * @throws RegistryException if there is no such version
     */
    ModelVersion version(String name, long version);

    /**
     * @param name a registered model
     * @param alias an alias
     * @return the version it points at
     * @throws RegistryException if the model or the alias does not exist
     */
    ModelVersion versionByAlias(String name, String alias);

    /**
     * @param name a registered model
     * @return its highest version
     * @throws RegistryException if the model does not exist or has no version
     */
    ModelVersion latestVersion(String name);

    /**
     * Points an alias at a version, moving it if it pointed at another.
     *
     * @param name a registered model
     * @param alias the alias, such as {@code champion}
     * @param version the version
     */
    void setAlias(String name, String alias, long version);

    /**
     * @param name a registered model
     * @param alias an alias to remove
     */
    void deleteAlias(String name, String alias);

    /**
     * @param name a registered model
     * @param version a version
     * @param key the tag name
     * @param value its value
     */
    void setVersionTag(String name, long version, String key, String value);

    /**
     * @param name a registered model
     * @param key the tag name
     * @param value its value
     */
    void setModelTag(String name, String key, String value);

    /**
     * @param filter an MLflow filter such as {@code name = 'churn'} or {@code run_id = '...'} (the local store
     *     understands {@code name}, {@code run_id} and {@code tags.<key>} equalities joined by {@code AND});
     *     empty for all
     * @return the matching versions, newest first within a model
     */
    List<ModelVersion> searchVersions(String filter);

    /** @return every registered model */
    List<RegisteredModel> listModels();

    /**
     * @param name a registered model
     * @return it
     * @throws RegistryException if it does not exist
     */
    RegisteredModel model(String name);

    /**
     * Copies a model's files (an MLflow model directory) to a local directory.
     *
     * @param modelUri {@code runs:/...}, {@code models:/...} or an artifact location
     * @param dest a directory that does not exist or is empty
     * @return {@code dest}
     * @throws RegistryException if the URI names nothing
     */
    Path download(String modelUri, Path dest);
}
