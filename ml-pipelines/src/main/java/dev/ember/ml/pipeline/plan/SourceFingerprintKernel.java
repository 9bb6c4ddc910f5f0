package dev.ember.ml.pipeline.plan;

import dev.ember.ml.core.data.CoreKernels;
import dev.ember.ml.core.data.Partition;
import dev.ember.ml.core.runtime.AggregateKernel;
import dev.ember.ml.core.runtime.KernelArgs;
import dev.ember.ml.core.runtime.KernelParams;
import dev.ember.ml.core.runtime.ValueCodec;

import java.util.List;

/**
 * The data fingerprint of some columns of a partition (param {@code columns}): the same accumulator as
 * {@link CoreKernels.Fingerprint} over the partition restricted to those columns. A plan's first pass carries the
 * source's columns alongside the derived ones, so the pipeline's provenance fingerprint of its input comes from
 * the shared statistics pass instead of a pass of its own.
 */
public final class SourceFingerprintKernel implements AggregateKernel<long[]> {
    private final CoreKernels.Fingerprint fingerprint = new CoreKernels.Fingerprint();

    /**
     * What the kernel reads.
     *
     * @param columns the columns fingerprinted, in order (not copied; read-only)
     */
    record Args(String[] columns) {
        static final KernelArgs<Args> CODEC = KernelArgs.of(
            a -> KernelParams.builder().put("columns", a.columns()).build(),
            k -> new Args(k.getStringArray("columns")));

        KernelParams toParams() {
            return CODEC.encode(this);
        }
    }

    @Override
    public long[] zero(KernelParams params) {
        return fingerprint.zero(KernelParams.empty());
    }

    @Override
    public long[] seqOp(long[] acc, Partition partition, KernelParams params) {
        try (Partition source = partition.select(List.of(Args.CODEC.decode(params).columns()))) {
            return fingerprint.seqOp(acc, source, KernelParams.empty());
        }
    }

    @Override
    public long[] combOp(long[] left, long[] right) {
        return fingerprint.combOp(left, right);
    }

    @Override
    public ValueCodec<long[]> codec() {
        return fingerprint.codec();
    }
}
