package dev.ember.ml.algo.tree.hist;

import dev.ember.ml.algo.optim.FeatureBlock;
import dev.ember.ml.core.InvalidArgumentException;
import dev.ember.ml.core.InvalidStateException;
import dev.ember.ml.core.data.Column;
import dev.ember.ml.core.data.DataType;
import dev.ember.ml.core.data.Field;
import dev.ember.ml.core.data.Partition;
import dev.ember.ml.core.data.Schema;
import dev.ember.ml.core.runtime.AggregateKernel;
import dev.ember.ml.core.runtime.KernelParams;
import dev.ember.ml.core.runtime.KernelProvider;
import dev.ember.ml.core.runtime.KernelRegistry;
import dev.ember.ml.core.runtime.MapKernel;
import dev.ember.ml.core.runtime.ValueCodec;
import dev.ember.ml.core.runtime.ValueCodecProvider;
import dev.ember.ml.core.runtime.ValueCodecs;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The kernels of histogram tree training, registered with the runtime by class: the quantile sketch and label
 * statistics of the shared statistics pass, the binning map, and the per-round histogram aggregate whose
 * partition state stays where the partition lives ({@link PartitionState}).
 */
public final class HistKernels implements KernelProvider, ValueCodecProvider {

    @Override
    public void registerKernels(KernelRegistry registry) {
        registry.registerAggregate(Sketch.class, Sketch::new);
        registry.registerAggregate(LabelStats.class, LabelStats::new);
        registry.registerMap(Bin.class, Bin::new);
        registry.registerAggregate(RowCounts.class, RowCounts::new);
        registry.registerAggregate(Grow.class, Grow::new);
        registry.registerAggregate(Release.class, Release::new);
    }

    /** The broadcast codec of the boosted trees that partition states add to their margins. */
    @Override
    public List<ValueCodec<?>> codecs() {
        return List.of(EnsembleTable.CODEC);
    }

    /** Bytes per row of a packed bin column of {@code d} features (padded to whole floats). */
    static int stride(int d) {
        return 4 * Math.max(1, (d + 3) / 4);
    }

    /**
     * The packed bin column's field: the schema has no byte vectors, so the {@code d} bytes of a row are held in
     * a float vector of {@code ceil(d / 4)} elements and only ever read as raw bytes.
     *
     * @param name the column name
     * @param numFeatures d
     * @return the field
     */
    public static Field binnedField(String name, int numFeatures) {
        return Field.vector(name, stride(numFeatures) / 4, DataType.FLOAT);
    }

    /** Per feature of {@code featuresCol} a {@link QuantileSketch} of {@code capacity} values. */
    static final class Sketch implements AggregateKernel<QuantileSketch[]> {
        private static final int GROUP = 8;

        @Override
        public QuantileSketch[] zero(KernelParams params) {
            return new QuantileSketch[0];
        }

        @Override
        public QuantileSketch[] seqOp(QuantileSketch[] acc, Partition partition, KernelParams params) {
            Column x = partition.column(params.getString("featuresCol"));
            int capacity = params.getInt("capacity");
            FeatureBlock block = new FeatureBlock(x);
            int n = x.length();
            int d = x.vectorSize();
            QuantileSketch[] out = new QuantileSketch[d];
            // features in groups of GROUP: one read of a row's values per group instead of one per feature
            int group = Math.min(GROUP, Math.max(1, d));
            double[][] v = new double[group][n];
            int[] kept = new int[group];
            long[] keys = new long[n];
            long[] scratch = new long[n];
            for (int j0 = 0; j0 < d; j0 += group) {
                int g = Math.min(group, d - j0);
                Arrays.fill(kept, 0);
                for (int r = 0; r < n; r++) {
                    if (x.isNull(r)) {
                        continue;
                    }
                    for (int jj = 0; jj < g; jj++) {
                        double value = block.get(r, j0 + jj);
                        if (!Double.isNaN(value)) {
                            v[jj][kept[jj]++] = value;
                        }
                    }
                }
                for (int jj = 0; jj < g; jj++) {
                    int k = kept[jj];
                    DoubleRadixSort.sort(v[jj], k, keys, scratch);
                    out[j0 + jj] = QuantileSketch.ofSorted(v[jj], k, n - k, capacity);
                }
            }
            return combOp(acc, out);
        }

