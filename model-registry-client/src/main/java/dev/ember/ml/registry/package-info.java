/**
 * MLflow tracking and model registry. Not implemented yet: this module is reserved for it.
 */
package dev.ember.ml.registry;
