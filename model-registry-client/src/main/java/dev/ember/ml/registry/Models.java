package dev.ember.ml.registry;

import dev.ember.ml.core.Model;
import dev.ember.ml.core.PipelineStage;
import dev.ember.ml.core.persist.PersistenceException;
import dev.ember.ml.core.tracking.Tracking;
import dev.ember.ml.registry.mlflow.Mlflow;

import java.nio.file.Path;

/**
 * Loads logged and registered models back:
 *
 * <pre>{@code
 * Model m = Models.load("runs:/" + run.id() + "/model");
 * Model champion = Models.load("models:/churn@champion");
 * LogisticRegressionModel v3 = Models.load("models:/churn/3", LogisticRegressionModel.class);
 * }</pre>
 *
 * <p>{@code runs:/} and {@code models:/} URIs are looked up at {@link Tracking#trackingUri()} (or the URI given);
 * the model's files are downloaded (through the server's artifact proxy, or from the local store), the
 * {@code MLmodel} file's {@code ember} flavor is read and the saved stage under it is loaded with
 * {@link dev.ember.ml.core.persist.StageIO}. Loading needs the module that defines the model's class on the class
 * path (its {@code StageProvider}).
 */
public final class Models {
    private Models() {
    }

    /**
     * @param modelUri {@code runs:/<id>/<path>}, {@code models:/<name>/<version>}, {@code models:/<name>@<alias>},
     *     {@code models:/<name>/latest}, an artifact location or a local model directory
     * @return the model
     * @throws RegistryException naming the URI if it names nothing, or the server's error
     */
    public static Model load(String modelUri) {
        return load(modelUri, Model.class);
    }

    /**
     * @param modelUri a model URI
     * @param type the expected stage type
     * @param <S> the type
     * @return the stage
     * @throws PersistenceException if the logged stage is of another type
     */
    public static <S extends PipelineStage> S load(String modelUri, Class<S> type) {
        return load(modelUri, Tracking.trackingUri(), type);
    }

    /**
     * @param modelUri a model URI
     * @param trackingUri the tracking server or local store to look it up in
     * @param type the expected stage type
     * @param <S> the type
     * @return the stage
     */
    public static <S extends PipelineStage> S load(String modelUri, String trackingUri, Class<S> type) {
        PipelineStage s = Mlflow.load(modelUri, trackingUri);
        if (!type.isInstance(s)) {
            throw new PersistenceException("model " + modelUri + " holds a " + s.getClass().getName() + ", expected a "
                + type.getName());
        }
        return type.cast(s);
    }

    /**
     * Copies a model's MLflow model directory to a local directory.
     *
     * @param modelUri a model URI
     * @param dest a directory that does not exist or is empty
     * @return {@code dest}
     */
    public static Path download(String modelUri, Path dest) {
        return ModelRegistry.forTrackingUri(Tracking.trackingUri()).download(modelUri, dest);
    }

    /** @return the registry at {@link Tracking#trackingUri()} */
    public static ModelRegistry registry() {
        return ModelRegistry.forTrackingUri(Tracking.trackingUri());
    }
}
