package dev.ember.ml.algo.clustering;

import dev.ember.ml.core.InvalidArgumentException;
import dev.ember.ml.core.data.Column;
import dev.ember.ml.core.data.DataType;
import dev.ember.ml.core.data.Field;
import dev.ember.ml.core.data.Partition;
import dev.ember.ml.core.data.Schema;
import dev.ember.ml.core.runtime.AggregateKernel;
import dev.ember.ml.core.runtime.KernelParams;
import dev.ember.ml.core.runtime.MapKernel;
import dev.ember.ml.core.runtime.SumKernel;
import dev.ember.ml.core.runtime.ValueCodec;
import dev.ember.ml.core.runtime.ValueCodecs;

import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.nio.IntBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The data passes of {@link KMeans}, each one registered kernel over a partition's off-heap feature block.
 *
 * <p>Initialization (k-means||): {@link PickTop} draws rows by weighted reservoir keys, {@link CandidateCost}
 * sums the weighted cost to the candidates, {@link SampleCandidates} keeps each row with probability
 * {@code min(1, 2 k w cost / total)}, {@link CandidateWeights} weighs the candidates. The uniform draws are a
 * hash of the seed, the round and the row's values ({@link #uniform}), not a stream per partition, so the
 * candidates do not depend on the partitioning.
 *
 * <p>Lloyd iterations keep Hamerly's bounds per row in a lineage of state frames: {@link HamerlyInit} computes
 * every distance once (and, at widths where {@link FloatCenters} applies, makes the state's float copy of the
 * rows, {@link BlockedRows}), {@link HamerlyStep} moves the bounds by how far the centers moved and recomputes
 * distances only for the rows (or the 8-row blocks) whose bounds no longer prove their assignment, and
 * {@link ClusterSums} then gives the change of
 * each cluster's sums: only the rows whose assignment changed are read (Hamerly's and Elkan's incremental
 * center update; the driver keeps the running sums). {@link FinalCost} and {@link AssignCost} give costs and
 * cluster sizes; {@link Predict} assigns clusters.
 */
final class KMeansKernels {
    /** The state column holding each row's cluster. */
    static final String ASSIGN = "__kmeans_assign";
    /** The state column holding an upper bound on the distance to the row's center. */
    static final String UPPER = "__kmeans_upper";
    /** The state column holding a lower bound on the distance to every other center. */
    static final String LOWER = "__kmeans_lower";
    /** The state column holding each row's cluster in the previous state ({@code -1} in the first). */
    static final String PREVIOUS = "__kmeans_previous";
    /** The state column holding the rows in float, transposed by blocks ({@link BlockedRows}), when it applies. */
    static final String BLOCKED = "__kmeans_blocked";

    private KMeansKernels() {
    }

