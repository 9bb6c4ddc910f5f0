package dev.ember.ml.algo.tree.hist;

import dev.ember.ml.core.data.Field;
import dev.ember.ml.core.data.Frame;
import dev.ember.ml.core.data.Schema;
import dev.ember.ml.core.runtime.AggregateCall;
import dev.ember.ml.core.runtime.Broadcast;
import dev.ember.ml.core.runtime.KernelParams;
import dev.ember.ml.core.runtime.MapCall;
import dev.ember.ml.core.stats.Statistic;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.UUID;

/**
 * Grows histogram trees over a binned, cached copy of a frame (Ke et al. 2017, "LightGBM"): the features are
 * binned once into a packed byte block per partition ({@link HistKernels.Bin}), cached by the runtime and shared
 * by every tree of the fit; each round is one tree-aggregate of {@link HistKernels.Grow} that sums the
 * gradient/hessian (or class-count) histograms of the nodes split in the previous round, building only the
 * smaller child of each split and obtaining its sibling by subtracting it from the parent. The same calls run on
 * the in-process and the cluster runtime, so both grow the same trees.
 *
 * <p>Close it to drop the partition states, the cached bins and the broadcast trees.
 */
public final class HistogramTrainer implements AutoCloseable {
    /** The name of the packed bin column. */
    public static final String BINNED_COL = "__binned";
    /** The default capacity of the quantile sketches. */
    public static final int SKETCH_CAPACITY = 2048;

    private final Frame binned;
    private final FeatureBins bins;
    private final TrainingSpec spec;
    private final int depth;
    private final long seed;
    private EnsembleTable ensemble = new EnsembleTable(List.of());
    private Broadcast<EnsembleTable> ensembleBroadcast;
    private double[] lastLosses = new double[4];
    private int rounds;

    /**
     * The configuration of a fit's rows.
     *
     * @param featuresCol the vector column
     * @param labelCol the label column
     * @param weightCol the weight column or ""
     * @param validationCol the boolean validation indicator column or ""
     * @param task what the histograms sum
     * @param numOutputs K
     * @param initScore the margin before the first boosted tree
     * @param seed the fit's seed
     * @param subsamplingRate each tree's fraction of rows
     * @param bootstrap whether to draw rows with replacement
     * @param aggregationDepth the tree-aggregate depth
     */
    public record Rows(String featuresCol, String labelCol, String weightCol, String validationCol, TreeTask task,
                       int numOutputs, double initScore, long seed, double subsamplingRate, boolean bootstrap,
                       int aggregationDepth) {
    }

    private final long totalRows;

    private HistogramTrainer(Frame binned, FeatureBins bins, TrainingSpec spec, int depth, long seed,
                             long totalRows) {
        this.totalRows = totalRows;
        this.binned = binned;
        this.bins = bins;
        this.spec = spec;
        this.depth = depth;
        this.seed = seed;
    }

    /**
     * The statistic of the shared pass that sketches the features' quantiles.
     *
     * @param featuresCol the vector column
     * @return the request
     */
    public static Statistic<QuantileSketch[]> sketchStatistic(String featuresCol) {
        return Statistic.of("quantileSketch", featuresCol, AggregateCall.of(HistKernels.Sketch.class,
            KernelParams.builder().put("featuresCol", featuresCol).put("capacity", SKETCH_CAPACITY).build()));
    }

    /**
     * The statistic of the shared pass that checks the labels and weights and finds their range.
     *
     * @param labelCol the label column
     * @param weightCol the weight column or ""
     * @return the request; its value is {@code [rows, weight sum, min, max, non-integer rows, weighted sum]}
     */
    public static Statistic<double[]> labelStatistic(String labelCol, String weightCol) {
        return Statistic.of("labelStats", labelCol, AggregateCall.of(HistKernels.LabelStats.class,
            KernelParams.builder().put("labelCol", labelCol).put("weightCol", weightCol).build()));
    }