        @Override
        public QuantileSketch[] combOp(QuantileSketch[] left, QuantileSketch[] right) {
            if (left.length == 0) {
                return right;
            }
            if (right.length == 0) {
                return left;
            }
            if (left.length != right.length) {
                throw new InvalidArgumentException("quantile sketches: found " + right.length + " features, expected "
                    + left.length);
            }
            for (int j = 0; j < left.length; j++) {
                left[j] = left[j].merge(right[j]);
            }
            return left;
        }

        @Override
        public ValueCodec<QuantileSketch[]> codec() {
            return QuantileSketch.CODEC;
        }
    }

    /**
     * Label statistics: {@code [rows, weight sum, min, max, non-integer rows, weighted label sum]}; a null, NaN or
     * infinite label or an invalid weight fails naming the partition and row.
     */
    static final class LabelStats implements AggregateKernel<double[]> {
        @Override
        public double[] zero(KernelParams params) {
            return new double[] {0, 0, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 0, 0};
        }

        @Override
        public double[] seqOp(double[] acc, Partition partition, KernelParams params) {
            Column y = partition.column(params.getString("labelCol"));
            String weightCol = params.getString("weightCol");
            Column w = weightCol.isEmpty() ? null : partition.column(weightCol);
            for (int r = 0; r < y.length(); r++) {
                double v = y.isNull(r) ? Double.NaN : y.getDouble(r);
                if (!Double.isFinite(v)) {
                    throw new InvalidArgumentException("column '" + y.name() + "', " + partition.where(r)
                        + ": found label " + v + ", expected a finite number");
                }
                double wr = 1;
                if (w != null) {
                    wr = w.isNull(r) ? Double.NaN : w.getDouble(r);
                    if (!(wr >= 0) || Double.isInfinite(wr)) {
                        throw new InvalidArgumentException("column '" + weightCol + "', partition "
                            + partition.index() + ", row " + r + ": found weight " + wr + ", expected a finite"
                            + " weight >= 0");
                    }
                }
                acc[0]++;
                acc[1] += wr;
                acc[2] = Math.min(acc[2], v);
                acc[3] = Math.max(acc[3], v);
                acc[4] += v == Math.rint(v) ? 0 : 1;
                acc[5] += wr * v;
            }
            return acc;
        }

        @Override
        public double[] combOp(double[] left, double[] right) {
            left[0] += right[0];
            left[1] += right[1];
            left[2] = Math.min(left[2], right[2]);
            left[3] = Math.max(left[3], right[3]);
            left[4] += right[4];
            left[5] += right[5];
            return left;
        }

        @Override
        public ValueCodec<double[]> codec() {
            return ValueCodecs.DOUBLE_ARRAY;
        }
    }