    /**
     * A uniform draw in (0, 1) for one row: a SplitMix64 hash of the seed, the round and the row's values as
     * float32 (so float and double storage of the same data draw alike).
     *
     * @param seed the seed
     * @param step the round
     * @param rows the rows
     * @param r a row
     * @return the draw
     */
    static double uniform(long seed, int step, ClusterRows rows, int r) {
        long h = mix(seed + 0x9E3779B97F4A7C15L * (step + 1));
        for (int j = 0; j < rows.width; j++) {
            float v = (float) rows.block.get(r, j);
            h = mix(h ^ (v == 0 ? 0 : Float.floatToIntBits(v)) ^ ((long) j << 32));
        }
        return ((h >>> 11) + 0.5) * 0x1.0p-53;
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** Receives one row's nearest center and squared distances. */
    interface NearestSink {
        void accept(int row, int center, double d1, double d2);
    }

    /** Finds every row's nearest and second-nearest center, in batches ({@link RowMath#nearest}). */
    static void nearestAll(ClusterRows rows, double[] c, boolean check, NearestSink sink) {
        RowMath m = RowMath.INSTANCE;
        int size = m.batch();
        RowMath.Batch b = m.newBatch(rows.width);
        int[] idx = new int[size];
        int k = c.length / rows.width;
        for (int start = 0; start < rows.rows; start += size) {
            int count = Math.min(size, rows.rows - start);
            for (int i = 0; i < count; i++) {
                idx[i] = start + i;
            }
            m.nearest(rows, idx, count, c, k, check, b);
            for (int i = 0; i < count; i++) {
                sink.accept(idx[i], b.assign[i], b.d1[i], b.d2[i]);
            }
        }
    }

    /** Element-wise sums of the k-means passes. */
    private abstract static class Sums extends SumKernel {
        Sums() {
            super("k-means sums");
        }
    }

    /**
     * The {@code count} rows of largest key {@code log(u) / w} (Efraimidis and Spirakis' weighted sampling
     * without replacement; rows of weight 0 are never drawn), as {@code [d, count, (key, row)...]} with the tuples
     * by decreasing key (the empty array is the neutral element).
     */
    static final class PickTop implements AggregateKernel<double[]> {
        @Override
        public double[] zero(KernelParams params) {
            return new double[0];
        }

        @Override
        public double[] seqOp(double[] acc, Partition partition, KernelParams params) {
            KMeansArgs.Candidates a = KMeansArgs.Candidates.CODEC.decode(params);
            ClusterRows rows = new ClusterRows(partition, a.featuresCol(), a.weightCol(), a.unit());
            int d = rows.width;
            double[] x = new double[d];
            double[] top = new double[0];
            for (int r = 0; r < rows.rows; r++) {
                rows.read(r, x, true);
                double w = rows.weight(r);
                if (w <= 0) {
                    continue;
                }
                double key = Math.log(uniform(a.seed(), a.step(), rows, r)) / w;
                int have = top.length / (d + 1);
                if (have == a.count() && key <= top[(have - 1) * (d + 1)]) {
                    continue;
                }
                double[] one = new double[d + 1];
                one[0] = key;
                System.arraycopy(x, 0, one, 1, d);
                top = merge(top, one, d, a.count());
            }
            double[] out = new double[2 + top.length];
            out[0] = d;
            out[1] = a.count();
            System.arraycopy(top, 0, out, 2, top.length);
            return combOp(acc, out);
        }

        @Override
        public double[] combOp(double[] left, double[] right) {
            if (left.length == 0) {
                return right;
            }
            if (right.length == 0) {
                return left;
            }
            if (left[0] != right[0] || left[1] != right[1]) {
                throw new InvalidArgumentException("k-means pick: found width " + right[0] + " and count "
                    + right[1] + ", expected " + left[0] + " and " + left[1]);
            }
            int d = (int) left[0];
            double[] body = merge(Arrays.copyOfRange(left, 2, left.length), Arrays.copyOfRange(right, 2,
                right.length), d, (int) left[1]);
            double[] out = new double[2 + body.length];
            out[0] = left[0];
            out[1] = left[1];
            System.arraycopy(body, 0, out, 2, body.length);
            return out;
        }

        @Override
        public ValueCodec<double[]> codec() {
            return ValueCodecs.DOUBLE_ARRAY;
        }
    }

    /** Merges two key-sorted tuple lists, keeping the {@code count} largest keys (ties: the left first). */
    static double[] merge(double[] left, double[] right, int d, int count) {
        int t = d + 1;
        int nl = left.length / t;
        int nr = right.length / t;
        int n = Math.min(count, nl + nr);
        double[] out = new double[n * t];
        int i = 0;
        int j = 0;
        for (int o = 0; o < n; o++) {
            boolean takeLeft = j >= nr || (i < nl && compare(left, i * t, right, j * t, t) >= 0);
            if (takeLeft) {
                System.arraycopy(left, i++ * t, out, o * t, t);
            } else {
                System.arraycopy(right, j++ * t, out, o * t, t);
            }
        }
        return out;
    }

    /** Orders tuples by key, then by row values (so equal keys order the same whatever the partitioning). */
    private static int compare(double[] a, int ai, double[] b, int bi, int t) {
        for (int j = 0; j < t; j++) {
            int c = Double.compare(a[ai + j], b[bi + j]);
            if (c != 0) {
                return j == 0 ? c : -c;
            }
        }
        return 0;
    }

    /** {@code [sum of w * cost to the nearest candidate]}. */
    static final class CandidateCost extends Sums {
        @Override
        public double[] seqOp(double[] acc, Partition partition, KernelParams params) {
            KMeansArgs.Candidates a = KMeansArgs.Candidates.CODEC.decode(params);
            ClusterRows rows = new ClusterRows(partition, a.featuresCol(), a.weightCol(), a.unit());
            double[] sum = new double[1];
            nearestAll(rows, a.candidates(), false,
                (r, center, d1, d2) -> sum[0] += rows.weight(r) * CenterMath.cost(d1, a.unit()));
            return combOp(acc, sum);
        }
    }

    /** The rows drawn in one k-means|| round, concatenated (row-major); partitions concatenate in order. */
    static final class SampleCandidates implements AggregateKernel<double[]> {
        @Override
        public double[] zero(KernelParams params) {
            return new double[0];
        }

        @Override
        public double[] seqOp(double[] acc, Partition partition, KernelParams params) {
            KMeansArgs.Candidates a = KMeansArgs.Candidates.CODEC.decode(params);
            ClusterRows rows = new ClusterRows(partition, a.featuresCol(), a.weightCol(), a.unit());
            int d = rows.width;
            double[] c = a.candidates();
            int m = c.length / d;
            double[] x = new double[d];
            double[] nd = new double[2];
            List<double[]> picked = new ArrayList<>();
            for (int r = 0; r < rows.rows; r++) {
                double w = rows.weight(r);
                if (w <= 0) {
                    continue;
                }
                rows.read(r, x, false);
                CenterMath.nearest(x, c, m, d, nd);
                double p = a.sampleScale() * w * CenterMath.cost(nd[0], a.unit());
                if (p > 0 && uniform(a.seed(), a.step(), rows, r) < p) {
                    picked.add(x.clone());
                }
            }
            double[] out = new double[picked.size() * d];
            for (int i = 0; i < picked.size(); i++) {
                System.arraycopy(picked.get(i), 0, out, i * d, d);
            }
            return combOp(acc, out);
        }

        @Override
        public double[] combOp(double[] left, double[] right) {
            double[] out = Arrays.copyOf(left, left.length + right.length);
            System.arraycopy(right, 0, out, left.length, right.length);
            return out;
        }

        @Override
        public ValueCodec<double[]> codec() {
            return ValueCodecs.DOUBLE_ARRAY;
        }
    }

    /** {@code [weight of the rows nearest to candidate i]}, one per candidate. */
    static final class CandidateWeights extends Sums {
        @Override
        public double[] seqOp(double[] acc, Partition partition, KernelParams params) {
            KMeansArgs.Candidates a = KMeansArgs.Candidates.CODEC.decode(params);
            ClusterRows rows = new ClusterRows(partition, a.featuresCol(), a.weightCol(), a.unit());
            int d = rows.width;
            double[] c = a.candidates();
            int m = c.length / d;
            double[] out = new double[m];
            nearestAll(rows, c, false, (r, center, d1, d2) -> out[center] += rows.weight(r));
            return combOp(acc, out);
        }
    }

    /**
     * The fields of a state partition: the features (and weights) shared, then the four state columns, then the
     * blocked float copy of the rows when {@link FloatCenters} applies at this width.
     */
    static Schema stateSchema(Schema input, String featuresCol, String weightCol, int d) {
        List<Field> fields = new ArrayList<>();
        fields.add(input.field(featuresCol));
        if (!weightCol.isEmpty()) {
            fields.add(input.field(weightCol));
        }
        fields.add(Field.of(ASSIGN, DataType.INT, false));
        fields.add(Field.of(UPPER, DataType.DOUBLE, false));
        fields.add(Field.of(LOWER, DataType.DOUBLE, false));
        fields.add(Field.of(PREVIOUS, DataType.INT, false));
        if (FloatCenters.applies(d)) {
            fields.add(Field.vector(BLOCKED, d, DataType.FLOAT));
        }
        return new Schema(fields);
    }

    private static Partition statePartition(Partition input, KMeansArgs.Lloyd a, Column assign, Column upper,
                                            Column lower, Column previous, Column blocked) {
        List<Column> cols = new ArrayList<>();
        cols.add(input.column(a.featuresCol()).share());
        if (!a.weightCol().isEmpty()) {
            cols.add(input.column(a.weightCol()).share());
        }
        cols.add(assign);
        cols.add(upper);
        cols.add(lower);
        cols.add(previous);
        if (blocked != null) {
            cols.add(blocked);
        }
        return new Partition(input.index(), cols, input.numRows());
    }

    /** The first state: every distance computed, the exact assignment and tight bounds; refuses bad rows. */
    static final class HamerlyInit implements MapKernel {
        @Override
        public Partition apply(Partition input, KernelParams params, Schema outputSchema) {
            KMeansArgs.Lloyd a = KMeansArgs.Lloyd.CODEC.decode(params);
            ClusterRows rows = new ClusterRows(input, a.featuresCol(), a.weightCol(), a.unit());
            int n = rows.rows;
            Column assign = Column.allocate(outputSchema.field(ASSIGN), n);
            Column upper = Column.allocate(outputSchema.field(UPPER), n);
            Column lower = Column.allocate(outputSchema.field(LOWER), n);
            IntBuffer as = assign.ints();
            DoubleBuffer up = upper.doubles();
            DoubleBuffer lo = lower.doubles();
            Column blocked = null;
            if (outputSchema.contains(BLOCKED)) {
                blocked = BlockedRows.build(rows, outputSchema.field(BLOCKED));
                double[] c = a.centers();
                FloatCenters fc = new FloatCenters(c, c.length / rows.width, rows.width);
                FloatBuffer src = blocked.floats();
                float[] t = new float[rows.width * BlockedRows.BLOCK];
                for (int b = 0; b < BlockedRows.blocks(n); b++) {
                    assignBlock(fc, src, rows, b, t, as, up, lo);
                }
            } else {
                nearestAll(rows, a.centers(), true, (r, center, d1, d2) -> {
                    as.put(r, center);
                    up.put(r, Math.sqrt(d1));
                    lo.put(r, Math.sqrt(d2));
                });
            }
            Column previous = Column.allocate(outputSchema.field(PREVIOUS), n);
            IntBuffer pr = previous.ints();
            for (int r = 0; r < n; r++) {
                pr.put(r, -1);
            }
            return statePartition(input, a, assign, upper, lower, previous, blocked);
        }
    }

    /**
     * One Hamerly step (Hamerly, "Making k-means even faster", SDM 2010): the upper bound grows by the move of
     * the row's center, the lower bound shrinks by the largest move of another center; a row whose upper bound
     * is at most {@code max(lower, s(a))} ({@code s(a)} half the distance from its center to the nearest other)
     * keeps its center without reading it. Otherwise, on the blocked float copy ({@link #stepBlocked}), every
     * distance of the row's block is computed; without it ({@link #stepDouble}), the upper bound is tightened
     * and, if that is not enough, every distance is computed.
     */
    static final class HamerlyStep implements MapKernel {
        @Override
        public Partition apply(Partition input, KernelParams params, Schema outputSchema) {
            KMeansArgs.Lloyd a = KMeansArgs.Lloyd.CODEC.decode(params);
            ClusterRows rows = new ClusterRows(input, a.featuresCol(), a.weightCol(), a.unit());
            int n = rows.rows;
            int d = rows.width;
            double[] c = a.centers();
            int k = c.length / d;
            double[] moves = a.moves();
            int far = 0;
            for (int i = 1; i < k; i++) {
                if (moves[i] > moves[far]) {
                    far = i;
                }
            }
            double secondMove = 0;
            for (int i = 0; i < k; i++) {
                if (i != far) {
                    secondMove = Math.max(secondMove, moves[i]);
                }
            }
            double[] half = CenterMath.halfSeparation(c, k, d);
            IntBuffer prevAssign = input.column(ASSIGN).ints();
            DoubleBuffer prevUpper = input.column(UPPER).doubles();
            DoubleBuffer prevLower = input.column(LOWER).doubles();
            Column assign = Column.allocate(outputSchema.field(ASSIGN), n);
            Column upper = Column.allocate(outputSchema.field(UPPER), n);
            Column lower = Column.allocate(outputSchema.field(LOWER), n);
            IntBuffer as = assign.ints();
            DoubleBuffer up = upper.doubles();
            DoubleBuffer lo = lower.doubles();
            Bounds b = new Bounds(prevAssign, prevUpper, prevLower, moves, far, secondMove, half);
            Column blocked = null;
            if (outputSchema.contains(BLOCKED)) {
                blocked = input.column(BLOCKED).share();
                stepBlocked(rows, blocked.floats(), c, k, b, as, up, lo);
            } else {
                stepDouble(rows, c, k, b, as, up, lo);
            }
            Column previous = Column.allocate(outputSchema.field(PREVIOUS), n);
            previous.ints().put(0, prevAssign, 0, n);
            return statePartition(input, a, assign, upper, lower, previous, blocked);
        }
    }

    /** The previous state's bounds and how far the centers moved: what a Lloyd step prunes with. */
    private record Bounds(IntBuffer assign, DoubleBuffer upper, DoubleBuffer lower, double[] moves, int far,
                          double secondMove, double[] half) {
        /** @return row {@code r}'s upper bound moved with its center */
        double upper(int r, int ar) {
            return upper.get(r) + moves[ar];
        }

        /** @return row {@code r}'s lower bound moved with the other centers */
        double lower(int r, int ar) {
            return lower.get(r) - (ar == far ? secondMove : moves[far]);
        }
    }

    /** Hamerly's step in double: the direct-form distance to the row's center, then every distance if needed. */
    private static void stepDouble(ClusterRows rows, double[] c, int k, Bounds b, IntBuffer as, DoubleBuffer up,
                                   DoubleBuffer lo) {
        int d = rows.width;
        double[] x = new double[d];
        RowMath m = RowMath.INSTANCE;
        RowMath.Batch batch = m.newBatch(d);
        int[] pending = new int[m.batch()];
        int waiting = 0;
        for (int r = 0; r < rows.rows; r++) {
            int ar = b.assign.get(r);
            double u = b.upper(r, ar);
            double l = b.lower(r, ar);
            // a plain comparison: Math.max's NaN and -0 handling costs more than the rest of a pruned row
            double bound = b.half[ar] > l ? b.half[ar] : l;
            if (u > bound) {
                rows.read(r, x, false);
                u = Math.sqrt(m.sqDist(x, c, ar * d, d));
                if (u > bound) {
                    m.put(batch, waiting, x, d);
                    pending[waiting++] = r;
                    if (waiting == pending.length) {
                        settle(rows, pending, waiting, c, k, batch, as, up, lo);
                        waiting = 0;
                    }
                    continue;
                }
            }
            as.put(r, ar);
            up.put(r, u);
            lo.put(r, l);
        }
        settle(rows, pending, waiting, c, k, batch, as, up, lo);
    }

    /**
     * Hamerly's step by blocks of {@value BlockedRows#BLOCK} rows: a block whose rows all keep their bounds is not
     * read; any other gets every distance of its rows from {@link FloatCenters} (certified: the same assignments
     * as {@link #stepDouble}), and its rows get fresh bounds. With weak bounds (data without clear clusters, where
     * most rows fail them) this is a dense pass at a few nanoseconds per row and center; with strong bounds most
     * blocks are skipped.
     */
    private static void stepBlocked(ClusterRows rows, FloatBuffer src, double[] c, int k, Bounds b, IntBuffer as,
                                    DoubleBuffer up, DoubleBuffer lo) {
        int n = rows.rows;
        int d = rows.width;
        FloatCenters fc = new FloatCenters(c, k, d);
        float[] t = new float[d * BlockedRows.BLOCK];
        double[] u = new double[BlockedRows.BLOCK];
        double[] l = new double[BlockedRows.BLOCK];
        for (int block = 0; block < BlockedRows.blocks(n); block++) {
            int start = block * BlockedRows.BLOCK;
            int m = Math.min(BlockedRows.BLOCK, n - start);
            boolean keep = true;
            for (int i = 0; i < m; i++) {
                int r = start + i;
                int ar = b.assign.get(r);
                u[i] = b.upper(r, ar);
                l[i] = b.lower(r, ar);
                // a plain comparison: Math.max's NaN and -0 handling costs more than the rest of a pruned row
                double bound = b.half[ar] > l[i] ? b.half[ar] : l[i];
                if (u[i] > bound) {
                    // one row that may move is enough: the block is computed, the others' bounds are not needed
                    keep = false;
                    break;
                }
            }
            if (keep) {
                for (int i = 0; i < m; i++) {
                    int r = start + i;
                    as.put(r, b.assign.get(r));
                    up.put(r, u[i]);
                    lo.put(r, l[i]);
                }
                continue;
            }
            assignBlock(fc, src, rows, block, t, as, up, lo);
        }
    }

    /** Every distance of one block's rows ({@link FloatCenters}): writes their centers and fresh bounds. */
    private static void assignBlock(FloatCenters fc, FloatBuffer src, ClusterRows rows, int block, float[] t,
                                    IntBuffer as, DoubleBuffer up, DoubleBuffer lo) {
        int m = BlockedRows.load(src, rows.rows, rows.width, block, t);
        int start = block * BlockedRows.BLOCK;
        fc.assign(t, m, rows, start);
        for (int i = 0; i < m; i++) {
            as.put(start + i, fc.assign[i]);
            up.put(start + i, Math.sqrt(fc.upper[i]));
            lo.put(start + i, Math.sqrt(fc.lower[i]));
        }
    }

    /** Computes every distance of the pending rows and writes their exact assignment and tight bounds. */
    private static void settle(ClusterRows rows, int[] pending, int count, double[] c, int k, RowMath.Batch batch,
                               IntBuffer as, DoubleBuffer up, DoubleBuffer lo) {
        if (count == 0) {
            return;
        }
        RowMath.INSTANCE.nearest(batch, count, c, k, rows.width);
        for (int i = 0; i < count; i++) {
            as.put(pending[i], batch.assign[i]);
            up.put(pending[i], Math.sqrt(batch.d1[i]));
            lo.put(pending[i], Math.sqrt(batch.d2[i]));
        }
    }

    /**
     * The change of each cluster's weighted row sum, weight and count of rows of positive weight from the previous
     * state to this one: {@code [sum_0 (d), ..., sum_{k-1}, w_0..w_{k-1}, n_0..n_{k-1}]}. A row that changed
     * cluster is subtracted from its old cluster and added to its new one; a row that kept its cluster is not
     * read. Over the first state (no previous cluster) this is every cluster's full sums.
     */
    static final class ClusterSums extends Sums {
        @Override
        public double[] seqOp(double[] acc, Partition partition, KernelParams params) {
            KMeansArgs.Lloyd a = KMeansArgs.Lloyd.CODEC.decode(params);
            ClusterRows rows = new ClusterRows(partition, a.featuresCol(), a.weightCol(), a.unit());
            int d = rows.width;
            int k = a.centers().length / d;
            IntBuffer as = partition.column(ASSIGN).ints();
            IntBuffer prev = partition.column(PREVIOUS).ints();
            double[] out = new double[k * d + 2 * k];
            double[] x = new double[d];
            RowMath m = RowMath.INSTANCE;
            for (int r = 0; r < rows.rows; r++) {
                int c = as.get(r);
                int p = prev.get(r);
                double w = rows.weight(r);
                if (c == p || w <= 0) {
                    continue;
                }
                if (p < 0) {
                    rows.read(r, x, false);
                } else {
                    rows.readOne(r, x);
                    m.axpy(-w, x, out, p * d, d);
                    out[k * d + p] -= w;
                    out[k * d + k + p] -= 1;
                }
                m.axpy(w, x, out, c * d, d);
                out[k * d + c] += w;
                out[k * d + k + c] += 1;
            }
            return combOp(acc, out);
        }
    }

    /**
     * Over a state whose assignment is exact: {@code [cost, rows in cluster 0..k-1, weight of cluster 0..k-1]},
     * the cost summed from each row's distance to its center recomputed exactly.
     */
    static final class FinalCost extends Sums {
        @Override
        public double[] seqOp(double[] acc, Partition partition, KernelParams params) {
            KMeansArgs.Lloyd a = KMeansArgs.Lloyd.CODEC.decode(params);
            ClusterRows rows = new ClusterRows(partition, a.featuresCol(), a.weightCol(), a.unit());
            int d = rows.width;
            double[] c = a.centers();
            int k = c.length / d;
            IntBuffer as = partition.column(ASSIGN).ints();
            double[] out = new double[1 + 2 * k];
            if (rows.exactInFloat() && partition.schema().contains(BLOCKED)) {
                // the rows as the blocked copy holds them, exactly (float storage): no second read of the block
                RowMath m = RowMath.INSTANCE;
                FloatBuffer src = partition.column(BLOCKED).floats();
                float[] t = new float[d * BlockedRows.BLOCK];
                for (int b = 0; b < BlockedRows.blocks(rows.rows); b++) {
                    int mm = BlockedRows.load(src, rows.rows, d, b, t);
                    for (int i = 0; i < mm; i++) {
                        int r = b * BlockedRows.BLOCK + i;
                        int ar = as.get(r);
                        double w = rows.weight(r);
                        out[0] += w * CenterMath.cost(m.sqDistColumn(t, i, BlockedRows.BLOCK, c, ar * d, d), false);
                        out[1 + ar] += 1;
                        out[1 + k + ar] += w;
                    }
                }
                return combOp(acc, out);
            }
            double[] xs = new double[4 * d];
            double[] sq = new double[4];
            int[] ar = new int[4];
            RowMath m = RowMath.INSTANCE;
            for (int start = 0; start < rows.rows; start += 4) {
                int count = Math.min(4, rows.rows - start);
                for (int i = 0; i < count; i++) {
                    ar[i] = as.get(start + i);
                    rows.read(start + i, xs, i * d, false);
                }
                // four rows at a time, each distance summed as sqDist sums it, added in row order
                m.sqDist4(xs, c, ar[0] * d, ar[1] * d, ar[2] * d, ar[3] * d, d, sq);
                for (int i = 0; i < count; i++) {
                    double w = rows.weight(start + i);
                    out[0] += w * CenterMath.cost(sq[i], rows.unit);
                    out[1 + ar[i]] += 1;
                    out[1 + k + ar[i]] += w;
                }
            }
            return combOp(acc, out);
        }
    }

    /** Like {@link FinalCost}, but assigning every row to its nearest center from scratch (any frame). */
    static final class AssignCost extends Sums {
        @Override
        public double[] seqOp(double[] acc, Partition partition, KernelParams params) {
            KMeansArgs.Lloyd a = KMeansArgs.Lloyd.CODEC.decode(params);
            ClusterRows rows = new ClusterRows(partition, a.featuresCol(), a.weightCol(), a.unit());
            int d = rows.width;
            double[] c = a.centers();
            int k = c.length / d;
            double[] out = new double[1 + 2 * k];
            nearestAll(rows, c, true, (r, ar, d1, d2) -> {
                double w = rows.weight(r);
                out[0] += w * CenterMath.cost(d1, rows.unit);
                out[1 + ar] += 1;
                out[1 + k + ar] += w;
            });
            return combOp(acc, out);
        }
    }

    /** Writes each row's nearest center (int) to the prediction column; refuses bad rows. */
    static final class Predict implements MapKernel {
        @Override
        public Partition apply(Partition input, KernelParams params, Schema outputSchema) {
            KMeansArgs.Predict a = KMeansArgs.Predict.CODEC.decode(params);
            ClusterRows rows = new ClusterRows(input, a.featuresCol(), "", a.unit());
            Column out = Column.allocate(outputSchema.field(a.predictionCol()), rows.rows);
            IntBuffer o = out.ints();
            nearestAll(rows, a.centers(), true, (r, center, d1, d2) -> o.put(r, center));
            return input.withColumn(out);
        }
    }
}
