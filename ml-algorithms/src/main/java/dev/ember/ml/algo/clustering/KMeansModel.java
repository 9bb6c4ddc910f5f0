package dev.ember.ml.algo.clustering;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.errorprone.annotations.CheckReturnValue;
import dev.ember.ml.core.InvalidArgumentException;
import dev.ember.ml.core.ModelBase;
import dev.ember.ml.core.Provenance;
import dev.ember.ml.core.data.DataType;
import dev.ember.ml.core.data.Frame;
import dev.ember.ml.core.data.Schema;
import dev.ember.ml.core.param.Param;
import dev.ember.ml.core.param.ParamMap;
import dev.ember.ml.core.persist.StageReader;
import dev.ember.ml.core.persist.StageWriter;
import dev.ember.ml.core.runtime.AggregateCall;
import dev.ember.ml.core.runtime.MapCall;

import java.util.List;

/**
 * A fitted {@link KMeans}: the cluster centers. {@link #transform} adds the index of each row's nearest center
 * (an int column) in one pass over the feature blocks. Saved as the centers ({@code clusterCenters.npy}) and the
 * summary (JSON), format version {@value #FORMAT_VERSION}.
 */
@CheckReturnValue
public final class KMeansModel extends ModelBase<KMeansModel> {
    /** The version of the saved data this release writes. */
    static final int FORMAT_VERSION = 1;

    private final double[][] centers;
    private final KMeansSummary summary;

    KMeansModel(String uid, ParamMap params, double[][] centers, KMeansSummary summary, Provenance provenance) {
        super(uid, params, provenance);
        this.centers = new double[centers.length][];
        for (int i = 0; i < centers.length; i++) {
            this.centers[i] = centers[i].clone();
            if (centers[i].length != centers[0].length) {
                throw new InvalidArgumentException("KMeansModel: center " + i + " has width " + centers[i].length
                    + ", expected " + centers[0].length);
            }
        }
        this.summary = summary;
    }

    /** @return the cluster centers, one row each (a copy) */
    public double[][] clusterCenters() {
        double[][] out = new double[centers.length][];
        for (int i = 0; i < out.length; i++) {
            out[i] = centers[i].clone();
        }
        return out;
    }

    /** @return the number of centers */
    public int k() {
        return centers.length;
    }

    /** @return the training summary: cost at the final centers, cluster sizes, iterations */
    public KMeansSummary summary() {
        return summary;
    }

    /** @return the training cost (the summary's) */
    public double trainingCost() {
        return summary.trainingCost();
    }

    private boolean cosine() {
        return "cosine".equals(get(KMeans.DISTANCE_MEASURE));
    }

    private double[] flatCenters() {
        int d = centers[0].length;
        double[] flat = new double[centers.length * d];
        for (int i = 0; i < centers.length; i++) {
            System.arraycopy(centers[i], 0, flat, i * d, d);
        }
        return flat;
    }

    /**
     * @param point a row of the features' width
     * @return the index of its nearest center (the lowest on a tie)
     */
    public int predict(double[] point) {
        int d = centers[0].length;
        if (point.length != d) {
            throw new InvalidArgumentException("KMeansModel.predict: found width " + point.length + ", expected " + d);
        }
        double[] x = point.clone();
        if (cosine()) {
            LocalKMeans.normalize(x, 0, d);
        }
        return CenterMath.nearest(x, flatCenters(), centers.length, d, new double[2]);
    }

    /**
     * The weighted sum of squared distances (cosine: of cosine distances) from each row to its nearest center, in
     * one pass (Spark 2's {@code computeCost}; the model's weight column is used when the frame has it).
     *
     * @param frame rows with the features column
     * @return the cost
     */
    public double computeCost(Frame frame) {
        String fc = get(KMeans.FEATURES_COL);
        requireWidth(frame.schema());
        String wc = get(KMeans.WEIGHT_COL);
        if (!wc.isEmpty() && !frame.schema().contains(wc)) {
            wc = "";
        }
        double[] out = frame.treeAggregate(AggregateCall.of(KMeansKernels.AssignCost.class,
            new KMeansArgs.Lloyd(fc, wc, cosine(), flatCenters(), new double[0]).toParams()),
            get(KMeans.AGGREGATION_DEPTH));
        return out.length == 0 ? 0 : out[0];
    }

    /** @param v featuresCol: features vector column @return a copy with it set */
    public KMeansModel featuresCol(String v) {
        return with(KMeans.FEATURES_COL, v);
    }

    /** @param v predictionCol: cluster index (int) @return a copy with it set */
    public KMeansModel predictionCol(String v) {
        return with(KMeans.PREDICTION_COL, v);
    }

    @Override
    public List<Param<?>> params() {
        return KMeans.PARAMS;
    }

    @Override
    protected KMeansModel withParams(ParamMap params) {
        return new KMeansModel(uid(), params, centers, summary, provenance());
    }

    private void requireWidth(Schema schema) {
        String fc = get(KMeans.FEATURES_COL);
        int width = schema.require(fc, DataType.VECTOR).vectorSize();
        if (width != centers[0].length) {
            throw new InvalidArgumentException("column '" + fc + "': found width " + width + ", expected "
                + centers[0].length + " (the width the model was fitted on)");
        }
    }

    @Override
    public Schema transformSchema(Schema schema) {
        requireWidth(schema);
        return KMeans.outputSchema(schema, this);
    }

    @Override
    public Frame transform(Frame frame) {
        Schema out = transformSchema(frame.schema());
        return frame.mapPartitions(MapCall.of(KMeansKernels.Predict.class, new KMeansArgs.Predict(
            get(KMeans.FEATURES_COL), get(KMeans.PREDICTION_COL), cosine(), flatCenters()).toParams()), out);
    }

    @Override
    public void writeData(StageWriter writer) {
        writer.matrix("clusterCenters", centers);
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

    static KMeansModel load(StageReader r) {
        JsonNode meta = r.json("model");
        double[][] centers = r.matrix("clusterCenters");
        JsonNode sizesNode = meta.path("clusterSizes");
        long[] sizes = new long[sizesNode.size()];
        for (int i = 0; i < sizes.length; i++) {
            sizes[i] = sizesNode.get(i).asLong();
        }
        if (sizes.length != centers.length) {
            throw new InvalidArgumentException("KMeansModel in " + r.dir() + ": found " + sizes.length
                + " cluster sizes, expected one per center (" + centers.length + ")");
        }
        return new KMeansModel(r.uid(), r.params(KMeans.PARAMS), centers, new KMeansSummary(meta.path("k").asInt(),
            meta.path("trainingCost").asDouble(), sizes, meta.path("numIter").asInt()), r.provenance());
    }
}
