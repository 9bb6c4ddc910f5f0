package dev.ember.ml.algo.evaluation;

import com.google.errorprone.annotations.CheckReturnValue;
import dev.ember.ml.core.InvalidArgumentException;
import dev.ember.ml.core.data.DataType;
import dev.ember.ml.core.data.Frame;
import dev.ember.ml.core.param.Param;
import dev.ember.ml.core.param.ParamMap;
import dev.ember.ml.core.param.ParamValidators;
import dev.ember.ml.core.runtime.AggregateCall;

import java.util.List;

/**
 * Clustering quality, as Spark's {@code ClusteringEvaluator}: the mean silhouette coefficient (Rousseeuw, 1987)
 * {@code s = (b - a) / max(a, b)}, {@code a} a row's mean distance to the other rows of its cluster and
 * {@code b} its smallest mean distance to another cluster's rows (0 for a row alone in its cluster), with the
 * squared Euclidean distance ({@code squaredEuclidean}, the default) or the cosine distance {@code 1 - cos}
 * ({@code cosine}); optionally weighted. Exact, in two passes over the rows (per-cluster sums first, see
 * {@link SilhouetteKernels}); it equals scikit-learn's {@code silhouette_score} with {@code metric="sqeuclidean"}
 * or {@code "cosine"}. Cluster ids are integers {@code >= 0} (int, long or integral doubles).
 */
@CheckReturnValue
public final class ClusteringEvaluator extends EvaluatorBase<ClusteringEvaluator> {
    /** The metric. */
    public static final Param<String> METRIC_NAME = Param.ofString("metricName", "silhouette", "silhouette",
        ParamValidators.oneOf("silhouette"));
    /** Features column. */
    public static final Param<String> FEATURES_COL = Param.ofString("featuresCol", "features vector column",
        "features", ParamValidators.nonEmpty());
    /** Prediction column (cluster ids). */
    public static final Param<String> PREDICTION_COL = Param.ofString("predictionCol", "cluster id column",
        "prediction", ParamValidators.nonEmpty());
    /** Distance measure. */
    public static final Param<String> DISTANCE_MEASURE = Param.ofString("distanceMeasure",
        "squaredEuclidean or cosine", "squaredEuclidean", ParamValidators.oneOf("squaredEuclidean", "cosine"));
    /** Weight column. */
    public static final Param<String> WEIGHT_COL = Param.ofString("weightCol", "row weights (empty: 1)", "",
        ParamValidators.any());

    /** An evaluator of the squared-Euclidean silhouette of {@code prediction} over {@code features}. */
    public ClusteringEvaluator() {
        this(ParamMap.empty());
    }

    private ClusteringEvaluator(ParamMap params) {
        super(params);
    }

    @Override
    ClusteringEvaluator withParams(ParamMap params) {
        return new ClusteringEvaluator(params);
    }

    @Override
    Param<String> metricParam() {
        return METRIC_NAME;
    }

    /** @param v featuresCol @return a copy with it set */
    public ClusteringEvaluator featuresCol(String v) {
        return with(FEATURES_COL, v);
    }

    /** @param v weightCol @return a copy with it set */
    public ClusteringEvaluator weightCol(String v) {
        return with(WEIGHT_COL, v);
    }

    @Override
    public List<Param<?>> params() {
        return List.of(METRIC_NAME, FEATURES_COL, PREDICTION_COL, DISTANCE_MEASURE, WEIGHT_COL);
    }

    @Override
    public boolean isLargerBetter() {
        return true;
    }

    /**
     * @param v {@code squaredEuclidean} or {@code cosine}
     * @return a copy with it set
     */
    public ClusteringEvaluator distanceMeasure(String v) {
        return with(DISTANCE_MEASURE, v);
    }

    /**
     * @param v the cluster id column
     * @return a copy with it set
     */
    public ClusteringEvaluator predictionCol(String v) {
        return with(PREDICTION_COL, v);
    }

    @Override
    public double evaluate(Frame predictions) {
        var schema = predictions.schema();
        schema.require(get(FEATURES_COL), DataType.VECTOR);
        schema.require(get(PREDICTION_COL), DataType.INT, DataType.LONG, DataType.DOUBLE, DataType.FLOAT);
        if (!get(WEIGHT_COL).isEmpty()) {
            schema.require(get(WEIGHT_COL), DataType.DOUBLE, DataType.FLOAT, DataType.INT, DataType.LONG);
        }
        boolean cosine = "cosine".equals(get(DISTANCE_MEASURE));
        SilhouetteKernels.Args args = new SilhouetteKernels.Args(get(FEATURES_COL), get(PREDICTION_COL),
            get(WEIGHT_COL), cosine, new double[0]);
        double[] stats = predictions.treeAggregate(AggregateCall.of(SilhouetteKernels.ClusterStats.class,
            args.toParams()), 2);
        int clusters = 0;
        if (stats.length > 0) {
            int s = SilhouetteKernels.slot((int) stats[0]);
            for (int c = 0; c < (int) stats[1]; c++) {
                clusters += stats[2 + c * s] > 0 ? 1 : 0;
            }
        }
        if (clusters < 2) {
            throw new InvalidArgumentException("ClusteringEvaluator: column '" + get(PREDICTION_COL) + "': found "
                + clusters + " cluster(s) of positive weight, expected at least 2 for a silhouette");
        }
        double[] sums = predictions.treeAggregate(AggregateCall.of(SilhouetteKernels.Silhouette.class,
            new SilhouetteKernels.Args(args.featuresCol(), args.predictionCol(), args.weightCol(), cosine, stats)
                .toParams()), 2);
        double silhouette = sums[0] / sums[1];
        log(predictions, java.util.List.of(metricName()), new double[] {silhouette}, java.util.List::of);
        return silhouette;
    }
}
