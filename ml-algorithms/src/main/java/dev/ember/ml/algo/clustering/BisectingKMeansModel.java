package dev.ember.ml.algo.clustering;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.errorprone.annotations.CheckReturnValue;
import dev.ember.ml.core.InvalidArgumentException;
import dev.ember.ml.core.ModelBase;
import dev.ember.ml.core.Provenance;
import dev.ember.ml.core.data.Column;
import dev.ember.ml.core.data.DataType;
import dev.ember.ml.core.data.Frame;
import dev.ember.ml.core.data.Partition;
import dev.ember.ml.core.data.Schema;
import dev.ember.ml.core.param.Param;
import dev.ember.ml.core.param.ParamMap;
import dev.ember.ml.core.persist.StageReader;
import dev.ember.ml.core.persist.StageWriter;
import dev.ember.ml.core.runtime.KernelArgs;
import dev.ember.ml.core.runtime.KernelParams;
import dev.ember.ml.core.runtime.MapCall;
import dev.ember.ml.core.runtime.MapKernel;

import java.nio.IntBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A fitted {@link BisectingKMeans}: the tree of centers (every node's, ids as in the fit: root 1, children
 * {@code 2i} and {@code 2i + 1}). {@link #clusterCenters()} are the leaves from left to right; {@link #predict}
 * and {@link #transform} descend from the root to the nearer child at each node, as Spark. Saved as the node ids
 * and centers ({@code .npy}) and the summary, format version {@value #FORMAT_VERSION}.
 */
@CheckReturnValue
public final class BisectingKMeansModel extends ModelBase<BisectingKMeansModel> {
    /** The version of the saved data this release writes. */
    static final int FORMAT_VERSION = 1;

    private final long[] ids;
    private final double[] centers;
    private final long[] leafIndex;
    private final int d;
    private final KMeansSummary summary;

    BisectingKMeansModel(String uid, ParamMap params, Map<Long, double[]> nodeCenters, List<Long> leaves,
                         KMeansSummary summary, Provenance provenance) {
        super(uid, params, provenance);
        TreeMap<Long, double[]> sorted = new TreeMap<>(nodeCenters);
        this.ids = sorted.keySet().stream().mapToLong(Long::longValue).toArray();
        this.d = sorted.firstEntry().getValue().length;
        this.centers = new double[ids.length * d];
        this.leafIndex = new long[ids.length];
        Arrays.fill(leafIndex, -1);
        int i = 0;
        for (double[] c : sorted.values()) {
            System.arraycopy(c, 0, centers, i++ * d, d);
        }
        for (int leaf = 0; leaf < leaves.size(); leaf++) {
            leafIndex[Arrays.binarySearch(ids, leaves.get(leaf))] = leaf;
        }
        this.summary = summary;
    }

    /** @return the leaf centers, left to right (a copy) */
    public double[][] clusterCenters() {
        double[][] out = new double[summary.k()][];
        for (int i = 0; i < ids.length; i++) {
            if (leafIndex[i] >= 0) {
                out[(int) leafIndex[i]] = Arrays.copyOfRange(centers, i * d, (i + 1) * d);
            }
        }
        return out;
    }

    /** @return the number of leaves */
    public int k() {
        return summary.k();
    }

    /** @return the summary: cost of the leaves, leaf sizes, levels split ({@code numIter}) */
    public KMeansSummary summary() {
        return summary;
    }

    private boolean cosine() {
        return "cosine".equals(get(BisectingKMeans.DISTANCE_MEASURE));
    }

    /**
     * @param point a row of the features' width
     * @return its leaf's index
     */
    public int predict(double[] point) {
        if (point.length != d) {
            throw new InvalidArgumentException("BisectingKMeansModel.predict: found width " + point.length
                + ", expected " + d);
        }
        double[] x = point.clone();
        if (cosine()) {
            LocalKMeans.normalize(x, 0, d);
        }
        return descend(x, ids, centers, leafIndex, d);
    }

    static int descend(double[] x, long[] ids, double[] centers, long[] leafIndex, int d) {
        int at = Arrays.binarySearch(ids, 1L);
        while (leafIndex[at] < 0) {
            long id = ids[at];
            int left = Arrays.binarySearch(ids, 2 * id);
            int right = Arrays.binarySearch(ids, 2 * id + 1);
            double dl = RowMath.INSTANCE.sqDist(x, centers, left * d, d);
            double dr = RowMath.INSTANCE.sqDist(x, centers, right * d, d);
            at = dr < dl ? right : left;
        }
        return (int) leafIndex[at];
    }

    /** @param v featuresCol: features vector column @return a copy with it set */
    public BisectingKMeansModel featuresCol(String v) {
        return with(BisectingKMeans.FEATURES_COL, v);
    }

    /** @param v predictionCol: leaf cluster index (int) @return a copy with it set */
    public BisectingKMeansModel predictionCol(String v) {
        return with(BisectingKMeans.PREDICTION_COL, v);
    }

    @Override
    public List<Param<?>> params() {
        return BisectingKMeans.PARAMS;
    }

    @Override
    protected BisectingKMeansModel withParams(ParamMap params) {
        TreeMap<Long, double[]> nodes = new TreeMap<>();
        Long[] leaves = new Long[summary.k()];
        for (int i = 0; i < ids.length; i++) {
            nodes.put(ids[i], Arrays.copyOfRange(centers, i * d, (i + 1) * d));
            if (leafIndex[i] >= 0) {
                leaves[(int) leafIndex[i]] = ids[i];
            }
        }
        return new BisectingKMeansModel(uid(), params, nodes, List.of(leaves), summary, provenance());
    }

    @Override
    public Schema transformSchema(Schema schema) {
        String fc = get(BisectingKMeans.FEATURES_COL);
        int width = schema.require(fc, DataType.VECTOR).vectorSize();
        if (width != d) {
            throw new InvalidArgumentException("column '" + fc + "': found width " + width + ", expected " + d
                + " (the width the model was fitted on)");
        }
        return schema.add(dev.ember.ml.core.data.Field.of(get(BisectingKMeans.PREDICTION_COL), DataType.INT,
            false));
    }

    @Override
    public Frame transform(Frame frame) {
        Schema out = transformSchema(frame.schema());
        return frame.mapPartitions(MapCall.of(Predict.class, new PredictArgs(get(BisectingKMeans.FEATURES_COL),
            get(BisectingKMeans.PREDICTION_COL), cosine(), ids, centers, leafIndex).toParams()), out);
    }

    /**
     * What prediction reads.
     *
     * @param featuresCol the vector column
     * @param predictionCol the output column
     * @param unit whether rows are scaled to unit length (cosine)
     * @param ids the node ids, ascending
     * @param centers their centers, flat
     * @param leafIndex per node its leaf index, -1 for an inner node
     */
    record PredictArgs(String featuresCol, String predictionCol, boolean unit, long[] ids, double[] centers,
                       long[] leafIndex) {
        static final KernelArgs<PredictArgs> CODEC = KernelArgs.of(
            a -> KernelParams.builder().put("featuresCol", a.featuresCol()).put("predictionCol", a.predictionCol())
                .put("unit", a.unit()).put("ids", a.ids()).put("centers", a.centers())
                .put("leafIndex", a.leafIndex()).build(),
            k -> new PredictArgs(k.getString("featuresCol"), k.getString("predictionCol"), k.getBoolean("unit"),
                k.getLongArray("ids"), k.getDoubleArray("centers"), k.getLongArray("leafIndex")));

        KernelParams toParams() {
            return CODEC.encode(this);
        }
    }

    /** Each row's leaf by descent from the root; refuses bad rows. */
    static final class Predict implements MapKernel {
        @Override
        public Partition apply(Partition input, KernelParams params, Schema outputSchema) {
            PredictArgs a = PredictArgs.CODEC.decode(params);
            ClusterRows rows = new ClusterRows(input, a.featuresCol(), "", a.unit());
            Column out = Column.allocate(outputSchema.field(a.predictionCol()), rows.rows);
            IntBuffer o = out.ints();
            double[] x = new double[rows.width];
            for (int r = 0; r < rows.rows; r++) {
                rows.read(r, x, true);
                o.put(r, descend(x, a.ids(), a.centers(), a.leafIndex(), rows.width));
            }
            return input.withColumn(out);
        }
    }

    @Override
    public void writeData(StageWriter writer) {
        double[] idValues = new double[ids.length];
        double[] leafValues = new double[ids.length];
        double[][] rows = new double[ids.length][];
        for (int i = 0; i < ids.length; i++) {
            idValues[i] = ids[i];
            leafValues[i] = leafIndex[i];
            rows[i] = Arrays.copyOfRange(centers, i * d, (i + 1) * d);
        }
        writer.array("nodeIds", idValues);
        writer.array("leafIndex", leafValues);
        writer.matrix("nodeCenters", rows);
        ObjectNode meta = JsonNodeFactory.instance.objectNode();
        meta.put("k", summary.k());
        meta.put("trainingCost", summary.trainingCost());
        meta.put("numIter", summary.numIter());
        ArrayNode sizes = meta.putArray("clusterSizes");
        for (long s : summary.clusterSizes()) {
            sizes.add(s);
        }
        writer.json("model", meta);
    }

    static BisectingKMeansModel load(StageReader r) {
        JsonNode meta = r.json("model");
        double[] idValues = r.array("nodeIds");
        double[] leafValues = r.array("leafIndex");
        double[][] rows = r.matrix("nodeCenters");
        JsonNode sizesNode = meta.path("clusterSizes");
        int k = meta.path("k").asInt();
        if (idValues.length != rows.length || leafValues.length != rows.length || sizesNode.size() != k) {
            throw new InvalidArgumentException("BisectingKMeansModel in " + r.dir() + ": found " + idValues.length
                + " node ids, " + leafValues.length + " leaf indices, " + rows.length + " centers and "
                + sizesNode.size() + " sizes, expected one per node and k = " + k + " sizes");
        }
        TreeMap<Long, double[]> nodes = new TreeMap<>();
        Long[] leaves = new Long[k];
        for (int i = 0; i < idValues.length; i++) {
            nodes.put((long) idValues[i], rows[i]);
            if (leafValues[i] >= 0) {
                leaves[(int) leafValues[i]] = (long) idValues[i];
            }
        }
        long[] sizes = new long[k];
        for (int i = 0; i < k; i++) {
            sizes[i] = sizesNode.get(i).asLong();
        }
        return new BisectingKMeansModel(r.uid(), r.params(BisectingKMeans.PARAMS), nodes, List.of(leaves),
            new KMeansSummary(k, meta.path("trainingCost").asDouble(), sizes, meta.path("numIter").asInt()),
            r.provenance());
    }
}
