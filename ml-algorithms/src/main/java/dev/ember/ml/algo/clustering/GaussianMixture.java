package dev.ember.ml.algo.clustering;

import com.google.errorprone.annotations.CheckReturnValue;
import dev.ember.ml.core.EstimatorBase;
import dev.ember.ml.core.InvalidArgumentException;
import dev.ember.ml.core.Provenance;
import dev.ember.ml.core.StageBase;
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

import java.util.List;

/**
 * A Gaussian mixture with full covariances fitted by expectation-maximization (Dempster, Laird and Rubin, 1977),
 * with Spark ML's names and defaults: {@code k = 2}, {@code maxIter = 100}, {@code tol = 0.01} (on the change of
 * the total log-likelihood), {@code seed}, {@code weightCol}. Each EM iteration is one tree-aggregate pass
 * ({@link GmmKernels.EStep}): the responsibilities of every row (log-densities through the components' Cholesky
 * factors, normalized by log-sum-exp) and the weighted moments around the current means, from which the driver
 * takes the new weights, means and covariances (M-step). A final pass gives the log-likelihood at the returned
 * parameters (scikit-learn's {@code score * n}; Spark reports the one before the last update).
 *
 * <p>Start: Spark's: k blocks of 5 rows drawn at random, each block's mean and the diagonal of its variance
 * (a feature constant in a block takes the variance of all drawn rows), weights 1/k; or the given
 * {@link #initialGaussians}. {@code regCovar} (scikit-learn's {@code reg_covar}; default 0, as Spark) is added
 * to every covariance's diagonal after each M-step; a covariance that is not positive definite stops the fit
 * with the component named.
 */
@CheckReturnValue
public final class GaussianMixture extends EstimatorBase<GaussianMixture, GaussianMixtureModel> {
    /** Spark's default seed: the hash code of its GaussianMixture class name. */
    static final long DEFAULT_SEED = "org.apache.spark.ml.clustering.GaussianMixture".hashCode();

    /** Features column. */
    public static final Param<String> FEATURES_COL = SharedParams.featuresCol();
    /** Prediction column (int component index). */
    public static final Param<String> PREDICTION_COL = SharedParams.predictionCol("most probable component (int)");
    /** Probability column. */
    public static final Param<String> PROBABILITY_COL = Param.ofString("probabilityCol",
        "posterior probability of each component (vector)", "probability", ParamValidators.nonEmpty());
    /** Row weight column. */
    public static final Param<String> WEIGHT_COL = SharedParams.weightCol();
    /** Number of components. */
    public static final Param<Integer> K = Param.ofInt("k", "number of components (> 1)", 2, ParamValidators.gt(1));
    /** EM iteration limit. */
    public static final Param<Integer> MAX_ITER = SharedParams.maxIter(100);
    /** Convergence tolerance on the log-likelihood's change. */
    public static final Param<Double> TOL = SharedParams.tol(0.01);
    /** Random seed. */
    public static final Param<Long> SEED = Param.ofLong("seed", "random seed", DEFAULT_SEED, ParamValidators.any());
    /** Covariance regularization. */
    public static final Param<Double> REG_COVAR = Param.ofDouble("regCovar",
        "added to the diagonal of every covariance after each M-step (>= 0)", 0.0, ParamValidators.gtEq(0));
    /** Given initial weights (empty: drawn). */
    public static final Param<double[]> INITIAL_WEIGHTS = Param.ofDoubleArray("initialWeights",
        "initial mixing weights, k (empty: drawn from seed)", new double[0], ParamValidators.any());
    /** Given initial means. */
    public static final Param<double[]> INITIAL_MEANS = Param.ofDoubleArray("initialMeans",
        "initial means, row-major k x width", new double[0], ParamValidators.any());
    /** Given initial covariances. */
    public static final Param<double[]> INITIAL_COVARIANCES = Param.ofDoubleArray("initialCovariances",
        "initial covariances, row-major k x width x width", new double[0], ParamValidators.any());
    /** Tree-aggregate depth. */
    public static final Param<Integer> AGGREGATION_DEPTH = SharedParams.aggregationDepth();

