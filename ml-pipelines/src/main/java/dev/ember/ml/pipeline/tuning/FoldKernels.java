package dev.ember.ml.pipeline.tuning;

import dev.ember.ml.core.InvalidArgumentException;
import dev.ember.ml.core.data.Column;
import dev.ember.ml.core.data.DataType;
import dev.ember.ml.core.data.Field;
import dev.ember.ml.core.data.Partition;
import dev.ember.ml.core.data.Schema;
import dev.ember.ml.core.runtime.KernelArgs;
import dev.ember.ml.core.runtime.KernelParams;
import dev.ember.ml.core.runtime.KernelProvider;
import dev.ember.ml.core.runtime.KernelRegistry;
import dev.ember.ml.core.runtime.MapKernel;

import java.nio.ByteBuffer;
import java.nio.DoubleBuffer;
import java.nio.IntBuffer;

/**
 * The row-mask kernels of tuning: assign each row a fold, derive a fold's training weights, keep a fold's rows.
 * Registered with every runtime through {@code META-INF/services}, so they also run on executor JVMs.
 */
public final class FoldKernels implements KernelProvider {

    @Override
    public void registerKernels(KernelRegistry registry) {
        registry.registerMap(AssignFolds.class, AssignFolds::new);
        registry.registerMap(FoldWeights.class, FoldWeights::new);
        registry.registerMap(KeepFold.class, KeepFold::new);
    }

    /**
     * What {@link AssignFolds} reads.
     *
     * @param foldCol the int column it appends
     * @param seed the seed of the row hash
     * @param cutoffs the folds' upper bounds of u, increasing, the last 1 (not copied; read-only)
     */
    record AssignArgs(String foldCol, long seed, double[] cutoffs) {
        static final KernelArgs<AssignArgs> CODEC = KernelArgs.of(
            a -> KernelParams.builder().put("foldCol", a.foldCol()).put("seed", a.seed())
                .put("cutoffs", a.cutoffs()).build(),
            k -> new AssignArgs(k.getString("foldCol"), k.getLong("seed"), k.getDoubleArray("cutoffs")));

        KernelParams toParams() {
            return CODEC.encode(this);
        }
    }

    /**
     * What {@link FoldWeights} reads.
     *
     * @param foldCol the int fold-id column
     * @param fold the held-out fold (weight 0)
     * @param outputCol the double column it appends
     * @param weightCol the estimator's own weight column, or null for unit weights
     */
    record FoldWeightsArgs(String foldCol, int fold, String outputCol, String weightCol) {
        static final KernelArgs<FoldWeightsArgs> CODEC = KernelArgs.of(
            a -> {
                KernelParams.Builder b = KernelParams.builder().put("foldCol", a.foldCol()).put("fold", a.fold())
                    .put("outputCol", a.outputCol());
                if (a.weightCol() != null) {
                    b.put("weightCol", a.weightCol());
                }
                return b.build();
            },
            k -> new FoldWeightsArgs(k.getString("foldCol"), k.getInt("fold"), k.getString("outputCol"),
                k.has("weightCol") ? k.getString("weightCol") : null));

        KernelParams toParams() {
            return CODEC.encode(this);
        }
    }

    /**
     * What {@link KeepFold} reads.
     *
     * @param foldCol the int fold-id column
     * @param fold the fold
     * @param in whether to keep the fold's rows (else every other row)
     */
    record KeepFoldArgs(String foldCol, int fold, boolean in) {
        static final KernelArgs<KeepFoldArgs> CODEC = KernelArgs.of(
            a -> KernelParams.builder().put("foldCol", a.foldCol()).put("fold", a.fold())
                .put("keep", a.in() ? "in" : "out").build(),
            k -> new KeepFoldArgs(k.getString("foldCol"), k.getInt("fold"), keepMode(k.getString("keep"))));

        private static boolean keepMode(String mode) {
            if (!mode.equals("in") && !mode.equals("out")) {
                throw new InvalidArgumentException("keep fold: found mode '" + mode + "', expected in or out");
            }
            return mode.equals("in");
        }

        KernelParams toParams() {
            return CODEC.encode(this);
        }
    }