    /**
     * Bins {@code featuresCol} by the flat {@code bounds} of a {@link FeatureBins} into the packed byte column
     * {@code binnedCol} (see {@link #binnedField}); the partition keeps only that and the {@code keep} columns.
     */
    static final class Bin implements MapKernel {
        @Override
        public Partition apply(Partition input, KernelParams params, Schema outputSchema) {
            FeatureBins bins = FeatureBins.fromFlat(params.getDoubleArray("bounds"));
            Column x = input.column(params.getString("featuresCol"));
            FeatureBlock block = new FeatureBlock(x);
            int n = x.length();
            int d = bins.numFeatures();
            if (x.vectorSize() != d) {
                throw new InvalidArgumentException("column '" + x.name() + "': found width " + x.vectorSize()
                    + ", expected " + d + " (the width the bins were computed for)");
            }
            int stride = stride(d);
            Column out = Column.allocate(outputSchema.field(params.getString("binnedCol")), n);
            ByteBuffer buf = out.rawBytes();
            double[][] bounds = new double[d][];
            int[] missing = new int[d];
            for (int j = 0; j < d; j++) {
                bounds[j] = FeatureBins.padded(bins.bounds(j));
                missing[j] = bins.numBins(j);
            }
            int[] categorical = categoricalFeatures(bins);
            for (int r = 0; r < n; r++) {
                boolean nullRow = x.isNull(r);
                int base = r * stride;
                for (int j = 0; j < d; j++) {
                    double v = nullRow ? Double.NaN : block.get(r, j);
                    buf.put(base + j, (byte) FeatureBins.binPadded(bounds[j], missing[j], v));
                }
                for (int j : categorical) {
                    double v = nullRow ? Double.NaN : block.get(r, j);
                    if (!Double.isNaN(v) && !(v >= 0 && v < bins.numCategories(j) && v == Math.rint(v))) {
                        throw new InvalidArgumentException("column '" + x.name() + "', partition " + input.index()
                            + ", row " + r + ": feature " + j + " is categorical (its metadata names "
                            + (bins.numCategories(j) - 1) + " categories, index " + (bins.numCategories(j) - 1)
                            + " is for unseen values), found value " + v + ", expected a category index 0.."
                            + (bins.numCategories(j) - 1) + " or NaN");
                    }
                }
            }
            List<Column> cols = new ArrayList<>();
            cols.add(out);
            for (String keep : params.getStringArray("keep")) {
                cols.add(input.column(keep).share());
            }
            return new Partition(input.index(), cols, n);
        }
    }

    private static int[] categoricalFeatures(FeatureBins bins) {
        return java.util.stream.IntStream.range(0, bins.numFeatures()).filter(bins::isCategorical).toArray();
    }

    /** The row count of each partition, by partition index ({@code numPartitions} long). */
    static final class RowCounts implements AggregateKernel<long[]> {
        @Override
        public long[] zero(KernelParams params) {
            return new long[params.getInt("numPartitions")];
        }

        @Override
        public long[] seqOp(long[] acc, Partition partition, KernelParams params) {
            acc[partition.index()] += partition.numRows();
            return acc;
        }

        @Override
        public long[] combOp(long[] left, long[] right) {
            for (int i = 0; i < left.length; i++) {
                left[i] += right[i];
            }
            return left;
        }

        @Override
        public ValueCodec<long[]> codec() {
            return ValueCodecs.LONG_ARRAY;
        }
    }

    /**
     * One round of growing a tree: brings the partition's state to the round (the finished trees in its margins,
     * this tree's {@code splits} applied to its node ranges), then sums the histograms of the {@code build}
     * nodes. The result is {@code build.length} histograms of {@code totalSlots x (K + 2)} doubles, then
     * {@code [train loss, train weight, validation loss, validation weight]} at the margins when {@code losses}
     * is set (the first round of a boosted tree).
     */
    static final class Grow implements AggregateKernel<double[]> {
        /**
         * Doubles per split in the {@code splits} param: {@code [node, feature, bin, missingLeft, left, right]}, then
         * a categorical split's left bins ({@link BinSet}; its bin is -1).
         */
        static final int SPLIT_WIDTH = 6 + BinSet.WORDS;
        /**
         * Zeros between the last node's histogram and the four losses: room for every bin a byte can name after the
         * last feature's first slot, so that the unchecked histogram loop ({@code PartitionState.buildByChunks})
         * provably stays inside the array whatever the features' bin counts. Valid bins never reach it.
         */
        static final int HEADROOM = 256 * 3;

        /**
         * @return no histograms yet, as an empty array: a partition that adds rows allocates the round's array
         *     ({@link #length(TrainingSpec, int)}), and {@link #combOp} passes an empty side through, so empty
         *     partitions (past a {@code limit}, emptied by a filter) neither allocate nor are summed. Adding zeros
         *     would change no sum, so the histograms are the same either way.
         */
        @Override
        public double[] zero(KernelParams params) {
            return new double[0];
        }

