/**
 * MLflow tracking and model registry for Ember: the interfaces. The implementation is in
 * {@code dev.ember.ml.registry.mlflow}.
 *
 * <p>Tracking itself is {@link dev.ember.ml.core.tracking.Tracking} in {@code ml-core}; this module provides its
 * store for MLflow, found by {@link java.util.ServiceLoader}: an MLflow tracking server for {@code http(s)://}
 * URIs (MLflow's REST API for runs, params, metrics and tags, for the registry and for artifacts through the server's {@code mlflow-artifacts} proxy; no Python at run time), and an
 * embedded store in MLflow's file-store layout ({@code ./mlruns}) when no URI is set.
 *
 * <ul>
 *   <li>{@link dev.ember.ml.registry.Models}: load a model back from {@code runs:/<id>/model},
 *   {@code models:/<name>/<version>}, {@code models:/<name>@<alias>} or a directory, and download one.</li>
 *   <li>{@link dev.ember.ml.registry.ModelRegistry}: register versions, set and move aliases, set tags, search
 *   versions.</li>
 *   <li>{@link dev.ember.ml.registry.ModelUri}: the model URI forms.</li>
 * </ul>
 */
package dev.ember.ml.registry;
