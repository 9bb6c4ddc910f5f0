package dev.ember.ml.algo.clustering;

import com.google.errorprone.annotations.CheckReturnValue;
import dev.ember.ml.core.EstimatorBase;
import dev.ember.ml.core.InvalidArgumentException;
import dev.ember.ml.core.Provenance;
import dev.ember.ml.core.Uids;
import dev.ember.ml.core.data.DataType;
import dev.ember.ml.core.data.Field;
import dev.ember.ml.core.data.Frame;
import dev.ember.ml.core.data.Schema;
import dev.ember.ml.core.param.Param;
import dev.ember.ml.core.param.ParamMap;
import dev.ember.ml.core.param.ParamValidators;
import dev.ember.ml.core.param.SharedParams;
import dev.ember.ml.core.persist.StageReader;
import dev.ember.ml.core.runtime.AggregateCall;
import dev.ember.ml.core.runtime.MapCall;

import java.util.List;

/**
 * k-means clustering with Spark ML's names and defaults: {@code k = 2}, {@code maxIter = 20}, {@code tol = 1e-4},
 * {@code initMode = "k-means||"} with {@code initSteps = 2}, a {@code seed}, {@code distanceMeasure}
 * {@code euclidean} or {@code cosine}, and an optional {@code weightCol}.
 *
 * <p>Initialization: k-means|| (Bahmani et al., "Scalable K-Means++", VLDB 2012) or {@code random}, see
 * {@link KMeansParallelInit}; or the centers given by {@link #initialCenters} / {@link #initialModel} (Spark's
 * {@code initialModel}). Every random draw derives from {@code seed} (no global random state), and the draws do
 * not depend on the partitioning.
 *
 * <p>Lloyd iterations, each one tree-aggregate over the cached feature blocks: a row's assignment is kept with
 * Hamerly's bounds (Hamerly, "Making k-means even faster", SDM 2010; see {@link KMeansKernels.HamerlyStep}) in a
 * lineage of per-row state frames; the cluster sums are kept incrementally (only the rows whose center changed
 * are read, see {@link KMeansKernels.ClusterSums}), in double whatever the storage. A cluster that loses all its rows keeps its center (as Spark). The fit stops
 * after {@code maxIter} iterations or when no center moved by more than {@code tol} (Euclidean distance; for
 * cosine, cosine distance), as Spark. One more pass then gives the cost and cluster sizes at the final centers,
 * so {@link KMeansSummary#trainingCost()} is the cost of the returned model (scikit-learn's {@code inertia_};
 * Spark reports the cost at the centers before the last update).
 *
 * <p>Cosine: rows are scaled to unit length as they are read and centers are normalized means (Spark's
 * {@code CosineDistanceMeasure}); a row of norm 0 is refused.
 */
@CheckReturnValue
public final class KMeans extends EstimatorBase<KMeans, KMeansModel> {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(KMeans.class);

    /** Spark's default seed: the hash code of its KMeans class name. */
    static final long DEFAULT_SEED = "org.apache.spark.ml.clustering.KMeans".hashCode();

