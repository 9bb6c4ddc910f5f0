package dev.ember.ml.core.runtime;

import dev.ember.ml.core.data.Partition;

/**
 * The code of one tree-aggregation, registered with the runtime by class ({@link KernelRegistry}) and called by
 * name plus {@link KernelParams}: no closure is ever serialized, so an executor only runs code it trusts.
 *
 * <p>Kernels are stateless; the accumulator carries the state. {@link #seqOp} folds one whole partition (a
 * blocked pass over its off-heap columns); {@link #combOp} must be associative, and the runtime applies it in a
 * fixed order for a fixed partitioning, so results do not depend on thread timing.
 *
 * @param <A> the accumulator type
 */
public interface AggregateKernel<A> {

    /**
     * @param params the call's parameters
     * @return a fresh neutral accumulator
     */
    A zero(KernelParams params);

    /**
     * @param acc an accumulator (may be updated in place and returned)
     * @param partition one partition
     * @param params the call's parameters
     * @return the accumulator with the partition folded in
     */
    A seqOp(A acc, Partition partition, KernelParams params);

    /**
     * @param left an accumulator (may be updated in place and returned)
     * @param right another, not used afterwards
     * @return the merge of both
     */
    A combOp(A left, A right);

    /** @return the codec that moves accumulators between JVMs */
    ValueCodec<A> codec();
}