    /**
     * Appends the int column {@code foldCol}: a uniform number u in [0, 1) from a hash of the row's content and
     * {@code seed}, and the fold the first index i with {@code u < cutoffs[i]}. The hash reads every column, so a
     * row's fold does not depend on the partitioning or the row order (equal rows share a fold).
     */
    public static final class AssignFolds implements MapKernel {
        @Override
        public Partition apply(Partition input, KernelParams params, Schema outputSchema) {
            int n = input.numRows();
            long[] h = new long[n];
            AssignArgs args = AssignArgs.CODEC.decode(params);
            java.util.Arrays.fill(h, args.seed() * 0x9E3779B97F4A7C15L + 0x632BE59BD9B4E019L);
            for (Column c : input.columns()) {
                mixColumn(c, h);
            }
            double[] cutoffs = args.cutoffs();
            Column folds = Column.allocate(Field.of(args.foldCol(), DataType.INT, false), n);
            IntBuffer out = folds.ints();
            for (int r = 0; r < n; r++) {
                double u = (mix(h[r]) >>> 11) * 0x1.0p-53;
                int f = 0;
                while (f < cutoffs.length - 1 && u >= cutoffs[f]) {
                    f++;
                }
                out.put(r, f);
            }
            return input.withColumn(folds);
        }

        private static void mixColumn(Column c, long[] h) {
            int n = h.length;
            if (c.type() == DataType.STRING) {
                for (int r = 0; r < n; r++) {
                    h[r] = step(h[r], c.isNull(r) ? 0x6e756c6cL : c.getString(r).hashCode());
                }
                return;
            }
            int rowBytes = c.field().bytesPerRow();
            ByteBuffer b = c.rawBytes();
            for (int r = 0; r < n; r++) {
                if (c.isNull(r)) {
                    h[r] = step(h[r], 0x6e756c6cL);
                    continue;
                }
                int at = r * rowBytes;
                int end = at + rowBytes;
                long x = h[r];
                for (; at + 8 <= end; at += 8) {
                    x = step(x, b.getLong(at));
                }
                for (; at < end; at++) {
                    x = step(x, b.get(at));
                }
                h[r] = x;
            }
        }

        private static long step(long h, long v) {
            return (h ^ v) * 0x9E3779B97F4A7C15L + 0x7F4A7C15L;
        }
    }

    /**
     * Appends the double column {@code outputCol}: 0 on rows of fold {@code fold} (int column {@code foldCol}),
     * elsewhere the row's weight from {@code weightCol} (1 when absent): the training weights of the complement of
     * the fold, over the same feature columns.
     */
    public static final class FoldWeights implements MapKernel {
        @Override
        public Partition apply(Partition input, KernelParams params, Schema outputSchema) {
            int n = input.numRows();
            FoldWeightsArgs args = FoldWeightsArgs.CODEC.decode(params);
            int fold = args.fold();
            Column folds = input.column(args.foldCol());
            Column base = args.weightCol() != null ? input.column(args.weightCol()) : null;
            Column w = Column.allocate(Field.of(args.outputCol(), DataType.DOUBLE, false), n);
            DoubleBuffer out = w.doubles();
            IntBuffer f = folds.ints();
            for (int r = 0; r < n; r++) {
                out.put(r, f.get(r) == fold ? 0.0 : base == null ? 1.0 : base.getDouble(r));
            }
            return input.withColumn(w);
        }
    }

    /**
     * Keeps the rows of fold {@code fold} ({@code keep = "in"}) or of every other fold ({@code keep = "out"}),
     * dropping the fold-id column {@code foldCol} unless {@code keepFoldCol} is true.
     */
    public static final class KeepFold implements MapKernel {
        @Override
        public Partition apply(Partition input, KernelParams params, Schema outputSchema) {
            int n = input.numRows();
            KeepFoldArgs args = KeepFoldArgs.CODEC.decode(params);
            int fold = args.fold();
            boolean in = args.in();
            IntBuffer f = input.column(args.foldCol()).ints();
            boolean[] keep = new boolean[n];
            for (int r = 0; r < n; r++) {
                keep[r] = (f.get(r) == fold) == in;
            }
            try (Partition kept = input.select(outputSchema.names())) {
                return kept.filter(keep);
            }
        }
    }

    /** The SplitMix64 finalizer. */
    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }
}