    /** Features column. */
    public static final Param<String> FEATURES_COL = SharedParams.featuresCol();
    /** Prediction column (int cluster index). */
    public static final Param<String> PREDICTION_COL = SharedParams.predictionCol("cluster index (int)");
    /** Row weight column. */
    public static final Param<String> WEIGHT_COL = SharedParams.weightCol();
    /** The number of clusters. */
    public static final Param<Integer> K = Param.ofInt("k", "number of clusters (> 1)", 2, ParamValidators.gt(1));
    /** Lloyd iteration limit. */
    public static final Param<Integer> MAX_ITER = SharedParams.maxIter(20);
    /** Convergence tolerance on the centers' moves. */
    public static final Param<Double> TOL = SharedParams.tol(1e-4);
    /** Initialization. */
    public static final Param<String> INIT_MODE = Param.ofString("initMode", "initialization: random or k-means||",
        "k-means||", ParamValidators.oneOf("random", "k-means||"));
    /** k-means|| rounds. */
    public static final Param<Integer> INIT_STEPS = Param.ofInt("initSteps", "k-means|| rounds (> 0)", 2,
        ParamValidators.gt(0));
    /** Random seed. */
    public static final Param<Long> SEED = Param.ofLong("seed", "random seed", DEFAULT_SEED, ParamValidators.any());
    /** Distance measure. */
    public static final Param<String> DISTANCE_MEASURE = Param.ofString("distanceMeasure",
        "euclidean or cosine", "euclidean", ParamValidators.oneOf("euclidean", "cosine"));
    /** Given initial centers, flat row-major k x d (empty: use initMode). */
    public static final Param<double[]> INITIAL_CENTERS = Param.ofDoubleArray("initialCenters",
        "initial centers, row-major k x width (empty: initMode chooses them)", new double[0],
        ParamValidators.any());
    /** Tree-aggregate depth. */
    public static final Param<Integer> AGGREGATION_DEPTH = SharedParams.aggregationDepth();

    static final List<Param<?>> PARAMS = List.of(FEATURES_COL, PREDICTION_COL, WEIGHT_COL, K, MAX_ITER, TOL,
        INIT_MODE, INIT_STEPS, SEED, DISTANCE_MEASURE, INITIAL_CENTERS, AGGREGATION_DEPTH);

    /** A new estimator with Spark's defaults. */
    public KMeans() {
        this(Uids.random("KMeans"), ParamMap.empty());
    }

    private KMeans(String uid, ParamMap params) {
        super(uid, params);
    }

    /** @param v the number of clusters @return a copy with it set */
    public KMeans k(int v) {
        return with(K, v);
    }

    /** @param v the iteration limit @return a copy with it set */
    public KMeans maxIter(int v) {
        return with(MAX_ITER, v);
    }

    /** @param v the tolerance @return a copy with it set */
    public KMeans tol(double v) {
        return with(TOL, v);
    }

    /** @param v the seed @return a copy with it set */
    public KMeans seed(long v) {
        return with(SEED, v);
    }

    /** @param v {@code euclidean} or {@code cosine} @return a copy with it set */
    public KMeans distanceMeasure(String v) {
        return with(DISTANCE_MEASURE, v);
    }

    /** @param v {@code random} or {@code k-means||} @return a copy with it set */
    public KMeans initMode(String v) {
        return with(INIT_MODE, v);
    }

    /** @param v the features column @return a copy with it set */
    public KMeans featuresCol(String v) {
        return with(FEATURES_COL, v);
    }

    /** @param v the weight column @return a copy with it set */
    public KMeans weightCol(String v) {
        return with(WEIGHT_COL, v);
    }

    /**
     * @param centers k initial centers of the features' width
     * @return a copy that starts from them (and sets {@link #K} to their number)
     */
    public KMeans initialCenters(double[][] centers) {
        if (centers.length == 0) {
            throw new InvalidArgumentException("KMeans: found no initial centers, expected k >= 2 of them");
        }
        int d = centers[0].length;
        double[] flat = new double[centers.length * d];
        for (int i = 0; i < centers.length; i++) {
            if (centers[i].length != d) {
                throw new InvalidArgumentException("KMeans: initial center " + i + " has width " + centers[i].length
                    + ", expected " + d + " (the width of center 0)");
            }
            System.arraycopy(centers[i], 0, flat, i * d, d);
        }
        return with(K, centers.length).with(INITIAL_CENTERS, flat);
    }

    /**
     * Spark's {@code initialModel}: starts from a fitted model's centers.
     *
     * @param model a k-means model
     * @return a copy that starts from its centers
     */
    public KMeans initialModel(KMeansModel model) {
        return initialCenters(model.clusterCenters());
    }

    /** @param v predictionCol: cluster index (int) @return a copy with it set */
    public KMeans predictionCol(String v) {
        return with(PREDICTION_COL, v);
    }

