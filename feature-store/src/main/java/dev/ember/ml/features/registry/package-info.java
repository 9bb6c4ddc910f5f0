/**
 * The registry of applied definitions: a versioned JSON file replaced atomically under a compare-and-swap on its
 * version ({@link dev.ember.ml.features.registry.Registry}), and {@link dev.ember.ml.features.registry.Plan}, the
 * diff between a repository and the registry that {@code ember features plan} prints and {@code apply} commits.
 */
package dev.ember.ml.features.registry;
