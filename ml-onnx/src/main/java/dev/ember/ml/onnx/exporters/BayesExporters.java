package dev.ember.ml.onnx.exporters;

import dev.ember.ml.algo.bayes.NaiveBayes;
import dev.ember.ml.algo.bayes.NaiveBayesModel;
import dev.ember.ml.onnx.OnnxExportException;
import dev.ember.ml.onnx.OnnxGraphBuilder;

import java.util.List;

/**
 * Naive Bayes in ONNX operators, with the joint log-likelihoods of Ember's {@code Likelihood}: multinomial, complement
 * and Bernoulli are linear in x ({@code MatMul} plus a per-class base), Gaussian is
 * {@code base - 0.5 * sum((x - theta)^2 / sigma)} over a {@code [N, k, d]} broadcast. Then {@code Softmax} for
 * {@code probability}, and the argmax of probability (over {@code thresholds} when set) for {@code prediction}.
 * The graph does not check that Bernoulli features are 0 or 1, as Ember does.
 */
final class BayesExporters {
    private BayesExporters() {
    }

    static void naiveBayes(NaiveBayesModel m, OnnxGraphBuilder g) {
        String type = m.get(NaiveBayes.MODEL_TYPE);
        double[] pi = m.pi();
        double[][] theta = m.theta();
        int k = pi.length;
        int d = theta[0].length;
        double[] thresholds = m.get(NaiveBayes.THRESHOLDS);
        for (double t : thresholds) {
            if (t == 0 && thresholds.length == k) {
                throw new OnnxExportException("stage '" + m.uid() + "': thresholds " + java.util.Arrays.toString(
                    thresholds) + " has a 0; the ONNX graph divides by the thresholds, so set them all above 0");
            }
        }
        String x = g.inputAsDouble(m.get(NaiveBayes.FEATURES_COL));
        String jll;
        if ("gaussian".equals(type)) {
            double[][] sigma = m.sigma();
            double[] mean = new double[k * d];
            double[] slope = new double[k * d];
            double[] base = pi.clone();
            for (int c = 0; c < k; c++) {
                for (int j = 0; j < d; j++) {
                    mean[c * d + j] = theta[c][j];
                    slope[c * d + j] = 1 / sigma[c][j];
                    base[c] -= 0.5 * Math.log(2 * Math.PI * sigma[c][j]);
                }
            }
            String dev = g.op("Sub", List.of(g.op("Unsqueeze", List.of(x, g.constantLong(new long[] {1}, 1))),
                g.constant(mean, 1, k, d)));
            String s = g.op("ReduceSum", List.of(g.op("Mul", List.of(g.op("Mul", List.of(dev, dev)),
                g.constant(slope, 1, k, d))), g.constantLong(new long[] {2}, 1)), OnnxGraphBuilder.attr("keepdims", 0));
            jll = g.op("Sub", List.of(g.constant(base, k), g.op("Mul", List.of(g.constant(new double[] {0.5}, 1), s))));
        } else {
            double[] slopeT = new double[d * k];
            double[] base = "complement".equals(type) && k > 1 ? new double[k] : pi.clone();
            for (int c = 0; c < k; c++) {
                for (int j = 0; j < d; j++) {
                    double t = theta[c][j];
                    if ("bernoulli".equals(type)) {
                        double log1m = Math.log1p(-Math.exp(t));
                        slopeT[j * k + c] = t - log1m;
                        base[c] += log1m;
                    } else {
                        slopeT[j * k + c] = t;
                    }
                }
            }
            jll = g.op("Add", List.of(g.op("MatMul", List.of(x, g.constant(slopeT, d, k))), g.constant(base, k)));
        }
        String prob = g.op("Softmax", List.of(jll), OnnxGraphBuilder.attr("axis", -1));
        String scores = thresholds.length == k ? g.op("Div", List.of(prob, g.constant(thresholds, k))) : prob;
        g.output(m.get(NaiveBayes.RAW_PREDICTION_COL), jll);
        g.output(m.get(NaiveBayes.PROBABILITY_COL), prob);
        g.output(m.get(NaiveBayes.PREDICTION_COL), LinearExporters.argmax(g, scores));
    }
}
