package dev.ember.ml.algo.clustering;

import com.google.errorprone.annotations.CheckReturnValue;
import dev.ember.ml.core.EstimatorBase;
import dev.ember.ml.core.InvalidArgumentException;
import dev.ember.ml.core.Provenance;
import dev.ember.ml.core.Uids;
import dev.ember.ml.core.data.DataType;
import dev.ember.ml.core.data.Frame;
import dev.ember.ml.core.data.Schema;
import dev.ember.ml.core.param.Param;
import dev.ember.ml.core.param.ParamMap;
import dev.ember.ml.core.param.ParamValidators;
import dev.ember.ml.core.param.SharedParams;
import dev.ember.ml.core.persist.StageReader;
import dev.ember.ml.core.runtime.AggregateCall;
import dev.ember.ml.core.runtime.MapCall;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * Bisecting k-means, as Spark ML's {@code BisectingKMeans} (Steinbach, Karypis and Kumar, "A comparison of
 * document clustering techniques", 2000): all rows start in one cluster; at each level the divisible leaves
 * (at least {@code minDivisibleClusterSize} rows, a count when {@code >= 1}, else a fraction of all rows, and a
 * positive cost), the largest first and no more than needed to reach {@code k} leaves, are each split in two
 * together: two centers placed symmetrically around the parent's ({@code +- 1e-4 |c|} times a uniform draw
 * per element, from the seed), then {@code maxIter} Lloyd iterations of all the splits in one tree-aggregate
 * each, then one pass moving each row into its child (a lineage of state frames holding each row's leaf, as
 * {@link KMeans}' bounds) and one summing the new leaves. Stops at k leaves or when no leaf is divisible (fewer
 * than k leaves then). The model predicts by descending the tree to the nearer child at each node (as Spark),
 * and its cluster indices are the leaves from left to right.
 *
 * <p>Params: {@code k = 4}, {@code maxIter = 20}, {@code seed}, {@code minDivisibleClusterSize = 1.0},
 * {@code distanceMeasure} ({@code euclidean}, {@code cosine}), {@code weightCol}.
 */
@CheckReturnValue
public final class BisectingKMeans extends EstimatorBase<BisectingKMeans, BisectingKMeansModel> {
    /** Spark's default seed: the hash code of its BisectingKMeans class name. */
    static final long DEFAULT_SEED = "org.apache.spark.ml.clustering.BisectingKMeans".hashCode();

    /** Features column. */
    public static final Param<String> FEATURES_COL = SharedParams.featuresCol();
    /** Prediction column (int leaf index). */
    public static final Param<String> PREDICTION_COL = SharedParams.predictionCol("leaf cluster index (int)");
    /** Row weight column. */
    public static final Param<String> WEIGHT_COL = SharedParams.weightCol();
    /** Number of leaf clusters. */
    public static final Param<Integer> K = Param.ofInt("k", "number of leaf clusters (> 1)", 4,
        ParamValidators.gt(1));
    /** Lloyd iterations per split. */
    public static final Param<Integer> MAX_ITER = SharedParams.maxIter(20);
    /** Random seed. */
    public static final Param<Long> SEED = Param.ofLong("seed", "random seed", DEFAULT_SEED, ParamValidators.any());
    /** Smallest divisible cluster. */
    public static final Param<Double> MIN_DIVISIBLE_CLUSTER_SIZE = Param.ofDouble("minDivisibleClusterSize",
        "smallest divisible cluster: a row count if >= 1, else a fraction of all rows (> 0)", 1.0,
        ParamValidators.gt(0));
    /** Distance measure. */
    public static final Param<String> DISTANCE_MEASURE = Param.ofString("distanceMeasure",
        "euclidean or cosine", "euclidean", ParamValidators.oneOf("euclidean", "cosine"));
    /** Tree-aggregate depth. */
    public static final Param<Integer> AGGREGATION_DEPTH = SharedParams.aggregationDepth();

    static final List<Param<?>> PARAMS = List.of(FEATURES_COL, PREDICTION_COL, WEIGHT_COL, K, MAX_ITER, SEED,
        MIN_DIVISIBLE_CLUSTER_SIZE, DISTANCE_MEASURE, AGGREGATION_DEPTH);

    /** Deepest node: ids are longs, root 1, so at most 62 levels. */
    private static final int MAX_DEPTH = 62;

    /** A new estimator with Spark's defaults. */
    public BisectingKMeans() {
        this(Uids.random("BisectingKMeans"), ParamMap.empty());
    }

    private BisectingKMeans(String uid, ParamMap params) {
        super(uid, params);
    }

    /** @param v the number of leaves @return a copy with it set */
    public BisectingKMeans k(int v) {
        return with(K, v);
    }