    static final List<Param<?>> PARAMS = List.of(FEATURES_COL, PREDICTION_COL, PROBABILITY_COL, WEIGHT_COL, K,
        MAX_ITER, TOL, SEED, REG_COVAR, INITIAL_WEIGHTS, INITIAL_MEANS, INITIAL_COVARIANCES, AGGREGATION_DEPTH);

    /** A new estimator with Spark's defaults. */
    public GaussianMixture() {
        this(Uids.random("GaussianMixture"), ParamMap.empty());
    }

    private GaussianMixture(String uid, ParamMap params) {
        super(uid, params);
    }

    /** @param v the number of components @return a copy with it set */
    public GaussianMixture k(int v) {
        return with(K, v);
    }

    /** @param v the iteration limit @return a copy with it set */
    public GaussianMixture maxIter(int v) {
        return with(MAX_ITER, v);
    }

    /** @param v the tolerance @return a copy with it set */
    public GaussianMixture tol(double v) {
        return with(TOL, v);
    }

    /** @param v the seed @return a copy with it set */
    public GaussianMixture seed(long v) {
        return with(SEED, v);
    }

    /** @param v the covariance regularization @return a copy with it set */
    public GaussianMixture regCovar(double v) {
        return with(REG_COVAR, v);
    }

    /** @param v the weight column @return a copy with it set */
    public GaussianMixture weightCol(String v) {
        return with(WEIGHT_COL, v);
    }

    /**
     * Starts EM from given parameters (scikit-learn's {@code weights_init}, {@code means_init} and, as
     * covariances, {@code precisions_init}); sets {@link #K} to their number.
     *
     * @param weights k mixing weights
     * @param means k means
     * @param covariances k covariance matrices
     * @return a copy that starts from them
     */
    public GaussianMixture initialGaussians(double[] weights, double[][] means, double[][][] covariances) {
        int k = weights.length;
        if (means.length != k || covariances.length != k || k == 0) {
            throw new InvalidArgumentException("GaussianMixture: found " + k + " weights, " + means.length
                + " means and " + covariances.length + " covariances, expected k >= 2 of each");
        }
        int d = means[0].length;
        double[] m = new double[k * d];
        double[] s = new double[k * d * d];
        for (int c = 0; c < k; c++) {
            if (means[c].length != d || covariances[c].length != d) {
                throw new InvalidArgumentException("GaussianMixture: component " + c + " has a mean of width "
                    + means[c].length + " and a " + covariances[c].length + "-row covariance, expected " + d);
            }
            System.arraycopy(means[c], 0, m, c * d, d);
            for (int i = 0; i < d; i++) {
                if (covariances[c][i].length != d) {
                    throw new InvalidArgumentException("GaussianMixture: covariance " + c + ", row " + i + " has "
                        + covariances[c][i].length + " entries, expected " + d);
                }
                System.arraycopy(covariances[c][i], 0, s, (c * d + i) * d, d);
            }
        }
        return with(K, k).with(INITIAL_WEIGHTS, weights.clone()).with(INITIAL_MEANS, m)
            .with(INITIAL_COVARIANCES, s);
    }

    /**
     * @param model a fitted mixture
     * @return a copy that starts from its parameters
     */
    public GaussianMixture initialModel(GaussianMixtureModel model) {
        return initialGaussians(model.weights(), model.means(), model.covariances());
    }

    /** @param v featuresCol: features vector column @return a copy with it set */
    public GaussianMixture featuresCol(String v) {
        return with(FEATURES_COL, v);
    }

    /** @param v predictionCol: most probable component (int) @return a copy with it set */
    public GaussianMixture predictionCol(String v) {
        return with(PREDICTION_COL, v);
    }

    /** @param v probabilityCol: posterior probability of each component (vector) @return a copy with it set */
    public GaussianMixture probabilityCol(String v) {
        return with(PROBABILITY_COL, v);
    }

