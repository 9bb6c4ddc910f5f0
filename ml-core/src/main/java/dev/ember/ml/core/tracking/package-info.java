/**
 * The tracking SPI: runs, params, metrics, artifacts and logged models, written through a
 * {@link dev.ember.ml.core.tracking.TrackingStore} found at run time.
 *
 * <p>{@link dev.ember.ml.core.tracking.Tracking} is the facade: it resolves the tracking URI
 * ({@code MLFLOW_TRACKING_URI}, default {@code ./mlruns}), keeps each thread's stack of active
 * {@link dev.ember.ml.core.tracking.Run}s (a run started inside another is its child), holds the autolog switch,
 * and has the hook every estimator calls when its fit is done,
 * {@link dev.ember.ml.core.tracking.Tracking#onFit}. Stores are provided through
 * {@link dev.ember.ml.core.tracking.TrackingStoreProvider} ({@link java.util.ServiceLoader}); the
 * {@code model-registry-client} module provides MLflow's (a tracking server over HTTP, or the embedded file
 * store), so this module and the algorithms never depend on MLflow.
 *
 * <p>A model that keeps its per-iteration objective implements
 * {@link dev.ember.ml.core.tracking.HasObjectiveHistory}; a logged model is described by a
 * {@link dev.ember.ml.core.tracking.ModelArtifact} (schemas for the signature, an
 * {@link dev.ember.ml.core.tracking.InputExample}).
 */
package dev.ember.ml.core.tracking;
