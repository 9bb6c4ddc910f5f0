package dev.ember.ml.pipeline.plan;

/**
 * The figures of one physical step after a fit.
 *
 * @param sourceReads reads of the source in the step (partitions, rows, bytes, time), null if none
 * @param fusedComputes partitions the fused map computed (for a cached pass: cache misses), null if none
 * @param cacheReads reads of the cached block (for an iterative fit), null if none
 * @param retainedReads reads of an earlier pass's retained output (instead of the source), null if none
 * @param numPartitions the source's partition count
 * @param nanos the step's wall time
 */
public record StepMetrics(NodeMetrics sourceReads, NodeMetrics fusedComputes, NodeMetrics cacheReads,
                          NodeMetrics retainedReads, int numPartitions, long nanos) {

    /**
     * Figures of a step that read no retained output.
     *
     * @param sourceReads reads of the source, null if none
     * @param fusedComputes partitions the fused map computed, null if none
     * @param cacheReads reads of the cached block, null if none
     * @param numPartitions the source's partition count
     * @param nanos the step's wall time
     */
    public StepMetrics(NodeMetrics sourceReads, NodeMetrics fusedComputes, NodeMetrics cacheReads,
                       int numPartitions, long nanos) {
        this(sourceReads, fusedComputes, cacheReads, null, numPartitions, nanos);
    }
}
