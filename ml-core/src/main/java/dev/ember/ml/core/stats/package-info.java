/**
 * Two-phase fitting: an estimator declares, from its input schema, the {@link dev.ember.ml.core.stats.Statistic}s
 * it needs; a planner gathers the statistics of many stages in shared passes
 * ({@link dev.ember.ml.core.stats.SharedStatisticsKernel}); the estimator then fits from a
 * {@link dev.ember.ml.core.stats.FitContext} that holds them.
 */
package dev.ember.ml.core.stats;
