package dev.ember.ml.core.data;

import dev.ember.ml.core.runtime.KernelParams;
import dev.ember.ml.core.runtime.KernelProvider;
import dev.ember.ml.core.runtime.KernelRegistry;
import dev.ember.ml.core.runtime.MapKernel;
import org.nd4j.linalg.factory.Nd4j;

import java.util.List;

/**
 * The kernels behind {@link Frame}'s row sampling: seeded row splits
 * ({@link Frame#randomSplit}, {@link Frame#sample}), fold ids ({@link Frame#withFoldColumn}) and the one-pass
 * column summary of {@link Frame#describe()} ({@link DescribeKernel}). Draws follow {@link RowHashes}: they
 * depend on a row's content and the seed only.
 */
public final class FrameKernels implements KernelProvider {
    static {
        dev.ember.ml.core.runtime.NativeDefaults.apply();   // before ND4J loads its native libraries
    }


    @Override
    public void registerKernels(KernelRegistry registry) {
        registry.registerMap(SplitFilter.class, SplitFilter::new);
        registry.registerMap(FoldColumn.class, FoldColumn::new);
        registry.registerAggregate(DescribeKernel.class, DescribeKernel::new);
    }

    /**
     * Keeps the rows whose draw {@code u} lies in {@code [lo, hi)}; params {@code seed} (long), {@code lo} and
     * {@code hi} (doubles).
     */
    public static final class SplitFilter implements MapKernel {
        @Override
        public Partition apply(Partition input, KernelParams params, Schema outputSchema) {
            double lo = params.getDouble("lo");
            double hi = params.getDouble("hi");
            double[] u = RowHashes.uniforms(input, params.getLong("seed"));
            boolean[] keep = new boolean[u.length];
            for (int r = 0; r < u.length; r++) {
                keep[r] = u[r] >= lo && u[r] < hi;
            }
            return input.filter(keep);
        }
    }

    /**
     * Appends an {@code int} column {@code name} of fold ids {@code floor(u * k)} in {@code 0..k-1}; params
     * {@code name}, {@code k} and {@code seed}.
     */
    public static final class FoldColumn implements MapKernel {
        @Override
        public Partition apply(Partition input, KernelParams params, Schema outputSchema) {
            int k = params.getInt("k");
            double[] u = RowHashes.uniforms(input, params.getLong("seed"));
            int[] fold = new int[u.length];
            for (int r = 0; r < u.length; r++) {
                fold[r] = Math.min(k - 1, (int) (u[r] * k));
            }
            Field f = Field.of(params.getString("name"), DataType.INT, false);
            Column c = fold.length == 0 ? Column.allocate(f, 0)
                : Column.wrap(f, Nd4j.createFromArray(fold), null);
            return input.withColumns(List.of(c));
        }
    }
}
