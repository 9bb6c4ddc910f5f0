package dev.ember.ml.algo.classification;

import dev.ember.ml.algo.optim.FeatureBlock;
import dev.ember.ml.core.data.Column;
import dev.ember.ml.core.data.Partition;
import dev.ember.ml.core.data.Schema;
import dev.ember.ml.core.persist.StageProvider;
import dev.ember.ml.core.persist.StageRegistry;
import dev.ember.ml.core.runtime.KernelParams;
import dev.ember.ml.core.runtime.KernelProvider;
import dev.ember.ml.core.runtime.KernelRegistry;
import dev.ember.ml.core.runtime.MapKernel;

import java.nio.DoubleBuffer;

/** Registers the classifiers' kernels and stages. */
public final class ClassificationKernels implements KernelProvider, StageProvider {

    @Override
    public void registerKernels(KernelRegistry registry) {
        registry.registerMap(LogisticPredict.class, LogisticPredict::new);
        registry.registerMap(MarginPredict.class, MarginPredict::new);
    }

    @Override
    public void registerStages(StageRegistry registry) {
        registry.register(LogisticRegression.class, LogisticRegression::load);
        registry.register(LogisticRegressionModel.class, LogisticRegressionModel::load);
        registry.register(LinearSVC.class, LinearSVC::load);
        registry.register(LinearSVCModel.class, LinearSVCModel::load);
    }

    /** Margins, probabilities and predictions of a logistic model, one fused pass. */
    static final class LogisticPredict implements MapKernel {
        @Override
        public Partition apply(Partition input, KernelParams params, Schema outputSchema) {
            Column x = input.column(params.getString("featuresCol"));
            double[] coef = params.getDoubleArray("coefficients");
            double[] icpt = params.getDoubleArray("intercepts");
            int k = params.getInt("numClasses");
            boolean multinomial = params.getBoolean("multinomial");
            double threshold = params.getDouble("threshold");
            double[] thresholds = params.getDoubleArray("thresholds");
            int n = x.length();
            int d = x.vectorSize();
            FeatureBlock b = new FeatureBlock(x);
            Column raw = Column.allocate(outputSchema.field(params.getString("rawPredictionCol")), n);
            Column prob = Column.allocate(outputSchema.field(params.getString("probabilityCol")), n);
            Column pred = Column.allocate(outputSchema.field(params.getString("predictionCol")), n);
            DoubleBuffer rawB = raw.doubles();
            DoubleBuffer probB = prob.doubles();
            DoubleBuffer predB = pred.doubles();
            int outputs = multinomial ? k : 1;
            double[] m = new double[k];
            double[] p = new double[k];
            for (int r = 0; r < n; r++) {
                for (int c = 0; c < outputs; c++) {
                    m[c] = icpt[c] + b.dot(r, coef, c * d);
                }
                if (!multinomial) {
                    double margin = m[0];
                    m[0] = -margin;
                    m[1] = margin;
                    double p1 = margin >= 0 ? 1 / (1 + Math.exp(-margin)) : Math.exp(margin) / (1 + Math.exp(margin));
                    p[0] = 1 - p1;
                    p[1] = p1;
                } else {
                    double max = Double.NEGATIVE_INFINITY;
                    for (int c = 0; c < k; c++) {
                        max = Math.max(max, m[c]);
                    }
                    double z = 0;
                    for (int c = 0; c < k; c++) {
                        // an infinite margin (a model fitted on one class) takes all the probability
                        p[c] = m[c] == Double.POSITIVE_INFINITY ? 1 : Math.exp(m[c] - max);
                        z += p[c];
                    }
                    for (int c = 0; c < k; c++) {
                        p[c] /= z;
                    }
                }
                for (int c = 0; c < k; c++) {
                    rawB.put(r * k + c, m[c]);
                    probB.put(r * k + c, p[c]);
                }
                predB.put(r, predict(p, k, multinomial, threshold, thresholds));
            }
            return input.withColumns(java.util.List.of(raw, prob, pred));
        }

        private static double predict(double[] p, int k, boolean multinomial, double threshold, double[] thresholds) {
            if (thresholds.length == k) {
                int best = 0;
                double bestScore = Double.NEGATIVE_INFINITY;
                for (int c = 0; c < k; c++) {
                    double score = thresholds[c] == 0 ? Double.POSITIVE_INFINITY : p[c] / thresholds[c];
                    if (score > bestScore) {
                        bestScore = score;
                        best = c;
                    }
                }
                return best;
            }
            if (!multinomial) {
                return p[1] > threshold ? 1 : 0;
            }
            int best = 0;
            for (int c = 1; c < k; c++) {
                if (p[c] > p[best]) {
                    best = c;
                }
            }
            return best;
        }
    }

    /** A linear binary classifier's margin {@code m}: rawPrediction {@code [-m, m]}, prediction {@code m > t}. */
    static final class MarginPredict implements MapKernel {
        @Override
        public Partition apply(Partition input, KernelParams params, Schema outputSchema) {
            Column x = input.column(params.getString("featuresCol"));
            double[] coef = params.getDoubleArray("coefficients");
            double intercept = params.getDouble("intercept");
            double threshold = params.getDouble("threshold");
            int n = x.length();
            FeatureBlock b = new FeatureBlock(x);
            Column raw = Column.allocate(outputSchema.field(params.getString("rawPredictionCol")), n);
            Column pred = Column.allocate(outputSchema.field(params.getString("predictionCol")), n);
            DoubleBuffer rawB = raw.doubles();
            DoubleBuffer predB = pred.doubles();
            for (int r = 0; r < n; r++) {
                double m = intercept + b.dot(r, coef, 0);
                rawB.put(2 * r, -m);
                rawB.put(2 * r + 1, m);
                predB.put(r, m > threshold ? 1 : 0);
            }
            return input.withColumns(java.util.List.of(raw, pred));
        }
    }
}