    /**
     * Bins the frame by {@code bins} and caches the result.
     *
     * @param frame the training data
     * @param bins the features' bins
     * @param rows the columns and task
     * @return the trainer
     */
    public static HistogramTrainer start(Frame frame, FeatureBins bins, Rows rows) {
        List<String> keep = new ArrayList<>();
        keep.add(rows.labelCol());
        for (String c : new String[] {rows.weightCol(), rows.validationCol()}) {
            if (!c.isEmpty() && !keep.contains(c)) {
                keep.add(c);
            }
        }
        List<Field> fields = new ArrayList<>();
        fields.add(HistKernels.binnedField(BINNED_COL, bins.numFeatures()));
        for (String c : keep) {
            fields.add(frame.schema().field(c));
        }
        Frame binned = frame.mapPartitions(MapCall.of(HistKernels.Bin.class, KernelParams.builder()
            .put("featuresCol", rows.featuresCol()).put("binnedCol", BINNED_COL).put("bounds", bins.toFlat())
            .put("keep", keep.toArray(String[]::new)).build()), new Schema(fields)).cache();
        long[] counts = binned.treeAggregate(AggregateCall.of(HistKernels.RowCounts.class, KernelParams.builder()
            .put("numPartitions", binned.numPartitions()).build()), rows.aggregationDepth());
        long[] offsets = new long[counts.length];
        for (int i = 1; i < counts.length; i++) {
            offsets[i] = offsets[i - 1] + counts[i - 1];
        }
        long[] numBins = new long[bins.numFeatures()];
        for (int f = 0; f < numBins.length; f++) {
            numBins[f] = bins.numBins(f);
        }
        TrainingSpec spec = new TrainingSpec(UUID.randomUUID().toString(), BINNED_COL, rows.labelCol(),
            rows.weightCol(), rows.validationCol(), rows.task(), rows.numOutputs(), rows.initScore(), rows.seed(),
            rows.subsamplingRate(), rows.bootstrap(), numBins, offsets);
        return new HistogramTrainer(binned, bins, spec, rows.aggregationDepth(), rows.seed(),
            Arrays.stream(counts).sum());
    }

    /** @return the bytes of the packed bin blocks: rows times the row stride (d bytes padded to 4) */
    public long binnedBytes() {
        return totalRows * HistKernels.stride(bins.numFeatures());
    }

    /**
     * The losses at the margins of all trees added so far, without growing a tree.
     *
     * @param t the number of trees added
     * @return {@code [train loss sum, train weight, validation loss sum, validation weight]}
     */
    public double[] evaluateLosses(int t) {
        double[] acc = round(t, new double[0], new long[0], true);
        lastLosses = Arrays.copyOfRange(acc, acc.length - 4, acc.length);
        return lastLosses.clone();
    }

    /** @return the number of tree-aggregate rounds run so far */
    public int rounds() {
        return rounds;
    }

    /**
     * @return the losses at the margins before the last boosted tree: {@code [train loss sum, train weight,
     *     validation loss sum, validation weight]}
     */
    public double[] lastLosses() {
        return lastLosses.clone();
    }

    /**
     * Grows tree {@code t}.
     *
     * @param t the tree's index (it seeds the row sample and feature subsets)
     * @param options how it grows
     * @return the tree
     */
    public GrownTree grow(int t, GrowthOptions options) {
        return new Growth(t, options).run();
    }

    /**
     * Adds a boosted tree to the margins the next trees are fitted at.
     *
     * @param tree the tree just grown
     */
    public void addBoostedTree(GrownTree tree) {
        ensemble = ensemble.with(tree.toTable());
        if (ensembleBroadcast != null) {
            ensembleBroadcast.destroy();
        }
        ensembleBroadcast = null;
    }

