package dev.ember.ml.core.data;

import dev.ember.ml.core.runtime.AggregateKernel;
import dev.ember.ml.core.runtime.KernelParams;
import dev.ember.ml.core.runtime.KernelProvider;
import dev.ember.ml.core.runtime.KernelRegistry;
import dev.ember.ml.core.runtime.MapKernel;
import dev.ember.ml.core.runtime.ValueCodec;
import dev.ember.ml.core.runtime.ValueCodecs;

import java.util.List;

/** The kernels {@link Frame} itself uses: row count and projection. */
public final class CoreKernels implements KernelProvider {

    @Override
    public void registerKernels(KernelRegistry registry) {
        registry.registerAggregate(Count.class, Count::new);
        registry.registerMap(Select.class, Select::new);
    }

    /** Counts rows. */
    public static final class Count implements AggregateKernel<Long> {
        @Override
        public Long zero(KernelParams params) {
            return 0L;
        }

        @Override
        public Long seqOp(Long acc, Partition partition, KernelParams params) {
            return acc + partition.numRows();
        }

        @Override
        public Long combOp(Long left, Long right) {
            return left + right;
        }

        @Override
        public ValueCodec<Long> codec() {
            return ValueCodecs.LONG;
        }
    }

    /** Keeps the columns named by the {@code columns} string array, sharing them. */
    public static final class Select implements MapKernel {
        @Override
        public Partition apply(Partition input, KernelParams params, Schema outputSchema) {
            return input.select(List.of(params.getStringArray("columns")));
        }
    }
}
