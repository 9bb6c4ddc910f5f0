/**
 * The plan compiler behind {@link dev.ember.ml.pipeline.Pipeline#fit}: a {@link dev.ember.ml.pipeline.plan.LogicalPlan}
 * of sources, row-wise maps, statistics requests, fits and cache points, rewritten by optimizer rules into a
 * {@link dev.ember.ml.pipeline.plan.PhysicalPlan} of fused passes, and run by the
 * {@link dev.ember.ml.pipeline.plan.PlanExecutor}, which counts per node the partitions, rows, bytes and time
 * ({@link dev.ember.ml.pipeline.plan.ExecutedPlan}, printed like a database's EXPLAIN ANALYZE).
 */
package dev.ember.ml.pipeline.plan;