    /** @param v initSteps: k-means|| rounds (&gt; 0) @return a copy with it set */
    public KMeans initSteps(int v) {
        return with(INIT_STEPS, v);
    }

    /** @param v initialCenters: initial centers, row-major k x width (empty: initMode chooses them) @return a copy with it set */
    public KMeans initialCenters(double... v) {
        return with(INITIAL_CENTERS, v.clone());
    }

    /** @param v aggregationDepth: depth of the tree-aggregate (&gt;= 1) @return a copy with it set */
    public KMeans aggregationDepth(int v) {
        return with(AGGREGATION_DEPTH, v);
    }

    @Override
    public List<Param<?>> params() {
        return PARAMS;
    }

    @Override
    protected KMeans withParams(ParamMap params) {
        return new KMeans(uid(), params);
    }

    @Override
    public Schema transformSchema(Schema schema) {
        if (!get(WEIGHT_COL).isEmpty()) {
            schema.require(get(WEIGHT_COL), DataType.DOUBLE, DataType.FLOAT, DataType.INT, DataType.LONG);
        }
        return outputSchema(schema, this);
    }

    static Schema outputSchema(Schema schema, dev.ember.ml.core.StageBase<?> stage) {
        schema.require(stage.get(FEATURES_COL), DataType.VECTOR);
        return schema.add(Field.of(stage.get(PREDICTION_COL), DataType.INT, false));
    }

    @Override
    protected Long seed() {
        return get(SEED);
    }

    @Override
    protected KMeansModel fitModel(Frame frame, Provenance.Recorder rec) {
        String fc = get(FEATURES_COL);
        String wc = get(WEIGHT_COL);
        boolean unit = "cosine".equals(get(DISTANCE_MEASURE));
        int d = frame.schema().field(fc).vectorSize();
        int depth = get(AGGREGATION_DEPTH);
        Frame data = wc.isEmpty() ? frame.select(fc) : frame.select(fc, wc);
        boolean cacheHere = !frame.isCached();
        if (cacheHere) {
            data.cache();
        }
        try {
            double[] start = initialCenters(data, fc, wc, unit, d, depth);
            LloydResult r = lloyd(data, new KMeansArgs.Lloyd(fc, wc, unit, start, new double[0]), d, depth);
            int k = start.length / d;
            double[][] centers = new double[k][];
            for (int c = 0; c < k; c++) {
                centers[c] = java.util.Arrays.copyOfRange(r.centers, c * d, (c + 1) * d);
            }
            long[] sizes = new long[k];
            for (int c = 0; c < k; c++) {
                sizes[c] = Math.round(r.finalCost[1 + c]);
            }
            KMeansSummary summary = new KMeansSummary(k, r.finalCost[0], sizes, r.iterations);
            Provenance p = rec.metric("trainingCost", summary.trainingCost()).metric("iterations", r.iterations)
                .metric("numClusters", k).finish();
            return new KMeansModel(uid(), paramMap(), centers, summary, p);
        } finally {
            if (cacheHere) {
                data.unpersist();
            }
        }
    }

    private double[] initialCenters(Frame data, String fc, String wc, boolean unit, int d, int depth) {
        double[] given = get(INITIAL_CENTERS);
        int k = get(K);
        if (given.length > 0) {
            if (given.length != k * d) {
                throw new InvalidArgumentException("KMeans: found " + given.length + " initial center values, expected"
                    + " k * width = " + k + " * " + d + " = " + (k * d) + " (k must equal the initial model's)");
            }
            double[] c = given.clone();
            for (int i = 0; i < k; i++) {
                for (int j = 0; j < d; j++) {
                    if (!Double.isFinite(c[i * d + j])) {
                        throw new InvalidArgumentException("KMeans: initial center " + i + ", element " + j
                            + ": found " + c[i * d + j] + ", expected a finite number");
                    }
                }
                if (unit) {
                    LocalKMeans.normalize(c, i * d, d);
                }
            }
            return c;
        }
        KMeansArgs.Candidates base = new KMeansArgs.Candidates(fc, wc, unit, get(SEED), 0, 1, new double[0], 0);
        double[] centers = "random".equals(get(INIT_MODE)) ? KMeansParallelInit.random(data, base, d, k, depth)
            : KMeansParallelInit.parallel(data, base, d, k, get(INIT_STEPS), depth);
        if (centers.length / d < k) {
            LOG.warn("KMeans {}: the data has {} distinct points to start from, fewer than k = {}; the model has {}"
                + " clusters", uid(), centers.length / d, k, centers.length / d);
        }
        return centers;
    }

