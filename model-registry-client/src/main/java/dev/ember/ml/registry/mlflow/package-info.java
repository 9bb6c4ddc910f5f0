/**
 * The MLflow implementation of Ember's tracking SPI and of the registry interfaces.
 *
 * <ul>
 *   <li>{@code RestTrackingStore}: an MLflow tracking server. Runs, params, metrics and tags go through MLflow's
 *   REST API ({@code TrackingApi}: the official Java client retried even a 404 as if rate-limited), in
 *   {@code log-batch} requests within MLflow's limits ({@code Batches}); artifacts and models through the server's {@code mlflow-artifacts} proxy
 *   ({@code Artifacts}, {@code RestClient}). Writes are queued per run ({@code PendingRun}) and sent by a
 *   background thread with exponential backoff for what may pass later (connection errors, 429, 5xx:
 *   {@code RetryPolicy}); what cannot be sent is kept in the local {@code Spool} and
 *   replayed later ({@link dev.ember.ml.registry.mlflow.Mlflow#replay}).</li>
 *   <li>{@code FileTrackingStore} and {@code FileModelRegistry}: the embedded store, MLflow's file-store layout
 *   under {@code ./mlruns}, readable by {@code mlflow server --backend-store-uri ./mlruns}.</li>
 *   <li>{@code RestModelRegistry}: the registry of a server over its REST API.</li>
 *   <li>{@link dev.ember.ml.registry.mlflow.MlflowModelFormat}: the MLflow model directory with the {@code ember}
 *   flavor.</li>
 * </ul>
 *
 * <p>Credentials come from {@code MLFLOW_TRACKING_USERNAME}/{@code MLFLOW_TRACKING_PASSWORD} or
 * {@code MLFLOW_TRACKING_TOKEN} ({@link dev.ember.ml.registry.mlflow.Settings}) and are never logged.
 */
package dev.ember.ml.registry.mlflow;
