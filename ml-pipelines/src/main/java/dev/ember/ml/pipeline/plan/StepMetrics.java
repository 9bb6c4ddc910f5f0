package dev.ember.ml.pipeline.plan;

/**
 * The figures of one physical step after a fit.
 *
 * @param sourceReads reads of the source in the step (partitions, rows, bytes, time), null if none
 * @param fusedComputes partitions the fused map computed (for a cached pass: cache misses), null if none
 * @param cacheReads reads of the cached block (for an iterative fit), null if none
 * @param numPartitions the source's partition count
 * @param nanos the step's wall time
 */
public record StepMetrics(NodeMetrics sourceReads, NodeMetrics fusedComputes, NodeMetrics cacheReads,
                          int numPartitions, long nanos) {
}
