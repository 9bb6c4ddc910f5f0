/**
 * The pipelines family: end-to-end fits that start from files, so that what a plan saves (passes over the source,
 * re-running transformers inside an optimizer's loop) shows in the time. Ember's {@code Pipeline} against Spark
 * ML's {@code Pipeline} on the same Parquet file, in one run.
 */
package dev.ember.ml.bench.pipeline;
