package dev.ember.ml.algo.clustering;

import dev.ember.ml.core.InvalidArgumentException;
import dev.ember.ml.core.data.Column;
import dev.ember.ml.core.data.DataType;
import dev.ember.ml.core.data.Field;
import dev.ember.ml.core.data.Partition;
import dev.ember.ml.core.data.Schema;
import dev.ember.ml.core.runtime.KernelArgs;
import dev.ember.ml.core.runtime.KernelParams;
import dev.ember.ml.core.runtime.MapKernel;
import dev.ember.ml.core.runtime.SumKernel;

import java.nio.LongBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The passes of {@link BisectingKMeans}. Each row's leaf (a node id of the binary tree: root 1, children
 * {@code 2i} and {@code 2i + 1}) lives in a state column of a lineage of state frames, as k-means' bounds do:
 * {@link Root} puts every row in the root, {@link NodeSums} sums the leaves, {@link ChildSums} is one Lloyd
 * iteration of every cluster being split (each row of a dividing node goes to the nearer of its two children),
 * and {@link Descend} moves those rows into their child for good.
 */
final class BisectingKernels {
    /** The state column holding each row's leaf. */
    static final String NODE = "__bisecting_node";

    private BisectingKernels() {
    }

    /**
     * What the passes read.
     *
     * @param featuresCol the vector column
     * @param weightCol the weight column, empty for none
     * @param unit whether rows are scaled to unit length (cosine)
     * @param nodes the node ids the pass is about (leaves to sum, or the nodes being split), ascending
     * @param centers for {@link ChildSums} and {@link Descend}: per node its two children's centers (left, then
     *     right), flat; empty otherwise
     */
    record Args(String featuresCol, String weightCol, boolean unit, long[] nodes, double[] centers) {
        static final KernelArgs<Args> CODEC = KernelArgs.of(
            a -> KernelParams.builder().put("featuresCol", a.featuresCol()).put("weightCol", a.weightCol())
                .put("unit", a.unit()).put("nodes", a.nodes()).put("centers", a.centers()).build(),
            k -> new Args(k.getString("featuresCol"), k.getString("weightCol"), k.getBoolean("unit"),
                k.getLongArray("nodes"), k.getDoubleArray("centers")));

        KernelParams toParams() {
            return CODEC.encode(this);
        }
    }

    /** The state schema: the features (and weights), then the node column. */
    static Schema stateSchema(Schema input, String featuresCol, String weightCol) {
        List<Field> fields = new ArrayList<>();
        fields.add(input.field(featuresCol));
        if (!weightCol.isEmpty()) {
            fields.add(input.field(weightCol));
        }
        fields.add(Field.of(NODE, DataType.LONG, false));
        return new Schema(fields);
    }

    private static Partition state(Partition input, Args a, Column node) {
        List<Column> cols = new ArrayList<>();
        cols.add(input.column(a.featuresCol()).share());
        if (!a.weightCol().isEmpty()) {
            cols.add(input.column(a.weightCol()).share());
        }
        cols.add(node);
        return new Partition(input.index(), cols, input.numRows());
    }

    /** Every row in the root (node 1); refuses bad rows. */
    static final class Root implements MapKernel {
        @Override
        public Partition apply(Partition input, KernelParams params, Schema outputSchema) {
            Args a = Args.CODEC.decode(params);
            ClusterRows rows = new ClusterRows(input, a.featuresCol(), a.weightCol(), a.unit());
            double[] x = new double[rows.width];
            Column node = Column.allocate(outputSchema.field(NODE), rows.rows);
            LongBuffer nb = node.longs();
            for (int r = 0; r < rows.rows; r++) {
                rows.read(r, x, true);
                rows.weight(r);
                nb.put(r, 1L);
            }
            return state(input, a, node);
        }
    }

    /** @param d the width @return the slots per node in {@link NodeSums}: weight, rows, sum w |x|^2, sums (d) */
    static int slot(int d) {
        return 3 + d;
    }

