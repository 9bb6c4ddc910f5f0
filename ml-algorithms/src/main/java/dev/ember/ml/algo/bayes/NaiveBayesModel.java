package dev.ember.ml.algo.bayes;

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

import java.util.List;

/**
 * A fitted {@link NaiveBayes}: log priors {@link #pi()}, the per-class feature table {@link #theta()} (log
 * probabilities for multinomial and Bernoulli, the complement weights {@code -log} of the complement
 * probabilities for complement, means for Gaussian) and, for Gaussian, the variances {@link #sigma()}.
 * {@link #transform} adds {@code rawPrediction} (joint log-likelihoods), {@code probability} and
 * {@code prediction} in one pass. Saved as {@code pi.npy}, {@code theta.npy}, {@code sigma.npy} and the model
 * type, format version {@value #FORMAT_VERSION}.
 */
@CheckReturnValue
public final class NaiveBayesModel extends ModelBase<NaiveBayesModel> {
    /** The version of the saved data this release writes. */
    static final int FORMAT_VERSION = 1;

    private final double[] pi;
    private final double[] theta;
    private final double[] sigma;

    NaiveBayesModel(String uid, ParamMap params, double[] pi, double[] theta, double[] sigma, Provenance provenance) {
        super(uid, params, provenance);
        if (pi.length == 0 || theta.length % pi.length != 0
            || (sigma.length != 0 && sigma.length != theta.length)) {
            throw new InvalidArgumentException("NaiveBayesModel: found " + pi.length + " priors, " + theta.length
                + " theta and " + sigma.length + " sigma values, expected K priors and K x d tables");
        }
        this.pi = pi.clone();
        this.theta = theta.clone();
        this.sigma = sigma.clone();
    }

    /** @return the number of classes */
    public int numClasses() {
        return pi.length;
    }

    /** @return the number of features */
    public int numFeatures() {
        return theta.length / pi.length;
    }

    /** @return the log priors (a copy) */
    public double[] pi() {
        return pi.clone();
    }

    /** @return theta, one row per class (a copy) */
    public double[][] theta() {
        return rows(theta);
    }

    /** @return the Gaussian variances, one row per class (empty for the other model types) */
    public double[][] sigma() {
        return sigma.length == 0 ? new double[0][] : rows(sigma);
    }

    private double[][] rows(double[] flat) {
        int d = numFeatures();
        double[][] out = new double[pi.length][d];
        for (int c = 0; c < pi.length; c++) {
            System.arraycopy(flat, c * d, out[c], 0, d);
        }
        return out;
    }

    /**
     * @param x a row of the features' width
     * @return the posterior probability of each class
     */
    public double[] predictProbability(double[] x) {
        if (x.length != numFeatures()) {
            throw new InvalidArgumentException("NaiveBayesModel: found width " + x.length + ", expected "
                + numFeatures());
        }
        double[] jll = new double[pi.length];
        new Likelihood(get(NaiveBayes.MODEL_TYPE), pi, theta, sigma, numFeatures()).jointLogLikelihood(x, jll);
        double[] p = new double[pi.length];
        NaiveBayesKernels.Predict.softmax(jll, p);
        return p;
    }

    /** @param v featuresCol: features vector column @return a copy with it set */
    public NaiveBayesModel featuresCol(String v) {
        return with(NaiveBayes.FEATURES_COL, v);
    }

    /** @param v predictionCol: predicted class index @return a copy with it set */
    public NaiveBayesModel predictionCol(String v) {
        return with(NaiveBayes.PREDICTION_COL, v);
    }

    /** @param v rawPredictionCol: joint log-likelihood per class (vector) @return a copy with it set */
    public NaiveBayesModel rawPredictionCol(String v) {
        return with(NaiveBayes.RAW_PREDICTION_COL, v);
    }

    /** @param v probabilityCol: posterior probability per class (vector) @return a copy with it set */
    public NaiveBayesModel probabilityCol(String v) {
        return with(NaiveBayes.PROBABILITY_COL, v);
    }

    /** @param v thresholds: per-class thresholds: predict the largest p / t (empty: the most probable class) @return a copy with it set */
    public NaiveBayesModel thresholds(double... v) {
        return with(NaiveBayes.THRESHOLDS, v.clone());
    }

    @Override
    public List<Param<?>> params() {
        return NaiveBayes.PARAMS;
    }

    @Override
    protected NaiveBayesModel withParams(ParamMap params) {
        return new NaiveBayesModel(uid(), params, pi, theta, sigma, provenance());
    }

    @Override
    public Schema transformSchema(Schema schema) {
        String fc = get(NaiveBayes.FEATURES_COL);
        int width = schema.require(fc, DataType.VECTOR).vectorSize();
        if (width != numFeatures()) {
            throw new InvalidArgumentException("column '" + fc + "': found width " + width + ", expected "
                + numFeatures() + " (the width the model was fitted on)");
        }
        return NaiveBayes.outputSchema(schema, this, pi.length);
    }

    @Override
    public Frame transform(Frame frame) {
        Schema out = transformSchema(frame.schema());
        return frame.mapPartitions(MapCall.of(NaiveBayesKernels.Predict.class, new NaiveBayesKernels.PredictArgs(
            get(NaiveBayes.FEATURES_COL), get(NaiveBayes.RAW_PREDICTION_COL), get(NaiveBayes.PROBABILITY_COL),
            get(NaiveBayes.PREDICTION_COL), get(NaiveBayes.MODEL_TYPE), pi, theta, sigma,
            get(NaiveBayes.THRESHOLDS)).toParams()), out);
    }

    @Override
    public void writeData(StageWriter writer) {
        writer.array("pi", pi);
        writer.matrix("theta", theta());
        if (sigma.length > 0) {
            writer.matrix("sigma", sigma());
        }
        ObjectNode meta = JsonNodeFactory.instance.objectNode();
        meta.put("modelType", get(NaiveBayes.MODEL_TYPE));
        meta.put("numClasses", pi.length);
        meta.put("numFeatures", numFeatures());
        writer.json("model", meta);
    }

    static NaiveBayesModel load(StageReader r) {
        ParamMap params = r.params(NaiveBayes.PARAMS);
        var meta = r.json("model");
        double[][] theta = r.matrix("theta");
        double[] sigma = "gaussian".equals(meta.path("modelType").asText()) ? flat(r.matrix("sigma")) : new double[0];
        return new NaiveBayesModel(r.uid(), params, r.array("pi"), flat(theta), sigma, r.provenance());
    }

    private static double[] flat(double[][] m) {
        int d = m.length == 0 ? 0 : m[0].length;
        double[] out = new double[m.length * d];
        for (int i = 0; i < m.length; i++) {
            System.arraycopy(m[i], 0, out, i * d, d);
        }
        return out;
    }
}
