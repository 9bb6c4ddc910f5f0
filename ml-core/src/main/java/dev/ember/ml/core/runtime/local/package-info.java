/**
 * The in-process runtime, Ember's default: executor threads in this JVM, deterministic tree-aggregation and the
 * off-heap partition cache under {@code ember.cache.maxBytes}.
 */
package dev.ember.ml.core.runtime.local;