    private double[] round(int t, double[] splits, long[] build, boolean losses) {
        KernelParams.Builder p = spec.toParams().put("tree", t).put("splits", splits).put("build", build)
            .put("losses", losses);
        if (spec.task().boosting()) {
            if (ensembleBroadcast == null) {
                ensembleBroadcast = binned.runtime().broadcast(ensemble, EnsembleTable.CODEC);
            }
            p.put("ensemble", ensembleBroadcast);
        }
        rounds++;
        double[] acc = binned.treeAggregate(AggregateCall.of(HistKernels.Grow.class, p.build()), depth);
        // every partition empty: no histogram was allocated
        return acc.length == 0 ? new double[HistKernels.Grow.length(spec, build.length)] : acc;
    }

    @Override
    public void close() {
        try {
            binned.treeAggregate(AggregateCall.of(HistKernels.Release.class, KernelParams.builder()
                .put("trainingId", spec.trainingId()).build()), depth);
        } finally {
            binned.unpersist();
            if (ensembleBroadcast != null) {
                ensembleBroadcast.destroy();
                ensembleBroadcast = null;
            }
        }
    }

    /** The growth of one tree: the driver's side of its rounds. */
    private final class Growth {
        private final int tree;
        private final GrowthOptions options;
        private final SplitFinder finder;
        private final int k = spec.numOutputs();
        private final int nodeLen = bins.totalSlots() * (spec.numOutputs() + 2);
        private final List<int[]> structure = new ArrayList<>();
        private final List<double[]> totals = new ArrayList<>();
        private final List<Integer> depths = new ArrayList<>();
        private final List<SplitFinder.Split> chosen = new ArrayList<>();
        private final TreeMap<Integer, Open> open = new TreeMap<>();
        private double[] splits = new double[0];

        private record Open(double[] hist, SplitFinder.Split best) {
        }

        Growth(int tree, GrowthOptions options) {
            this.tree = tree;
            this.options = options;
            this.finder = new SplitFinder(bins, spec.numOutputs(), options, spec.task().boosting());
        }

        GrownTree run() {
            double[] acc = round(tree, splits, new long[] {0}, spec.task().boosting());
            lastLosses = Arrays.copyOfRange(acc, acc.length - 4, acc.length);
            double[] rootHist = Arrays.copyOf(acc, nodeLen);
            addNode(finder.totals(rootHist), 0);
            consider(0, rootHist);
            int leaves = 1;
            while (!open.isEmpty()) {
                List<Integer> toSplit = new ArrayList<>();
                if (options.maxLeaves() == 0) {
                    toSplit.addAll(open.keySet());
                } else if (leaves < options.maxLeaves()) {
                    toSplit.add(open.entrySet().stream()
                        .max(Comparator.<java.util.Map.Entry<Integer, Open>>comparingDouble(e -> e.getValue().best()
                            .gain()).thenComparing(e -> -e.getKey())).orElseThrow().getKey());
                } else {
                    break;
                }
                leaves += toSplit.size();
                splitNodes(toSplit);
            }
            return finish();
        }

        private void addNode(double[] total, int depth) {
            structure.add(new int[] {-1, -1, -1, -1, 0});
            totals.add(total);
            depths.add(depth);
            chosen.add(null);
        }

        private boolean canSplit(int node) {
            double[] t = totals.get(node);
            return depths.get(node) < options.maxDepth() && t[k + 1] >= 2L * options.minInstancesPerNode()
                && t[k] >= 2 * options.minHessianPerNode();
        }

        private void consider(int node, double[] hist) {
            if (!canSplit(node)) {
                return;
            }
            SplitFinder.Split best = finder.best(hist, totals.get(node), candidates(node));
            if (best != null) {
                open.put(node, new Open(hist, best));
            }
        }

        private int[] candidates(int node) {
            int d = bins.numFeatures();
            int m = Math.min(d, options.featuresPerNode());
            int[] all = new int[d];
            for (int i = 0; i < d; i++) {
                all[i] = i;
            }
            if (m == d) {
                return all;
            }
            SplittableRandom rng = new SplittableRandom(RowSampler.mix(seed * 31 + tree) ^ RowSampler.mix(node));
            for (int i = 0; i < m; i++) {
                int j = i + rng.nextInt(d - i);
                int tmp = all[i];
                all[i] = all[j];
                all[j] = tmp;
            }
            int[] pick = Arrays.copyOf(all, m);
            Arrays.sort(pick);
            return pick;
        }

