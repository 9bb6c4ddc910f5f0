package dev.ember.ml.algo.clustering;

import com.fasterxml.jackson.databind.JsonNode;
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
import dev.ember.ml.core.runtime.MapCall;
import dev.ember.ml.core.tracking.HasObjectiveHistory;

import java.util.List;

/**
 * A fitted {@link GaussianMixture}: mixing weights, means and full covariances. {@link #transform} adds the
 * posterior probability of each component ({@code probability}) and the most probable one ({@code prediction},
 * int) in one pass. Saved as {@code weights.npy}, {@code means.npy}, {@code covariances.npy} (k rows of
 * {@code d * d}) and the summary, format version {@value #FORMAT_VERSION}.
 */
@CheckReturnValue
public final class GaussianMixtureModel extends ModelBase<GaussianMixtureModel> implements HasObjectiveHistory {
    /** The version of the saved data this release writes. */
    static final int FORMAT_VERSION = 1;

    private final double[] weights;
    private final double[] means;
    private final double[] covariances;
    private final GaussianMixtureSummary summary;
    private final Gaussians gaussians;

    GaussianMixtureModel(String uid, ParamMap params, double[] weights, double[] means, double[] covariances,
                         GaussianMixtureSummary summary, Provenance provenance) {
        super(uid, params, provenance);
        this.weights = weights.clone();
        this.means = means.clone();
        this.covariances = covariances.clone();
        this.summary = summary;
        this.gaussians = Gaussians.of(this.weights, this.means, this.covariances);
    }

    /** @return the number of components */
    public int k() {
        return weights.length;
    }

    /** @return the mixing weights (a copy) */
    public double[] weights() {
        return weights.clone();
    }

    /** @return the means, one row per component (a copy) */
    public double[][] means() {
        int d = gaussians.d;
        double[][] out = new double[k()][d];
        for (int c = 0; c < k(); c++) {
            System.arraycopy(means, c * d, out[c], 0, d);
        }
        return out;
    }

    /** @return the covariance matrices, one per component (a copy) */
    public double[][][] covariances() {
        int d = gaussians.d;
        double[][][] out = new double[k()][d][d];
        for (int c = 0; c < k(); c++) {
            for (int i = 0; i < d; i++) {
                System.arraycopy(covariances, (c * d + i) * d, out[c][i], 0, d);
            }
        }
        return out;
    }

    /** @return the training summary: log-likelihood at the final parameters, iterations */
    public GaussianMixtureSummary summary() {
        return summary;
    }

    /**
     * @param x a row of the features' width
     * @return the posterior probability of each component
     */
    public double[] predictProbability(double[] x) {
        if (x.length != gaussians.d) {
            throw new InvalidArgumentException("GaussianMixtureModel: found width " + x.length + ", expected "
                + gaussians.d);
        }
        double[] r = new double[k()];
        gaussians.logJoint(x, new double[x.length], r);
        Gaussians.normalize(r);
        return r;
    }

    /**
     * @param x a row of the features' width
     * @return the most probable component
     */
    public int predict(double[] x) {
        double[] p = predictProbability(x);
        int best = 0;
        for (int c = 1; c < p.length; c++) {
            best = p[c] > p[best] ? c : best;
        }
        return best;
    }

    /**
     * The loss tracking logs: the negative total log-likelihood at the start and after each EM iteration.
     *
     * @return the history
     */
    @Override
    public double[] objectiveHistory() {
        double[] h = summary.logLikelihoodHistory();
        for (int i = 0; i < h.length; i++) {
            h[i] = -h[i];
        }
        return h;
    }

    /** @param v featuresCol: features vector column @return a copy with it set */
    public GaussianMixtureModel featuresCol(String v) {
        return with(GaussianMixture.FEATURES_COL, v);
    }

    /** @param v predictionCol: most probable component (int) @return a copy with it set */
    public GaussianMixtureModel predictionCol(String v) {
        return with(GaussianMixture.PREDICTION_COL, v);
    }

    /** @param v probabilityCol: posterior probability of each component (vector) @return a copy with it set */
    public GaussianMixtureModel probabilityCol(String v) {
        return with(GaussianMixture.PROBABILITY_COL, v);
    }

    @Override
    public List<Param<?>> params() {
        return GaussianMixture.PARAMS;
    }

    @Override
    protected GaussianMixtureModel withParams(ParamMap params) {
        return new GaussianMixtureModel(uid(), params, weights, means, covariances, summary, provenance());
    }

    @Override
    public Schema transformSchema(Schema schema) {
        String fc = get(GaussianMixture.FEATURES_COL);
        int width = schema.require(fc, DataType.VECTOR).vectorSize();
        if (width != gaussians.d) {
            throw new InvalidArgumentException("column '" + fc + "': found width " + width + ", expected "
                + gaussians.d + " (the width the model was fitted on)");
        }
        return GaussianMixture.outputSchema(schema, this, k());
    }

    @Override
    public Frame transform(Frame frame) {
        Schema out = transformSchema(frame.schema());
        return frame.mapPartitions(MapCall.of(GmmKernels.Predict.class, new GmmKernels.PredictArgs(
            GmmKernels.Args.of(get(GaussianMixture.FEATURES_COL), "", gaussians),
            get(GaussianMixture.PROBABILITY_COL), get(GaussianMixture.PREDICTION_COL)).toParams()), out);
    }

    @Override
    public void writeData(StageWriter writer) {
        int d = gaussians.d;
        double[][] covRows = new double[k()][d * d];
        for (int c = 0; c < k(); c++) {
            System.arraycopy(covariances, c * d * d, covRows[c], 0, d * d);
        }
        writer.array("weights", weights);
        writer.matrix("means", means());
        writer.matrix("covariances", covRows);
        ObjectNode meta = JsonNodeFactory.instance.objectNode();
        meta.put("k", summary.k());
        meta.put("logLikelihood", summary.logLikelihood());
        meta.put("numIter", summary.numIter());
        writer.json("model", meta);
        writer.array("logLikelihoodHistory", summary.logLikelihoodHistory());
    }

    static GaussianMixtureModel load(StageReader r) {
        JsonNode meta = r.json("model");
        double[] weights = r.array("weights");
        double[][] means = r.matrix("means");
        double[][] covs = r.matrix("covariances");
        int k = weights.length;
        if (means.length != k || covs.length != k) {
            throw new InvalidArgumentException("GaussianMixtureModel in " + r.dir() + ": found " + k + " weights, "
                + means.length + " means and " + covs.length + " covariances, expected as many of each");
        }
        int d = k == 0 ? 0 : means[0].length;
        double[] m = new double[k * d];
        double[] s = new double[k * d * d];
        for (int c = 0; c < k; c++) {
            if (means[c].length != d || covs[c].length != d * d) {
                throw new InvalidArgumentException("GaussianMixtureModel in " + r.dir() + ": component " + c
                    + " has a mean of " + means[c].length + " and a covariance of " + covs[c].length
                    + " values, expected " + d + " and " + (d * d));
            }
            System.arraycopy(means[c], 0, m, c * d, d);
            System.arraycopy(covs[c], 0, s, c * d * d, d * d);
        }
        return new GaussianMixtureModel(r.uid(), r.params(GaussianMixture.PARAMS), weights, m, s,
            new GaussianMixtureSummary(meta.path("k").asInt(), meta.path("logLikelihood").asDouble(),
                meta.path("numIter").asInt(), r.array("logLikelihoodHistory")), r.provenance());
    }
}