    /** @param v initialWeights: initial mixing weights, k (empty: drawn from seed) @return a copy with it set */
    public GaussianMixture initialWeights(double... v) {
        return with(INITIAL_WEIGHTS, v.clone());
    }

    /** @param v initialMeans: initial means, row-major k x width @return a copy with it set */
    public GaussianMixture initialMeans(double... v) {
        return with(INITIAL_MEANS, v.clone());
    }

    /** @param v initialCovariances: initial covariances, row-major k x width x width @return a copy with it set */
    public GaussianMixture initialCovariances(double... v) {
        return with(INITIAL_COVARIANCES, v.clone());
    }

    /** @param v aggregationDepth: depth of the tree-aggregate (&gt;= 1) @return a copy with it set */
    public GaussianMixture aggregationDepth(int v) {
        return with(AGGREGATION_DEPTH, v);
    }

    @Override
    public List<Param<?>> params() {
        return PARAMS;
    }

    @Override
    protected GaussianMixture withParams(ParamMap params) {
        return new GaussianMixture(uid(), params);
    }

    @Override
    public Schema transformSchema(Schema schema) {
        if (!get(WEIGHT_COL).isEmpty()) {
            schema.require(get(WEIGHT_COL), DataType.DOUBLE, DataType.FLOAT, DataType.INT, DataType.LONG);
        }
        return outputSchema(schema, this, get(K));
    }

    static Schema outputSchema(Schema schema, StageBase<?> stage, int k) {
        schema.require(stage.get(FEATURES_COL), DataType.VECTOR);
        return schema.add(Field.vector(stage.get(PROBABILITY_COL), k, DataType.DOUBLE))
            .add(Field.of(stage.get(PREDICTION_COL), DataType.INT, false));
    }

    @Override
    protected Long seed() {
        return get(SEED);
    }

    @Override
    protected GaussianMixtureModel fitModel(Frame frame, Provenance.Recorder rec) {
        String fc = get(FEATURES_COL);
        String wc = get(WEIGHT_COL);
        int d = frame.schema().field(fc).vectorSize();
        int k = get(K);
        int depth = get(AGGREGATION_DEPTH);
        Frame data = wc.isEmpty() ? frame.select(fc) : frame.select(fc, wc);
        boolean cacheHere = !frame.isCached();
        if (cacheHere) {
            data.cache();
        }
        try {
            double[][] start = start(data, fc, wc, k, d, depth);
            double[] weights = start[0];
            double[] means = start[1];
            double[] covs = start[2];
            Gaussians g = Gaussians.of(weights, means, covs);
            double ll = Double.NEGATIVE_INFINITY;
            double previous = 0;
            int iter = 0;
            int s = GmmKernels.slot(d);
            java.util.List<Double> history = new java.util.ArrayList<>();
            while (iter < get(MAX_ITER) && Math.abs(ll - previous) > get(TOL)) {
                double[] sums = eStep(data, fc, wc, g, depth);
                previous = ll;
                ll = sums[0];
                history.add(ll);
                dev.ember.ml.core.tracking.Tracking.markIteration();
                iter++;
                double total = sums[1];
                for (int c = 0; c < k; c++) {
                    mStep(sums, 2 + c * s, total, d, c, weights, means, covs, get(REG_COVAR));
                }
                g = Gaussians.of(weights, means, covs);
            }
            double finalLl = eStep(data, fc, wc, g, depth)[0];
            history.add(finalLl);
            dev.ember.ml.core.tracking.Tracking.markIteration();
            GaussianMixtureSummary summary = new GaussianMixtureSummary(k, finalLl, iter,
                history.stream().mapToDouble(Double::doubleValue).toArray());
            Provenance p = rec.metric("logLikelihood", finalLl).metric("iterations", iter).finish();
            return new GaussianMixtureModel(uid(), paramMap(), weights, means, covs, summary, p);
        } finally {
            if (cacheHere) {
                data.unpersist();
            }
        }
    }

