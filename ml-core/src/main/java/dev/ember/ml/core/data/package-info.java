/**
 * The data plane: {@link dev.ember.ml.core.data.Schema} of typed, nullable {@link dev.ember.ml.core.data.Field}s,
 * off-heap {@link dev.ember.ml.core.data.Column}s (reference-counted ND4J buffers, vectors as n x d blocks),
 * {@link dev.ember.ml.core.data.Partition}s and lazy {@link dev.ember.ml.core.data.Frame}s.
 */
package dev.ember.ml.core.data;