    /** @param v the seed @return a copy with it set */
    public BisectingKMeans seed(long v) {
        return with(SEED, v);
    }

    /** @param v {@code euclidean} or {@code cosine} @return a copy with it set */
    public BisectingKMeans distanceMeasure(String v) {
        return with(DISTANCE_MEASURE, v);
    }

    /** @param v featuresCol: features vector column @return a copy with it set */
    public BisectingKMeans featuresCol(String v) {
        return with(FEATURES_COL, v);
    }

    /** @param v predictionCol: leaf cluster index (int) @return a copy with it set */
    public BisectingKMeans predictionCol(String v) {
        return with(PREDICTION_COL, v);
    }

    /** @param v weightCol: row weight column (empty: every row weighs 1) @return a copy with it set */
    public BisectingKMeans weightCol(String v) {
        return with(WEIGHT_COL, v);
    }

    /** @param v maxIter: maximum iterations (&gt;= 0) @return a copy with it set */
    public BisectingKMeans maxIter(int v) {
        return with(MAX_ITER, v);
    }

    /** @param v minDivisibleClusterSize: smallest divisible cluster: a row count if &gt;= 1, else a fraction of all rows (&gt; 0) @return a copy with it set */
    public BisectingKMeans minDivisibleClusterSize(double v) {
        return with(MIN_DIVISIBLE_CLUSTER_SIZE, v);
    }

    /** @param v aggregationDepth: depth of the tree-aggregate (&gt;= 1) @return a copy with it set */
    public BisectingKMeans aggregationDepth(int v) {
        return with(AGGREGATION_DEPTH, v);
    }

    @Override
    public List<Param<?>> params() {
        return PARAMS;
    }

    @Override
    protected BisectingKMeans withParams(ParamMap params) {
        return new BisectingKMeans(uid(), params);
    }

    @Override
    public Schema transformSchema(Schema schema) {
        if (!get(WEIGHT_COL).isEmpty()) {
            schema.require(get(WEIGHT_COL), DataType.DOUBLE, DataType.FLOAT, DataType.INT, DataType.LONG);
        }
        schema.require(get(FEATURES_COL), DataType.VECTOR);
        return schema.add(dev.ember.ml.core.data.Field.of(get(PREDICTION_COL), DataType.INT, false));
    }

    @Override
    protected Long seed() {
        return get(SEED);
    }

    /** A leaf's size, center and cost. */
    private record Leaf(long id, double weight, long rows, double[] center, double cost) {
    }

    @Override
    protected BisectingKMeansModel fitModel(Frame frame, Provenance.Recorder rec) {
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
        Schema stateSchema = BisectingKernels.stateSchema(data.schema(), fc, wc);
        Frame state = data.mapPartitions(MapCall.of(BisectingKernels.Root.class,
            new BisectingKernels.Args(fc, wc, unit, new long[0], new double[0]).toParams()), stateSchema).cache();
        try {
            TreeMap<Long, double[]> centers = new TreeMap<>();
            TreeMap<Long, Leaf> leaves = new TreeMap<>();
            for (Leaf l : summarize(state, fc, wc, unit, new long[] {1L}, d, depth)) {
                leaves.put(l.id(), l);
                centers.put(l.id(), l.center());
            }
            Leaf root = leaves.get(1L);
            if (root.rows() == 0 || !(root.weight() > 0)) {
                throw new InvalidArgumentException("BisectingKMeans: column '" + fc + "': found no rows of positive"
                    + " weight, expected at least one");
            }
            double minSize = get(MIN_DIVISIBLE_CLUSTER_SIZE) >= 1 ? get(MIN_DIVISIBLE_CLUSTER_SIZE)
                : Math.ceil(get(MIN_DIVISIBLE_CLUSTER_SIZE) * root.rows());
            SplittableRandom rnd = new SplittableRandom(get(SEED));
            int needed = get(K) - 1;
            int levels = 0;
            while (needed > 0 && levels < MAX_DEPTH) {
                List<Leaf> dividing = divisible(leaves, minSize, needed);
                if (dividing.isEmpty()) {
                    break;
                }
                long[] ids = dividing.stream().mapToLong(Leaf::id).sorted().toArray();
                double[] children = new double[2 * ids.length * d];
                for (int i = 0; i < ids.length; i++) {
                    split(leaves.get(ids[i]).center(), rnd, unit, children, 2 * i * d, d);
                }
                BisectingKernels.Args args;
                for (int it = 0; it < get(MAX_ITER); it++) {
                    double[] sums = state.treeAggregate(AggregateCall.of(BisectingKernels.ChildSums.class,
                        new BisectingKernels.Args(fc, wc, unit, ids, children).toParams()), depth);
                    for (int child = 0; child < 2 * ids.length; child++) {
                        double w = sums[child * (1 + d)];
                        if (w > 0) {
                            for (int j = 0; j < d; j++) {
                                children[child * d + j] = sums[child * (1 + d) + 1 + j] / w;
                            }
                            if (unit) {
                                LocalKMeans.normalize(children, child * d, d);
                            }
                        }
                    }
                }
                args = new BisectingKernels.Args(fc, wc, unit, ids, children);
                Frame previous = state;
                state = state.mapPartitions(MapCall.of(BisectingKernels.Descend.class, args.toParams()),
                    stateSchema).cache();
                long[] childIds = new long[2 * ids.length];
                for (int i = 0; i < ids.length; i++) {
                    childIds[2 * i] = 2 * ids[i];
                    childIds[2 * i + 1] = 2 * ids[i] + 1;
                }
                List<Leaf> grown = summarize(state, fc, wc, unit, childIds, d, depth);
                previous.unpersist();
                for (long id : ids) {
                    leaves.remove(id);
                }
                for (Leaf l : grown) {
                    leaves.put(l.id(), l);
                    centers.put(l.id(), l.center());
                }
                needed -= ids.length;
                levels++;
            }
            List<Long> order = new ArrayList<>(leaves.keySet());
            order.sort(Comparator.comparingLong(BisectingKMeans::leftAligned));
            long[] sizes = new long[order.size()];
            double cost = 0;
            for (int i = 0; i < sizes.length; i++) {
                Leaf l = leaves.get(order.get(i));
                sizes[i] = l.rows();
                cost += l.cost();
            }
            KMeansSummary summary = new KMeansSummary(order.size(), cost, sizes, levels);
            Provenance p = rec.metric("trainingCost", cost).metric("numClusters", order.size()).finish();
            return new BisectingKMeansModel(uid(), paramMap(), centers, order, summary, p);
        } finally {
            state.unpersist();
            if (cacheHere) {
                data.unpersist();
            }
        }
    }

