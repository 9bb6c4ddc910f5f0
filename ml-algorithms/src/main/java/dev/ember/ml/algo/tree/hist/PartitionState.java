package dev.ember.ml.algo.tree.hist;

import dev.ember.ml.core.InvalidArgumentException;
import dev.ember.ml.core.InvalidStateException;
import dev.ember.ml.core.data.Column;
import dev.ember.ml.core.data.Partition;
import dev.ember.ml.core.runtime.KernelParams;

import org.agrona.BufferUtil;
import org.agrona.UnsafeApi;

import java.lang.ref.Reference;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * What one partition keeps between the rounds of one fit, where the partition lives: labels and weights, the
 * margins of the trees boosted so far, this tree's per-row statistics and sample, and the rows of each node of
 * the tree being grown, contiguous in one index array (each split partitions its node's range in place, as
 * LightGBM's data partition does).
 *
 * <p>It is a cache, never the truth: every round's params carry the finished trees and this tree's splits, and a
 * state that is missing (evicted, or the partition moved to another executor) or behind is rebuilt or caught up
 * from them, so rounds give the same histograms either way.
 */
final class PartitionState {
    final int numRows;
    final long rowOffset;
    final double[] label;
    final double[] weight;
    final boolean[] validation;
    final double[] margin;
    int treesInMargin;

    int tree = -1;
    int splitsApplied;
    /**
     * Each row's gradient, hessian and count (sample multiplicity) at {@code 4 r}, {@code 4 r + 1} and
     * {@code 4 r + 2}: one cache line per row for the histogram's scattered reads (three arrays would be three).
     */
    double[] stats;
    int[] classOf;
    int[] rows;
    int numSampled;
    /** Whether every row of this tree's sample counts once (no bootstrap): the histograms then add a constant. */
    private boolean unitCounts;
    int[] nodeBegin = new int[64];
    int[] nodeCount = new int[64];
    private boolean[] nodeSplit = new boolean[64];
    private int[] scratch;
    private byte[][] columns;

    PartitionState(Partition p, TrainingSpec spec, long rowOffset) {
        this.numRows = p.numRows();
        this.rowOffset = rowOffset;
        Column y = p.column(spec.labelCol());
        this.label = new double[numRows];
        for (int r = 0; r < numRows; r++) {
            double v = y.isNull(r) ? Double.NaN : y.getDouble(r);
            if (!Double.isFinite(v) || (spec.task() == TreeTask.CLASSIFICATION
                && (v < 0 || v >= spec.numOutputs() || v != Math.rint(v)))
                || (spec.task() == TreeTask.LOGISTIC && v != 0 && v != 1)) {
                throw new InvalidArgumentException("column '" + spec.labelCol() + "', " + p.where(r)
                    + ": found label " + v + ", expected " + spec.labelDescription());
            }
            label[r] = v;
        }
        if (spec.weightCol().isEmpty()) {
            this.weight = null;
        } else {
            Column w = p.column(spec.weightCol());
            this.weight = new double[numRows];
            for (int r = 0; r < numRows; r++) {
                double v = w.isNull(r) ? Double.NaN : w.getDouble(r);
                if (!(v >= 0) || Double.isInfinite(v)) {
                    throw new InvalidArgumentException("column '" + spec.weightCol() + "', " + p.where(r)
                        + ": found weight " + v + ", expected a finite weight >= 0");
                }
                weight[r] = v;
            }
        }
        if (spec.validationCol().isEmpty()) {
            this.validation = null;
        } else {
            Column v = p.column(spec.validationCol());
            this.validation = new boolean[numRows];
            for (int r = 0; r < numRows; r++) {
                validation[r] = !v.isNull(r) && v.getDouble(r) != 0;
            }
        }
        if (spec.task().boosting()) {
            this.margin = new double[numRows];
            Arrays.fill(margin, spec.initScore());
        } else {
            this.margin = null;
        }
    }

    /** Adds the finished trees the margins lack, by walking each over the binned rows. */
    void catchUpMargins(EnsembleTable ensemble, ByteBuffer bins, int stride, int[] missingBin, int trees) {
        if (trees < treesInMargin) {
            Arrays.fill(margin, Double.NaN);
            throw new InvalidStateException("margins hold " + treesInMargin + " trees, the round expects " + trees);
        }
        for (int t = treesInMargin; t < trees; t++) {
            if (t == tree && numSampled == numRows) {
                addTreeByLeaves(ensemble.tree(t), bins, stride, missingBin);
            } else {
                ensemble.addTree(t, bins, stride, missingBin, margin, numRows);
            }
        }
        treesInMargin = trees;
    }

    /**
     * Adds the tree this state grew, with every row of the partition in its sample, from the rows of its leaves
     * (as LightGBM updates its scores by leaf): the splits the rounds did not apply (the last ones of the tree)
     * are applied from the table, parents before children (a child's number is above its parent's), then each
     * leaf's value is added to its rows. A row lands in the leaf a walk from the root finds and gets the same
     * addition, so the margins are the same doubles as {@link EnsembleTable#addTree}'s.
     */
    private void addTreeByLeaves(double[] nodes, ByteBuffer bins, int stride, int[] missingBin) {
        int n = nodes.length / EnsembleTable.WIDTH;
        ensureNodes(n);
        for (int j = 0; j < n; j++) {
            int o = j * EnsembleTable.WIDTH;
            if (nodes[o + 3] >= 0) {
                if (!nodeSplit[j]) {
                    int f = (int) nodes[o];
                    int bin = (int) nodes[o + 1];
                    applySplit(j, f, bin, nodes[o + 2] != 0, (int) nodes[o + 3], (int) nodes[o + 4], bins, stride,
                        missingBin[f], bin < 0 ? BinSet.get(nodes, o + EnsembleTable.SET) : null);
                }
            } else {
                double value = nodes[o + 5];
                int end = nodeBegin[j] + nodeCount[j];
                for (int i = nodeBegin[j]; i < end; i++) {
                    margin[rows[i]] += value;
                }
            }
        }
    }

    /** Starts tree {@code t}: per-row statistics at the current margins and the tree's sample, all in node 0. */
    void startTree(int t, TrainingSpec spec) {
        tree = t;
        splitsApplied = 0;
        TreeTask task = spec.task();
        if (stats == null) {
            stats = new double[4 * numRows];
            rows = new int[numRows];
            scratch = new int[numRows];
            if (task == TreeTask.CLASSIFICATION) {
                classOf = new int[numRows];
            }
        }
        int k = 0;
        boolean unit = true;
        for (int r = 0; r < numRows; r++) {
            if (validation != null && validation[r]) {
                continue;
            }
            int m = RowSampler.multiplicity(spec.seed(), t, rowOffset + r, spec.subsamplingRate(), spec.bootstrap());
            double w = (weight == null ? 1.0 : weight[r]) * m;
            if (m == 0 || w == 0) {
                continue;
            }
            rows[k++] = r;
            int at = 4 * r;
            stats[at + 2] = m;
            unit &= m == 1;
            double y = label[r];
            switch (task) {
                case CLASSIFICATION -> {
                    classOf[r] = (int) y;
                    stats[at + 1] = w;
                }
                case REGRESSION -> {
                    stats[at] = w * y;
                    stats[at + 1] = w;
                }
                case SQUARED -> {
                    stats[at] = w * (y - margin[r]);
                    stats[at + 1] = w;
                }
                case LOGISTIC -> {
                    double p = 1 / (1 + Math.exp(-margin[r]));
                    stats[at] = w * (y - p);
                    stats[at + 1] = w * Math.max(p * (1 - p), 1e-16);
                }
                default -> throw new InvalidStateException(task.toString());
            }
        }
        numSampled = k;
        unitCounts = unit;
        Arrays.fill(nodeSplit, false);
        nodeBegin[0] = 0;
        nodeCount[0] = k;
    }

    /**
     * Partitions a node's rows between its children, left first, keeping their (ascending) order. The split
     * feature's bins are read from a column-major copy ({@link #column}), so a split streams one byte per row
     * instead of one cache line of the row-major block. A categorical split ({@code leftBins} not null) sends
     * the rows whose category is in {@code leftBins} left.
     */
    void applySplit(int node, int feature, int bin, boolean missingLeft, int left, int right, ByteBuffer bins,
                    int stride, int missingBin, int[] leftBins) {
        ensureNodes(Math.max(left, right) + 1);
        nodeSplit[node] = true;
        byte[] col = column(feature, bins, stride);
        int begin = nodeBegin[node];
        int n = nodeCount[node];
        int nl = 0;
        int nr = 0;
        for (int i = begin; i < begin + n; i++) {
            int r = rows[i];
            int b = col[r] & 0xFF;
            boolean goLeft = b == missingBin ? missingLeft : leftBins != null ? BinSet.contains(leftBins, b) : b <= bin;
            if (goLeft) {
                rows[begin + nl++] = r;
            } else {
                scratch[nr++] = r;
            }
        }
        System.arraycopy(scratch, 0, rows, begin + nl, nr);
        nodeBegin[left] = begin;
        nodeCount[left] = nl;
        nodeBegin[right] = begin + nl;
        nodeCount[right] = nr;
    }

    /**
     * @return feature {@code f}'s bins of every row, copied once per fit from the row-major block (the copies
     *     together are as large as the block: one byte per value, on the heap)
     */
    private byte[] column(int f, ByteBuffer bins, int stride) {
        if (columns == null) {
            columns = new byte[stride][];
        }
        byte[] c = columns[f];
        if (c == null) {
            c = new byte[numRows];
            for (int r = 0; r < numRows; r++) {
                c[r] = bins.get(r * stride + f);
            }
            columns[f] = c;
        }
        return c;
    }

    private void ensureNodes(int n) {
        if (n > nodeBegin.length) {
            int len = Math.max(n, 2 * nodeBegin.length);
            nodeBegin = Arrays.copyOf(nodeBegin, len);
            nodeCount = Arrays.copyOf(nodeCount, len);
            nodeSplit = Arrays.copyOf(nodeSplit, len);
        }
    }

    /**
     * Adds the histogram of one node's rows into {@code hist} at {@code base}: per feature and bin, the
     * {@code K} target sums, the weight and the count. {@code bins} must be little-endian.
     */
    void buildHistogram(int node, ByteBuffer bins, int stride, int[] slotOffset, int numFeatures, int k,
                        double[] hist, int base) {
        int begin = nodeBegin[node];
        int end = begin + nodeCount[node];
        int s = k + 2;
        if (classOf == null) {
            buildByChunks(begin, end, bins, stride, slotOffset, numFeatures, hist, base);
        } else {
            for (int i = begin; i < end; i++) {
                int r = rows[i];
                int cls = classOf[r];
                double h = stats[4 * r + 1];
                double c = stats[4 * r + 2];
                int rb = r * stride;
                for (int f = 0; f < numFeatures; f++) {
                    int o = base + (slotOffset[f] + (bins.get(rb + f) & 0xFF)) * s;
                    hist[o + cls] += h;
                    hist[o + k] += h;
                    hist[o + k + 1] += c;
                }
            }
        }
    }

    /** Rows per chunk of {@link #buildByChunks}: their bins and statistics stay in L1 while every feature reads them. */
    private static final int CHUNK = 256;
    private static final long HIST_BASE = UncheckedDoubles.BASE;
    private int[] chunkWords;
    private double[] chunkGrad;
    private double[] chunkHess;
    private double[] chunkCount;
    /** What the touch loops read, kept so that the JIT cannot drop them. */
    private long touchSink;

    /**
     * The single-output histogram, a chunk of rows at a time: the chunk's bins (four per int, transposed so that
     * one feature quad's bins are contiguous) and statistics are gathered first, then each quad of features adds
     * the whole chunk into its own part of the histogram. Row by row, the 50 features' bins would be 150 scattered
     * read-modify-writes into a histogram of several hundred KB (L2); quad by quad, the part being written (4 x
     * 256 bins x 3 doubles) stays in L1. Each bin still adds the rows in order, so the sums are the same to the bit.
     */
    private void buildByChunks(int begin, int end, ByteBuffer bins, int stride, int[] slotOffset, int numFeatures,
                               double[] hist, int base) {
        int words = (numFeatures + 3) >>> 2;
        if (chunkWords == null || chunkWords.length < words * CHUNK) {
            chunkWords = new int[words * CHUNK];
            chunkGrad = new double[CHUNK];
            chunkHess = new double[CHUNK];
            chunkCount = new double[CHUNK];
        }
        // every bin a byte can name, for every feature, inside hist: then the unchecked loop cannot leave it
        boolean unchecked = UncheckedDoubles.enabled();
        for (int f = 0; f < numFeatures; f++) {
            unchecked &= base >= 0 && base + (slotOffset[f] + 256) * 3 <= hist.length;
        }
        int[] cw = chunkWords;
        double[] cg = chunkGrad;
        double[] ch = chunkHess;
        double[] cc = chunkCount;
        // a node of under a third of the partition's rows is scattered: its rows' cache lines are touched first
        boolean touch = (long) (end - begin) * 3 < numRows;
        boolean unit = unitCounts;
        // the unchecked gather reads the block in the machine's byte order, which must be the block's
        long address = unchecked && bins.isDirect() && ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN
            && (long) numRows * stride <= bins.capacity() && stride >= 4 * words ? BufferUtil.address(bins) : 0;
        for (int i0 = begin; i0 < end; i0 += CHUNK) {
            int m = Math.min(CHUNK, end - i0);
            if (address != 0) {
                gatherUnchecked(i0, m, address, stride, words, touch);
            } else {
                gatherChecked(i0, m, bins, stride, words, touch);
            }
            for (int w = 0; w < words; w++) {
                int f = 4 * w;
                int wo = w * CHUNK;
                if (f + 3 < numFeatures && unchecked) {
                    // Unsafe: the array bounds checks of 12 read-modify-writes per row cost as much as the rest;
                    // every offset was proven inside hist above
                    long b0 = HIST_BASE + (long) (base + slotOffset[f] * 3) * 8;
                    long b1 = HIST_BASE + (long) (base + slotOffset[f + 1] * 3) * 8;
                    long b2 = HIST_BASE + (long) (base + slotOffset[f + 2] * 3) * 8;
                    long b3 = HIST_BASE + (long) (base + slotOffset[f + 3] * 3) * 8;
                    for (int q = 0; q < m; q++) {
                        int v = cw[wo + q];
                        double g = cg[q];
                        double h = ch[q];
                        double c = unit ? 1.0 : cc[q];
                        long o0 = b0 + (v & 0xFF) * 24L;
                        long o1 = b1 + ((v >>> 8) & 0xFF) * 24L;
                        long o2 = b2 + ((v >>> 16) & 0xFF) * 24L;
                        long o3 = b3 + (v >>> 24) * 24L;
                        UnsafeApi.putDouble(hist, o0, UnsafeApi.getDouble(hist, o0) + g);
                        UnsafeApi.putDouble(hist, o0 + 8, UnsafeApi.getDouble(hist, o0 + 8) + h);
                        UnsafeApi.putDouble(hist, o0 + 16, UnsafeApi.getDouble(hist, o0 + 16) + c);
                        UnsafeApi.putDouble(hist, o1, UnsafeApi.getDouble(hist, o1) + g);
                        UnsafeApi.putDouble(hist, o1 + 8, UnsafeApi.getDouble(hist, o1 + 8) + h);
                        UnsafeApi.putDouble(hist, o1 + 16, UnsafeApi.getDouble(hist, o1 + 16) + c);
                        UnsafeApi.putDouble(hist, o2, UnsafeApi.getDouble(hist, o2) + g);
                        UnsafeApi.putDouble(hist, o2 + 8, UnsafeApi.getDouble(hist, o2 + 8) + h);
                        UnsafeApi.putDouble(hist, o2 + 16, UnsafeApi.getDouble(hist, o2 + 16) + c);
                        UnsafeApi.putDouble(hist, o3, UnsafeApi.getDouble(hist, o3) + g);
                        UnsafeApi.putDouble(hist, o3 + 8, UnsafeApi.getDouble(hist, o3 + 8) + h);
                        UnsafeApi.putDouble(hist, o3 + 16, UnsafeApi.getDouble(hist, o3 + 16) + c);
                    }
                } else if (f + 3 < numFeatures) {
                    int b0 = base + slotOffset[f] * 3;
                    int b1 = base + slotOffset[f + 1] * 3;
                    int b2 = base + slotOffset[f + 2] * 3;
                    int b3 = base + slotOffset[f + 3] * 3;
                    for (int q = 0; q < m; q++) {
                        int v = cw[wo + q];
                        double g = cg[q];
                        double h = ch[q];
                        double c = unit ? 1.0 : cc[q];
                        int o0 = b0 + (v & 0xFF) * 3;
                        int o1 = b1 + ((v >>> 8) & 0xFF) * 3;
                        int o2 = b2 + ((v >>> 16) & 0xFF) * 3;
                        int o3 = b3 + (v >>> 24) * 3;
                        hist[o0] += g;
                        hist[o0 + 1] += h;
                        hist[o0 + 2] += c;
                        hist[o1] += g;
                        hist[o1 + 1] += h;
                        hist[o1 + 2] += c;
                        hist[o2] += g;
                        hist[o2 + 1] += h;
                        hist[o2 + 2] += c;
                        hist[o3] += g;
                        hist[o3 + 1] += h;
                        hist[o3 + 2] += c;
                    }
                } else {
                    for (int ff = f; ff < numFeatures; ff++) {
                        int bf = base + slotOffset[ff] * 3;
                        int shift = 8 * (ff - f);
                        for (int q = 0; q < m; q++) {
                            int o = bf + ((cw[wo + q] >>> shift) & 0xFF) * 3;
                            hist[o] += cg[q];
                            hist[o + 1] += ch[q];
                            hist[o + 2] += cc[q];
                        }
                    }
                }
            }
        }
        Reference.reachabilityFence(bins);
    }

    /**
     * Gathers a chunk's statistics and bins (see {@link #buildByChunks}) through the bin block's address: eight
     * bins per read, no bounds checks (the caller proved {@code numRows * stride} bytes inside the block, and
     * every row index is below {@code numRows}). With {@code touch}, a first loop reads one byte of each of a
     * row's cache lines and its statistics: its body is small enough that the processor has many of the chunk's
     * scattered rows in flight at once (the JVM has no prefetch instruction), and the gather then finds them in
     * cache. On a node of a few percent of the rows this halves the gather's time; on a dense node the hardware
     * prefetcher already streams the rows, so it is skipped.
     */
    private void gatherUnchecked(int i0, int m, long address, int stride, int words, boolean touch) {
        int[] cw = chunkWords;
        if (touch) {
            long sum = 0;
            for (int q = 0; q < m; q++) {
                int r = rows[i0 + q];
                long a = address + (long) r * stride;
                sum += UnsafeApi.getByte(null, a) + UnsafeApi.getByte(null, a + stride - 1) + (long) stats[4 * r];
            }
            touchSink += sum;
        }
        int pairs = words >>> 1;
        for (int q = 0; q < m; q++) {
            int r = rows[i0 + q];
            chunkGrad[q] = stats[4 * r];
            chunkHess[q] = stats[4 * r + 1];
            chunkCount[q] = stats[4 * r + 2];
            long a = address + (long) r * stride;
            for (int w = 0; w < pairs; w++) {
                // eight little-endian bins: the low int is quad 2w, the high one quad 2w + 1
                long x = UnsafeApi.getLong(null, a + 8L * w);
                cw[2 * w * CHUNK + q] = (int) x;
                cw[(2 * w + 1) * CHUNK + q] = (int) (x >>> 32);
            }
            if ((words & 1) != 0) {
                cw[(words - 1) * CHUNK + q] = UnsafeApi.getInt(null, a + 4L * (words - 1));
            }
        }
    }

    /** {@link #gatherUnchecked} through the buffer's checked reads, four bins per read. */
    private void gatherChecked(int i0, int m, ByteBuffer bins, int stride, int words, boolean touch) {
        int[] cw = chunkWords;
        if (touch) {
            long sum = 0;
            for (int q = 0; q < m; q++) {
                int r = rows[i0 + q];
                int rb = r * stride;
                sum += bins.get(rb) + bins.get(rb + stride - 1) + (long) stats[4 * r];
            }
            touchSink += sum;
        }
        for (int q = 0; q < m; q++) {
            int r = rows[i0 + q];
            chunkGrad[q] = stats[4 * r];
            chunkHess[q] = stats[4 * r + 1];
            chunkCount[q] = stats[4 * r + 2];
            int rb = r * stride;
            for (int w = 0; w < words; w++) {
                // four little-endian bins per read (the row stride is padded to whole ints)
                cw[w * CHUNK + q] = bins.getInt(rb + 4 * w);
            }
        }
    }

    /** Adds {@code [train loss, train weight, validation loss, validation weight]} at the margins into out. */
    void addLosses(TreeTask task, double[] out, int at) {
        for (int r = 0; r < numRows; r++) {
            double w = weight == null ? 1.0 : weight[r];
            int o = validation != null && validation[r] ? at + 2 : at;
            out[o] += w * task.loss(label[r], margin[r]);
            out[o + 1] += w;
        }
    }
}
