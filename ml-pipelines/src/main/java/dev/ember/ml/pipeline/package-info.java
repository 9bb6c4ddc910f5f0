/**
 * Pipelines: {@link dev.ember.ml.pipeline.Pipeline} chains stages and fits them in order into a
 * {@link dev.ember.ml.pipeline.PipelineModel}. The whole chain's schemas are checked before any computation.
 * Today fitting is sequential, stage by stage; the plan compiler (fusion of row-wise stages, one shared
 * statistics pass, caching before iterative stages, {@code explain()}) will replace the inside of
 * {@link dev.ember.ml.pipeline.Pipeline#fit}, not its API.
 */
package dev.ember.ml.pipeline;