        private void splitNodes(List<Integer> parents) {
            int first = splits.length / HistKernels.Grow.SPLIT_WIDTH;
            double[] next = Arrays.copyOf(splits, splits.length + parents.size() * HistKernels.Grow.SPLIT_WIDTH);
            List<long[]> builds = new ArrayList<>();
            List<Open> parentWork = new ArrayList<>();
            for (int i = 0; i < parents.size(); i++) {
                int p = parents.get(i);
                Open work = open.remove(p);
                SplitFinder.Split s = work.best();
                int left = structure.size();
                addNode(s.left(), depths.get(p) + 1);
                int right = structure.size();
                addNode(s.right(), depths.get(p) + 1);
                structure.set(p, new int[] {s.feature(), s.bin(), left, right, s.missingLeft() ? 1 : 0});
                chosen.set(p, s);
                int o = (first + i) * HistKernels.Grow.SPLIT_WIDTH;
                next[o] = p;
                next[o + 1] = s.feature();
                next[o + 2] = s.bin();
                next[o + 3] = s.missingLeft() ? 1 : 0;
                next[o + 4] = left;
                next[o + 5] = right;
                BinSet.put(s.leftBins(), next, o + 6);
                if (canSplit(left) || canSplit(right)) {
                    boolean leftSmaller = s.left()[k + 1] <= s.right()[k + 1];
                    builds.add(new long[] {leftSmaller ? left : right, leftSmaller ? right : left});
                    parentWork.add(work);
                }
            }
            splits = next;
            if (builds.isEmpty()) {
                return;
            }
            long[] build = new long[builds.size()];
            for (int i = 0; i < build.length; i++) {
                build[i] = builds.get(i)[0];
            }
            double[] acc = round(tree, splits, build, false);
            for (int i = 0; i < build.length; i++) {
                double[] small = Arrays.copyOfRange(acc, i * nodeLen, (i + 1) * nodeLen);
                double[] other = parentWork.get(i).hist();
                for (int j = 0; j < nodeLen; j++) {
                    other[j] -= small[j];
                }
                consider((int) builds.get(i)[0], small);
                consider((int) builds.get(i)[1], other);
            }
        }

        private GrownTree finish() {
            int n = structure.size();
            int[] feature = new int[n];
            int[] bin = new int[n];
            double[] threshold = new double[n];
            boolean[] missingLeft = new boolean[n];
            int[] left = new int[n];
            int[] right = new int[n];
            double[] gain = new double[n];
            double[] weight = new double[n];
            double[] count = new double[n];
            double[][] value = new double[n][k];
            int[][] leftBins = new int[n][];
            double l2 = spec.task().boosting() ? options.l2() : 0;
            for (int i = 0; i < n; i++) {
                int[] st = structure.get(i);
                feature[i] = st[0];
                bin[i] = st[1];
                left[i] = st[2];
                right[i] = st[3];
                missingLeft[i] = st[4] != 0;
                threshold[i] = st[0] < 0 || st[1] < 0 ? Double.NaN : bins.threshold(st[0], st[1]);
                leftBins[i] = chosen.get(i) == null ? null : chosen.get(i).leftBins();
                gain[i] = chosen.get(i) == null ? 0 : chosen.get(i).gain();
                double[] t = totals.get(i);
                weight[i] = t[k];
                count[i] = t[k + 1];
                for (int j = 0; j < k; j++) {
                    value[i][j] = t[k] + l2 > 0 ? options.leafScale() * t[j] / (t[k] + l2) : 0;
                }
            }
            return new GrownTree(feature, bin, threshold, missingLeft, left, right, gain, weight, count, value,
                leftBins);
        }
    }
}