    /**
     * Per node of {@code nodes}: {@code [W, rows, sum w |x|^2, sum w x (d)]} (x of unit length for cosine), from
     * which the driver takes each leaf's size, center and cost.
     */
    static final class NodeSums extends Sums {
        @Override
        public double[] seqOp(double[] acc, Partition partition, KernelParams params) {
            Args a = Args.CODEC.decode(params);
            ClusterRows rows = new ClusterRows(partition, a.featuresCol(), a.weightCol(), a.unit());
            int d = rows.width;
            int s = slot(d);
            long[] nodes = a.nodes();
            double[] out = new double[nodes.length * s];
            double[] x = new double[d];
            LongBuffer nb = partition.column(NODE).longs();
            for (int r = 0; r < rows.rows; r++) {
                int i = Arrays.binarySearch(nodes, nb.get(r));
                if (i < 0) {
                    continue;
                }
                rows.read(r, x, false);
                double w = rows.weight(r);
                int at = i * s;
                out[at] += w;
                out[at + 1] += 1;
                double ss = 0;
                for (int j = 0; j < d; j++) {
                    ss += x[j] * x[j];
                }
                out[at + 2] += w * ss;
                RowMath.INSTANCE.axpy(w, x, out, at + 3, d);
            }
            return combOp(acc, out);
        }
    }

    /** Index of the nearer of a node's two children (0 left, 1 right; left on a tie). */
    private static int nearerChild(double[] x, double[] centers, int i, int d) {
        double left = RowMath.INSTANCE.sqDist(x, centers, 2 * i * d, d);
        double right = RowMath.INSTANCE.sqDist(x, centers, (2 * i + 1) * d, d);
        return right < left ? 1 : 0;
    }

    /**
     * One Lloyd iteration of the dividing nodes: per child (node i's left at 2i, right at 2i + 1)
     * {@code [W, sum w x (d)]}.
     */
    static final class ChildSums extends Sums {
        @Override
        public double[] seqOp(double[] acc, Partition partition, KernelParams params) {
            Args a = Args.CODEC.decode(params);
            ClusterRows rows = new ClusterRows(partition, a.featuresCol(), a.weightCol(), a.unit());
            int d = rows.width;
            long[] nodes = a.nodes();
            double[] c = a.centers();
            double[] out = new double[2 * nodes.length * (1 + d)];
            double[] x = new double[d];
            LongBuffer nb = partition.column(NODE).longs();
            for (int r = 0; r < rows.rows; r++) {
                int i = Arrays.binarySearch(nodes, nb.get(r));
                if (i < 0) {
                    continue;
                }
                rows.read(r, x, false);
                double w = rows.weight(r);
                int child = 2 * i + nearerChild(x, c, i, d);
                out[child * (1 + d)] += w;
                RowMath.INSTANCE.axpy(w, x, out, child * (1 + d) + 1, d);
            }
            return combOp(acc, out);
        }
    }

    /** Moves the rows of the dividing nodes into the nearer child ({@code 2 id} or {@code 2 id + 1}). */
    static final class Descend implements MapKernel {
        @Override
        public Partition apply(Partition input, KernelParams params, Schema outputSchema) {
            Args a = Args.CODEC.decode(params);
            ClusterRows rows = new ClusterRows(input, a.featuresCol(), a.weightCol(), a.unit());
            int d = rows.width;
            long[] nodes = a.nodes();
            double[] c = a.centers();
            double[] x = new double[d];
            LongBuffer prev = input.column(NODE).longs();
            Column node = Column.allocate(outputSchema.field(NODE), rows.rows);
            LongBuffer nb = node.longs();
            for (int r = 0; r < rows.rows; r++) {
                long id = prev.get(r);
                int i = Arrays.binarySearch(nodes, id);
                if (i >= 0) {
                    rows.read(r, x, false);
                    id = 2 * id + nearerChild(x, c, i, d);
                }
                nb.put(r, id);
            }
            return state(input, a, node);
        }
    }

    /** Element-wise sums of the bisecting passes. */
    private abstract static class Sums extends SumKernel {
        Sums() {
            super("bisecting k-means sums");
        }
    }
}