    /** An id shifted so that ids compare in left-to-right order of the tree (ancestors before descendants). */
    static long leftAligned(long id) {
        return id << (Long.numberOfLeadingZeros(id) - 1);
    }

    private static List<Leaf> divisible(TreeMap<Long, Leaf> leaves, double minSize, int needed) {
        List<Leaf> out = new ArrayList<>();
        for (Leaf l : leaves.values()) {
            if (l.rows() >= minSize && l.cost() > Math.ulp(1.0) * l.rows() && l.id() < (1L << MAX_DEPTH)) {
                out.add(l);
            }
        }
        out.sort(Comparator.comparingLong((Leaf l) -> -l.rows()).thenComparingLong(Leaf::id));
        return out.subList(0, Math.min(needed, out.size()));
    }

    /** Two centers {@code c -+ 1e-4 |c| u}, u uniform per element (normalized for cosine). */
    private static void split(double[] c, SplittableRandom rnd, boolean unit, double[] out, int off, int d) {
        double norm = 0;
        for (double v : c) {
            norm += v * v;
        }
        double level = 1e-4 * Math.sqrt(norm);
        for (int j = 0; j < d; j++) {
            double noise = level * rnd.nextDouble();
            out[off + j] = c[j] - noise;
            out[off + d + j] = c[j] + noise;
        }
        if (unit) {
            LocalKMeans.normalize(out, off, d);
            LocalKMeans.normalize(out, off + d, d);
        }
    }

    private static List<Leaf> summarize(Frame state, String fc, String wc, boolean unit, long[] ids, int d,
                                        int depth) {
        double[] sums = state.treeAggregate(AggregateCall.of(BisectingKernels.NodeSums.class,
            new BisectingKernels.Args(fc, wc, unit, ids, new double[0]).toParams()), depth);
        int s = BisectingKernels.slot(d);
        List<Leaf> out = new ArrayList<>();
        for (int i = 0; i < ids.length; i++) {
            int at = i * s;
            double w = sums.length == 0 ? 0 : sums[at];
            double[] center = new double[d];
            double cost = 0;
            if (w > 0) {
                double sq = 0;
                for (int j = 0; j < d; j++) {
                    center[j] = sums[at + 3 + j] / w;
                    sq += center[j] * center[j];
                }
                if (unit) {
                    // sum w (1 - x.c) with c the normalized mean: W - |sum w x|
                    cost = Math.max(0, w - w * Math.sqrt(sq));
                    LocalKMeans.normalize(center, 0, d);
                } else {
                    cost = Math.max(0, sums[at + 2] - w * sq);
                }
            }
            out.add(new Leaf(ids[i], w, sums.length == 0 ? 0 : Math.round(sums[at + 1]), center, cost));
        }
        return out;
    }

    static BisectingKMeans load(StageReader reader) {
        return new BisectingKMeans(reader.uid(), reader.params(PARAMS));
    }
}