    private static double[] eStep(Frame data, String fc, String wc, Gaussians g, int depth) {
        double[] sums = data.treeAggregate(AggregateCall.of(GmmKernels.EStep.class,
            GmmKernels.Args.of(fc, wc, g).toParams()), depth);
        if (sums.length == 0 || !(sums[1] > 0)) {
            throw new InvalidArgumentException("GaussianMixture: column '" + fc + "': found no rows of positive"
                + " weight, expected at least one");
        }
        return sums;
    }

    /** Updates component c from the moments around its previous mean at {@code at}. */
    private static void mStep(double[] sums, int at, double total, int d, int c, double[] weights, double[] means,
                              double[] covs, double reg) {
        double r = sums[at];
        weights[c] = r / total;
        if (!(r > 0)) {
            return; // no responsibility: the component keeps its mean and covariance, with weight 0
        }
        double[] shift = new double[d];
        for (int i = 0; i < d; i++) {
            shift[i] = sums[at + 1 + i] / r;
        }
        int q = at + 1 + d;
        for (int i = 0; i < d; i++) {
            for (int j = i; j < d; j++) {
                double v = sums[q++] / r - shift[i] * shift[j];
                covs[(c * d + i) * d + j] = v;
                covs[(c * d + j) * d + i] = v;
            }
            covs[(c * d + i) * d + i] += reg;
        }
        for (int i = 0; i < d; i++) {
            means[c * d + i] += shift[i];
        }
    }

    private double[][] start(Frame data, String fc, String wc, int k, int d, int depth) {
        double[] w = get(INITIAL_WEIGHTS);
        if (w.length > 0) {
            double[] m = get(INITIAL_MEANS);
            double[] s = get(INITIAL_COVARIANCES);
            if (w.length != k || m.length != k * d || s.length != k * d * d) {
                throw new InvalidArgumentException("GaussianMixture: found " + w.length + " initial weights, "
                    + m.length + " mean values and " + s.length + " covariance values, expected k = " + k
                    + ", k x width = " + (k * d) + " and k x width x width = " + (k * d * d));
            }
            return new double[][] {w.clone(), m.clone(), s.clone()};
        }
        int per = 5;
        double[] rows = KMeansParallelInit.pick(data, new KMeansArgs.Candidates(fc, wc, false, get(SEED), 0,
            k * per, new double[0], 0), k * per, d, depth);
        int n = rows.length / d;
        if (n < k) {
            throw new InvalidArgumentException("GaussianMixture: found " + n + " rows, expected at least k = " + k);
        }
        double[] allVar = variance(rows, 0, n, d);
        double[] weights = new double[k];
        double[] means = new double[k * d];
        double[] covs = new double[k * d * d];
        for (int c = 0; c < k; c++) {
            weights[c] = 1.0 / k;
            int from = c * n / k;
            int to = (c + 1) * n / k;
            double[] var = variance(rows, from, to, d);
            for (int j = 0; j < d; j++) {
                double mean = 0;
                for (int r = from; r < to; r++) {
                    mean += rows[r * d + j];
                }
                means[c * d + j] = mean / (to - from);
                covs[(c * d + j) * d + j] = (var[j] > 0 ? var[j] : allVar[j]) + get(REG_COVAR);
            }
        }
        return new double[][] {weights, means, covs};
    }

    private static double[] variance(double[] rows, int from, int to, int d) {
        double[] var = new double[d];
        for (int j = 0; j < d; j++) {
            double mean = 0;
            for (int r = from; r < to; r++) {
                mean += rows[r * d + j];
            }
            mean /= to - from;
            for (int r = from; r < to; r++) {
                double dev = rows[r * d + j] - mean;
                var[j] += dev * dev;
            }
            var[j] /= to - from;
        }
        return var;
    }

    static GaussianMixture load(StageReader reader) {
        return new GaussianMixture(reader.uid(), reader.params(PARAMS));
    }
}
