package dev.ember.ml.onnx.exporters;

import dev.ember.ml.algo.clustering.KMeans;
import dev.ember.ml.algo.clustering.KMeansModel;
import dev.ember.ml.onnx.OnnxExportException;
import dev.ember.ml.onnx.OnnxGraphBuilder;
import dev.ember.ml.onnx.proto.OnnxMl.TensorProto;

import java.util.List;

/**
 * K-means in ONNX operators: the squared euclidean distance of each row to each center
 * ({@code ReduceSum((x - c)^2)} over a {@code [N, k, d]} broadcast), and the first nearest center
 * ({@code ArgMin}), as Ember's {@code CenterMath.nearest} picks the lowest index on a tie.
 */
final class ClusteringExporters {
    private ClusteringExporters() {
    }

    static void kMeans(KMeansModel m, OnnxGraphBuilder g) {
        if ("cosine".equals(m.get(KMeans.DISTANCE_MEASURE))) {
            throw new OnnxExportException("stage '" + m.uid() + "': distanceMeasure=cosine is not exported yet;"
                + " euclidean k-means is");
        }
        double[][] centers = m.clusterCenters();
        int k = centers.length;
        int d = centers[0].length;
        double[] flat = new double[k * d];
        for (int i = 0; i < k; i++) {
            System.arraycopy(centers[i], 0, flat, i * d, d);
        }
        String x = g.op("Unsqueeze", List.of(g.inputAsDouble(m.get(KMeans.FEATURES_COL)),
            g.constantLong(new long[] {1}, 1)));
        String diff = g.op("Sub", List.of(x, g.constant(flat, 1, k, d)));
        String dist = g.op("ReduceSum", List.of(g.op("Mul", List.of(diff, diff)), g.constantLong(new long[] {2}, 1)),
            OnnxGraphBuilder.attr("keepdims", 0));
        String nearest = g.cast(g.op("ArgMin", List.of(dist), OnnxGraphBuilder.attr("axis", 1),
            OnnxGraphBuilder.attr("keepdims", 0)), TensorProto.DataType.DOUBLE);
        g.output(m.get(KMeans.PREDICTION_COL), nearest);
    }
}