        /**
         * @param spec the fit's rows and bins
         * @param builds the number of nodes the round builds
         * @return the length of its array: the built nodes' histograms, {@link #HEADROOM}, then four losses
         */
        static int length(TrainingSpec spec, int builds) {
            int slots = spec.slotOffsets()[spec.numFeatures()];
            return builds * slots * (spec.numOutputs() + 2) + HEADROOM + 4;
        }

        @Override
        public double[] seqOp(double[] partial, Partition partition, KernelParams params) {
            if (partition.numRows() == 0) {
                return partial;
            }
            TrainingSpec spec = TrainingSpec.of(params);
            double[] acc = partial.length == 0 ? new double[length(spec, params.getLongArray("build").length)]
                : partial;
            PartitionState state = TrainingStates.get(spec.trainingId(), partition.index(),
                () -> new PartitionState(partition, spec, spec.rowOffsets()[partition.index()]));
            if (state.numRows != partition.numRows()) {
                throw new InvalidStateException("partition " + partition.index() + ": state of " + state.numRows
                    + " rows for a partition of " + partition.numRows());
            }
            Column binned = partition.column(spec.binnedCol());
            ByteBuffer bins = binned.rawBytes().order(ByteOrder.LITTLE_ENDIAN);
            int stride = binned.vectorSize() * 4;
            int[] missing = spec.missingBins();
            int tree = params.getInt("tree");
            double[] splits = params.getDoubleArray("splits");
            int numSplits = splits.length / SPLIT_WIDTH;
            if (state.tree != tree || state.splitsApplied > numSplits) {
                if (spec.task().boosting()) {
                    state.catchUpMargins(params.getBroadcast("ensemble", EnsembleTable.class), bins, stride,
                        missing, tree);
                }
                state.startTree(tree, spec);
            }
            for (int i = state.splitsApplied; i < numSplits; i++) {
                int o = i * SPLIT_WIDTH;
                int f = (int) splits[o + 1];
                int bin = (int) splits[o + 2];
                state.applySplit((int) splits[o], f, bin, splits[o + 3] != 0, (int) splits[o + 4],
                    (int) splits[o + 5], bins, stride, missing[f], bin < 0 ? BinSet.get(splits, o + 6) : null);
            }
            state.splitsApplied = numSplits;
            long[] build = params.getLongArray("build");
            int[] offsets = spec.slotOffsets();
            int k = spec.numOutputs();
            int nodeLen = offsets[spec.numFeatures()] * (k + 2);
            for (int i = 0; i < build.length; i++) {
                state.buildHistogram((int) build[i], bins, stride, offsets, spec.numFeatures(), k, acc, i * nodeLen);
            }
            if (params.getBoolean("losses") && spec.task().boosting()) {
                state.addLosses(spec.task(), acc, acc.length - 4);
            }
            return acc;
        }

        @Override
        public double[] combOp(double[] left, double[] right) {
            if (right.length == 0) {
                return left;
            }
            if (left.length == 0) {
                return right;
            }
            if (left.length != right.length) {
                throw new InvalidArgumentException("histograms: found " + right.length + " doubles, expected "
                    + left.length);
            }
            for (int i = 0; i < left.length; i++) {
                left[i] += right[i];
            }
            return left;
        }

        @Override
        public ValueCodec<double[]> codec() {
            return ValueCodecs.DOUBLE_ARRAY;
        }
    }

    /** Drops a fit's partition states ({@code trainingId}); returns the number dropped. */
    static final class Release implements AggregateKernel<long[]> {
        @Override
        public long[] zero(KernelParams params) {
            return new long[1];
        }

        @Override
        public long[] seqOp(long[] acc, Partition partition, KernelParams params) {
            TrainingStates.drop(params.getString("trainingId"), partition.index());
            acc[0]++;
            return acc;
        }

        @Override
        public long[] combOp(long[] left, long[] right) {
            left[0] += right[0];
            return left;
        }

        @Override
        public ValueCodec<long[]> codec() {
            return ValueCodecs.LONG_ARRAY;
        }
    }
}