    /** Final centers, {@code [cost, sizes..., weights...]} at them, and the iterations run. */
    private record LloydResult(double[] centers, double[] finalCost, int iterations) {
    }

    private LloydResult lloyd(Frame data, KMeansArgs.Lloyd args, int d, int depth) {
        Schema stateSchema = KMeansKernels.stateSchema(data.schema(), args.featuresCol(), args.weightCol(), d);
        double[] centers = args.centers();
        int k = centers.length / d;
        double tol = get(TOL);
        boolean unit = args.unit();
        Frame state = data.mapPartitions(MapCall.of(KMeansKernels.HamerlyInit.class, args.toParams()), stateSchema)
            .cache();
        Frame previous = null;
        int iterations = 0;
        boolean converged = false;
        // running per-cluster sums [sum (k x d), weight (k), rows of positive weight (k)], moved by each state's change
        double[] sums = new double[k * d + 2 * k];
        try {
            while (iterations < get(MAX_ITER) && !converged) {
                double[] delta = state.treeAggregate(AggregateCall.of(KMeansKernels.ClusterSums.class,
                    with(args, centers, new double[0]).toParams()), depth);
                if (previous != null) {
                    previous.unpersist();
                }
                iterations++;
                for (int i = 0; i < sums.length; i++) {
                    sums[i] += delta[i];
                }
                double[] next = centers.clone();
                double[] moves = new double[k];
                converged = true;
                for (int c = 0; c < k; c++) {
                    double w = sums[k * d + c];
                    if (sums[k * d + k + c] == 0) {
                        // empty: exactly zero again (not the rounding left by the rows that left)
                        java.util.Arrays.fill(sums, c * d, (c + 1) * d, 0.0);
                        sums[k * d + c] = 0;
                    } else if (w > 0) {
                        for (int j = 0; j < d; j++) {
                            next[c * d + j] = sums[c * d + j] / w;
                        }
                        if (unit) {
                            LocalKMeans.normalize(next, c * d, d);
                        }
                    }
                    double sq = 0;
                    for (int j = 0; j < d; j++) {
                        double diff = next[c * d + j] - centers[c * d + j];
                        sq += diff * diff;
                    }
                    moves[c] = Math.sqrt(sq);
                    // Spark: Euclidean distance <= tol; cosine distance (|a - b|^2 / 2 for unit vectors) <= tol
                    if (unit ? sq / 2 > tol : sq > tol * tol) {
                        converged = false;
                    }
                }
                centers = next;
                previous = state;
                state = state.mapPartitions(MapCall.of(KMeansKernels.HamerlyStep.class,
                    with(args, centers, moves).toParams()), stateSchema).cache();
            }
            double[] finalCost = state.treeAggregate(AggregateCall.of(KMeansKernels.FinalCost.class,
                with(args, centers, new double[0]).toParams()), depth);
            return new LloydResult(centers, finalCost, iterations);
        } finally {
            state.unpersist();
            if (previous != null) {
                previous.unpersist();
            }
        }
    }

    private static KMeansArgs.Lloyd with(KMeansArgs.Lloyd a, double[] centers, double[] moves) {
        return new KMeansArgs.Lloyd(a.featuresCol(), a.weightCol(), a.unit(), centers, moves);
    }

    static KMeans load(StageReader reader) {
        return new KMeans(reader.uid(), reader.params(PARAMS));
    }
}
