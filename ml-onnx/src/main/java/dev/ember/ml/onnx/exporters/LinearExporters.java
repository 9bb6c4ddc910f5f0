package dev.ember.ml.onnx.exporters;

import dev.ember.ml.algo.classification.LinearSVC;
import dev.ember.ml.algo.classification.LinearSVCModel;
import dev.ember.ml.algo.classification.LogisticRegression;
import dev.ember.ml.algo.classification.LogisticRegressionModel;
import dev.ember.ml.algo.regression.LinearRegression;
import dev.ember.ml.algo.regression.LinearRegressionModel;
import dev.ember.ml.onnx.OnnxExportException;
import dev.ember.ml.onnx.OnnxGraphBuilder;
import dev.ember.ml.onnx.proto.OnnxMl.TensorProto;

import java.util.List;

/**
 * The linear models in ONNX operators: margins by {@code MatMul} with the coefficients (d x 1 or d x k) plus the
 * intercepts, in double. Logistic regression adds {@code rawPrediction} ({@code [-m, m]} for a binomial model),
 * {@code probability} ({@code Sigmoid}, or {@code Softmax} for a multinomial model) and {@code prediction}
 * (probability above {@code threshold}, or the argmax of probability over {@code thresholds}); the linear SVM
 * adds {@code rawPrediction} and {@code prediction} (margin above {@code threshold}).
 */
final class LinearExporters {
    private LinearExporters() {
    }

    static void linearRegression(LinearRegressionModel m, OnnxGraphBuilder g) {
        String margin = margin(g, m.get(LinearRegression.FEATURES_COL), m.coefficients(), m.intercept());
        g.output(m.get(LinearRegression.PREDICTION_COL), margin);
    }

    static void linearSvc(LinearSVCModel m, OnnxGraphBuilder g) {
        String margin = margin(g, m.get(LinearSVC.FEATURES_COL), m.coefficients(), m.intercept());
        g.output(m.get(LinearSVC.RAW_PREDICTION_COL), negPos(g, margin));
        g.output(m.get(LinearSVC.PREDICTION_COL), above(g, margin, m.get(LinearSVC.THRESHOLD)));
    }

    static void logisticRegression(LogisticRegressionModel m, OnnxGraphBuilder g) {
        String features = m.get(LogisticRegression.FEATURES_COL);
        double[] thresholds = m.get(LogisticRegression.THRESHOLDS);
        int k = m.numClasses();
        for (double t : thresholds) {
            if (t == 0 && thresholds.length == k) {
                throw new OnnxExportException("stage '" + m.uid() + "': thresholds " + java.util.Arrays.toString(
                    thresholds) + " has a 0, which Ember reads as 'always this class'; the ONNX graph divides by"
                    + " the thresholds, so set them all above 0 before exporting");
            }
        }
        String raw;
        String prob;
        if (!m.isMultinomial()) {
            String margin = margin(g, features, m.coefficients(), m.intercept());
            raw = negPos(g, margin);
            String p1 = g.asColumn(g.op("Sigmoid", List.of(margin)));
            String p0 = g.op("Sub", List.of(g.constant(new double[] {1}, 1), p1));
            prob = g.op("Concat", List.of(p0, p1), OnnxGraphBuilder.attr("axis", 1));
        } else {
            double[][] coef = m.coefficientMatrix();
            int d = coef[0].length;
            double[] t = new double[d * k];
            for (int c = 0; c < k; c++) {
                for (int j = 0; j < d; j++) {
                    t[j * k + c] = coef[c][j];
                }
            }
            String x = g.inputAsDouble(features);
            raw = g.op("Add", List.of(g.op("MatMul", List.of(x, g.constant(t, d, k))),
                g.constant(m.intercepts(), k)));
            prob = g.op("Softmax", List.of(raw), OnnxGraphBuilder.attr("axis", -1));
        }
        String prediction;
        if (thresholds.length == k) {
            prediction = argmax(g, g.op("Div", List.of(prob, g.constant(thresholds, k))));
        } else if (!m.isMultinomial()) {
            String p1 = g.flatten(g.op("Slice", List.of(prob, g.constantLong(new long[] {1}, 1),
                g.constantLong(new long[] {2}, 1), g.constantLong(new long[] {1}, 1))));
            prediction = above(g, p1, m.get(LogisticRegression.THRESHOLD));
        } else {
            prediction = argmax(g, prob);
        }
        g.output(m.get(LogisticRegression.RAW_PREDICTION_COL), raw);
        g.output(m.get(LogisticRegression.PROBABILITY_COL), prob);
        g.output(m.get(LogisticRegression.PREDICTION_COL), prediction);
    }

    /** @return {@code intercept + x . coefficients}, shape {@code [N]} */
    static String margin(OnnxGraphBuilder g, String featuresCol, double[] coefficients, double intercept) {
        String x = g.inputAsDouble(featuresCol);
        String dot = g.op("MatMul", List.of(x, g.constant(coefficients, coefficients.length)));
        return g.op("Add", List.of(dot, g.constant(new double[] {intercept}, 1)));
    }

    /** @return {@code [-m, m]}, shape {@code [N, 2]} */
    static String negPos(OnnxGraphBuilder g, String margin) {
        String pos = g.asColumn(margin);
        return g.op("Concat", List.of(g.op("Neg", List.of(pos)), pos), OnnxGraphBuilder.attr("axis", 1));
    }

    /** @return 1.0 where {@code v > threshold}, else 0.0 */
    static String above(OnnxGraphBuilder g, String v, double threshold) {
        return g.cast(g.op("Greater", List.of(v, g.constant(new double[] {threshold}, 1))),
            TensorProto.DataType.DOUBLE);
    }

    /** @return the index of the first largest value of each row, as a double {@code [N]} */
    static String argmax(OnnxGraphBuilder g, String scores) {
        return g.cast(g.op("ArgMax", List.of(scores), OnnxGraphBuilder.attr("axis", 1),
            OnnxGraphBuilder.attr("keepdims", 0)), TensorProto.DataType.DOUBLE);
    }
}
