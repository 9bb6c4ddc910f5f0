package dev.ember.ml.core.stats;

import dev.ember.ml.core.InvalidArgumentException;
import dev.ember.ml.core.data.Frame;
import dev.ember.ml.core.data.Partition;
import dev.ember.ml.core.runtime.AggregateCall;
import dev.ember.ml.core.runtime.AggregateKernel;
import dev.ember.ml.core.runtime.KernelArgs;
import dev.ember.ml.core.runtime.KernelParams;
import dev.ember.ml.core.runtime.ValueCodec;

import java.nio.ByteBuffer;
import java.nio.IntBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * The shared statistics pass of k-fold tuning: the statistics of each fold's rows, in one pass over the frame
 * that carries the fold ids. Each partition is split by its int fold-id column and every fold's rows are folded
 * into that fold's {@link SharedStatisticsKernel} accumulator; the statistics of a fold's training rows (all
 * other folds) are then merged from the others' accumulators ({@link #complement}), so that k training sets cost
 * one pass instead of k. Params: {@code foldCol}, {@code numFolds}, and the shared kernel's {@code kernels} and
 * {@code params} ({@link FitContext#sharedCall}).
 */
public final class FoldStatisticsKernel implements AggregateKernel<FoldStatisticsKernel.PerFold> {
    private static final SharedStatisticsKernel SHARED = new SharedStatisticsKernel();

    /**
     * What the kernel reads: the fold ids, and the shared statistics pass's components.
     *
     * @param foldCol the int column of fold ids
     * @param numFolds the number of folds
     * @param shared the shared kernel's params ({@link FitContext#sharedCall})
     */
    record Args(String foldCol, int numFolds, KernelParams shared) {
        static final KernelArgs<Args> CODEC = KernelArgs.of(
            a -> KernelParams.builder().put("foldCol", a.foldCol()).put("numFolds", a.numFolds())
                .put("kernels", a.shared().getStringArray("kernels"))
                .put("params", a.shared().getStringArray("params")).build(),
            k -> new Args(k.getString("foldCol"), k.getInt("numFolds"), KernelParams.builder()
                .put("kernels", k.getStringArray("kernels")).put("params", k.getStringArray("params")).build()));

        /** Checks the fold count. */
        Args {
            if (numFolds < 2) {
                throw new InvalidArgumentException("fold statistics: found " + numFolds + " folds, expected >= 2");
            }
        }
    }

    /**
     * One shared-statistics accumulator per fold.
     *
     * @param folds by fold id
     */
    public record PerFold(StatisticValues[] folds) {
    }

    /**
     * Gathers the statistics of every fold's rows in one tree-aggregate.
     *
     * @param frame the frame with its fold ids
     * @param foldCol the int column of fold ids in {@code [0, numFolds)}
     * @param numFolds the number of folds
     * @param statistics distinct requests
     * @param depth the tree-aggregate's depth
     * @return each fold's accumulator, by fold id, components in the order of {@code statistics}
     */
    public static List<StatisticValues> gather(Frame frame, String foldCol, int numFolds,
                                               List<Statistic<?>> statistics, int depth) {
        KernelParams params = Args.CODEC.encode(new Args(foldCol, numFolds,
            FitContext.sharedCall(statistics).params()));
        PerFold all = frame.treeAggregate(AggregateCall.of(FoldStatisticsKernel.class, params), depth);
        return List.of(all.folds());
    }

    /**
     * @param perFold each fold's accumulator ({@link #gather})
     * @param fold a fold
     * @return the statistics of the rows outside {@code fold} (the inputs are left unchanged)
     */
    public static StatisticValues complement(List<StatisticValues> perFold, int fold) {
        StatisticValues merged = null;
        for (int i = 0; i < perFold.size(); i++) {
            if (i == fold) {
                continue;
            }
            StatisticValues copy = copyOf(perFold.get(i));
            merged = merged == null ? copy : SHARED.combOp(merged, copy);
        }
        if (merged == null) {
            throw new InvalidArgumentException("fold statistics: found " + perFold.size()
                + " folds, expected at least 2 to leave one out");
        }
        return merged;
    }

    /** A deep copy through the codec, since merges may reuse their left operand. */
    private static StatisticValues copyOf(StatisticValues v) {
        ValueCodec<StatisticValues> codec = SHARED.codec();
        ByteBuffer buf = ByteBuffer.allocate(codec.encodedLength(v));
        codec.encode(v, buf);
        buf.flip();
        return codec.decode(buf);
    }

    @Override
    public PerFold zero(KernelParams params) {
        Args args = Args.CODEC.decode(params);
        StatisticValues[] folds = new StatisticValues[args.numFolds()];
        for (int i = 0; i < folds.length; i++) {
            folds[i] = SHARED.zero(args.shared());
        }
        return new PerFold(folds);
    }

    @Override
    public PerFold seqOp(PerFold acc, Partition partition, KernelParams params) {
        int k = acc.folds().length;
        Args args = Args.CODEC.decode(params);
        String foldCol = args.foldCol();
        IntBuffer ids = partition.column(foldCol).ints();
        int n = partition.numRows();
        boolean[][] keep = new boolean[k][n];
        int[] counts = new int[k];
        for (int r = 0; r < n; r++) {
            int f = ids.get(r);
            if (f < 0 || f >= k) {
                throw new InvalidArgumentException("fold column '" + foldCol + "', " + partition.where(r)
                    + ": found fold id " + f + ", expected 0.." + (k - 1));
            }
            keep[f][r] = true;
            counts[f]++;
        }
        for (int f = 0; f < k; f++) {
            if (counts[f] == 0) {
                continue;
            }
            if (counts[f] == n) {
                acc.folds()[f] = SHARED.seqOp(acc.folds()[f], partition, args.shared());
                continue;
            }
            try (Partition rows = partition.filter(keep[f])) {
                acc.folds()[f] = SHARED.seqOp(acc.folds()[f], rows, args.shared());
            }
        }
        return acc;
    }

    @Override
    public PerFold combOp(PerFold left, PerFold right) {
        if (left.folds().length != right.folds().length) {
            throw new InvalidArgumentException("fold statistics: cannot merge " + left.folds().length + " and "
                + right.folds().length + " folds");
        }
        for (int f = 0; f < left.folds().length; f++) {
            left.folds()[f] = SHARED.combOp(left.folds()[f], right.folds()[f]);
        }
        return left;
    }

    @Override
    public ValueCodec<PerFold> codec() {
        return CODEC;
    }

    /** The fold count, then each fold's shared accumulator, length-prefixed. */
    private static final ValueCodec<PerFold> CODEC = new ValueCodec<>() {
        @Override
        public int encodedLength(PerFold value) {
            int n = Integer.BYTES;
            for (StatisticValues v : value.folds()) {
                n += Integer.BYTES + SHARED.codec().encodedLength(v);
            }
            return n;
        }

        @Override
        public void encode(PerFold value, ByteBuffer out) {
            out.putInt(value.folds().length);
            for (StatisticValues v : value.folds()) {
                out.putInt(SHARED.codec().encodedLength(v));
                SHARED.codec().encode(v, out);
            }
        }

        @Override
        public PerFold decode(ByteBuffer in) {
            int k = in.getInt();
            if (k < 0 || k > in.remaining() / Integer.BYTES) {
                throw new InvalidArgumentException("fold statistics value: found " + k + " folds, expected 0.."
                    + in.remaining() / Integer.BYTES);
            }
            List<StatisticValues> folds = new ArrayList<>(k);
            for (int f = 0; f < k; f++) {
                int len = in.getInt();
                if (len < 0 || len > in.remaining()) {
                    throw new InvalidArgumentException("fold statistics value: fold " + f + " of " + len
                        + " bytes, expected 0.." + in.remaining());
                }
                ByteBuffer slice = in.slice(in.position(), len).order(in.order());
                folds.add(SHARED.codec().decode(slice));
                in.position(in.position() + len);
            }
            return new PerFold(folds.toArray(new StatisticValues[0]));
        }
    };
}
