package dev.ember.ml.core.runtime;

import dev.ember.ml.core.data.Partition;
import dev.ember.ml.core.data.Schema;

/**
 * The code of one partition-wise transform, registered with the runtime by class ({@link KernelRegistry}) and
 * called by name plus {@link KernelParams}. Row-wise transforms are written as one fused pass over a partition.
 */
public interface MapKernel {

    /**
     * @param input a partition, owned by the caller (share its columns to keep them)
     * @param params the call's parameters
     * @param outputSchema the schema the result must have
     * @return a new partition, owned by the caller, at the same index
     */
    Partition apply(Partition input, KernelParams params, Schema outputSchema);
}
