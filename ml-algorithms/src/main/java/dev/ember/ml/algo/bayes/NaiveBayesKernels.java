package dev.ember.ml.algo.bayes;

import dev.ember.ml.algo.optim.FeatureBlock;
import dev.ember.ml.core.InvalidArgumentException;
import dev.ember.ml.core.data.Column;
import dev.ember.ml.core.data.Partition;
import dev.ember.ml.core.data.Schema;
import dev.ember.ml.core.persist.StageProvider;
import dev.ember.ml.core.persist.StageRegistry;
import dev.ember.ml.core.runtime.AggregateKernel;
import dev.ember.ml.core.runtime.KernelArgs;
import dev.ember.ml.core.runtime.KernelParams;
import dev.ember.ml.core.runtime.KernelProvider;
import dev.ember.ml.core.runtime.KernelRegistry;
import dev.ember.ml.core.runtime.MapKernel;
import dev.ember.ml.core.runtime.ValueCodec;
import dev.ember.ml.core.runtime.ValueCodecs;

import java.nio.DoubleBuffer;
import java.util.Arrays;
import java.util.List;

/**
 * The naive Bayes kernels and stage registration: {@link ClassStats}, the one training pass, and {@link Predict}.
 */
public final class NaiveBayesKernels implements KernelProvider, StageProvider {

    @Override
    public void registerKernels(KernelRegistry registry) {
        registry.registerAggregate(ClassStats.class, ClassStats::new);
        registry.registerMap(Predict.class, Predict::new);
    }

    @Override
    public void registerStages(StageRegistry registry) {
        registry.register(NaiveBayes.class, NaiveBayes::load);
        registry.register(NaiveBayesModel.class, NaiveBayesModel.FORMAT_VERSION, NaiveBayesModel::load);
    }

    /**
     * What the training pass reads.
     *
     * @param featuresCol the vector column
     * @param labelCol the class index column
     * @param weightCol the weight column, empty for none
     * @param modelType the model type, which decides the feature check and whether variances are gathered
     */
    record StatsArgs(String featuresCol, String labelCol, String weightCol, String modelType) {
        static final KernelArgs<StatsArgs> CODEC = KernelArgs.of(
            a -> KernelParams.builder().put("featuresCol", a.featuresCol()).put("labelCol", a.labelCol())
                .put("weightCol", a.weightCol()).put("modelType", a.modelType()).build(),
            k -> new StatsArgs(k.getString("featuresCol"), k.getString("labelCol"), k.getString("weightCol"),
                k.getString("modelType")));

        KernelParams toParams() {
            return CODEC.encode(this);
        }
    }

    /**
     * What prediction reads.
     *
     * @param featuresCol the vector column
     * @param rawPredictionCol the joint log-likelihoods (vector)
     * @param probabilityCol the posterior probabilities (vector)
     * @param predictionCol the predicted class (double)
     * @param modelType the model type
     * @param pi log priors, one per class
     * @param theta per class and feature (row-major), see {@link NaiveBayesModel#theta()}
     * @param sigma Gaussian variances per class and feature (row-major; empty for the other types)
     * @param thresholds per-class thresholds (empty: none)
     */
    record PredictArgs(String featuresCol, String rawPredictionCol, String probabilityCol, String predictionCol,
                       String modelType, double[] pi, double[] theta, double[] sigma, double[] thresholds) {
        static final KernelArgs<PredictArgs> CODEC = KernelArgs.of(
            a -> KernelParams.builder().put("featuresCol", a.featuresCol())
                .put("rawPredictionCol", a.rawPredictionCol()).put("probabilityCol", a.probabilityCol())
                .put("predictionCol", a.predictionCol()).put("modelType", a.modelType()).put("pi", a.pi())
                .put("theta", a.theta()).put("sigma", a.sigma()).put("thresholds", a.thresholds()).build(),
            k -> new PredictArgs(k.getString("featuresCol"), k.getString("rawPredictionCol"),
                k.getString("probabilityCol"), k.getString("predictionCol"), k.getString("modelType"),
                k.getDoubleArray("pi"), k.getDoubleArray("theta"), k.getDoubleArray("sigma"),
                k.getDoubleArray("thresholds")));

        KernelParams toParams() {
            return CODEC.encode(this);
        }
    }

    /** Header slots of a {@link ClassStats} result: width d, classes K. */
    static final int HEADER = 2;

    /** @param d the width @return the slots per class: weight, rows, sums (d), centered squares (d) */
    static int slot(int d) {
        return 2 + 2 * d;
    }

    /**
     * Per class {@code c} (the label's integer value): the weight {@code W_c}, the row count, the weighted sums
     * {@code S_c = sum w x} and, for the Gaussian model, the weighted centered squares
     * {@code M2_c = sum w (x - S_c / W_c)^2}, each partition two passes over its block (no cancellation) and
     * partitions merged with Chan, Golub and LeVeque's pairwise update. Layout {@code [d, K, per class (W, n, S,
     * M2)]}; the empty array is the neutral element, and K grows with the largest label seen.
     */
    static final class ClassStats implements AggregateKernel<double[]> {
        @Override
        public double[] zero(KernelParams params) {
            return new double[0];
        }

        @Override
        public double[] seqOp(double[] acc, Partition partition, KernelParams params) {
            StatsArgs a = StatsArgs.CODEC.decode(params);
            Column xc = partition.column(a.featuresCol());
            if (xc.nullCount() > 0) {
                throw new InvalidArgumentException("column '" + a.featuresCol() + "', "
                    + partition.where(xc.nulls().nextSetBit(0)) + ": found null, expected a vector");
            }
            FeatureBlock x = new FeatureBlock(xc);
            int n = x.rows();
            int d = x.width();
            int s = slot(d);
            int[] label = labels(partition, a.labelCol());
            double[] w = weights(partition, a.weightCol(), n);
            int k = 0;
            for (int r = 0; r < n; r++) {
                k = Math.max(k, label[r] + 1);
            }
            double[] out = new double[HEADER + k * s];
            out[0] = d;
            out[1] = k;
            boolean gaussian = "gaussian".equals(a.modelType());
            for (int r = 0; r < n; r++) {
                int at = HEADER + label[r] * s;
                out[at] += w[r];
                out[at + 1] += 1;
                for (int j = 0; j < d; j++) {
                    double v = x.get(r, j);
                    check(a, partition, r, j, v);
                    out[at + 2 + j] += w[r] * v;
                }
            }
            if (gaussian) {
                for (int r = 0; r < n; r++) {
                    int at = HEADER + label[r] * s;
                    double wc = out[at];
                    if (wc == 0) {
                        continue;
                    }
                    for (int j = 0; j < d; j++) {
                        double dev = x.get(r, j) - out[at + 2 + j] / wc;
                        out[at + 2 + d + j] += w[r] * dev * dev;
                    }
                }
            }
            return combOp(acc, out);
        }

        private static void check(StatsArgs a, Partition p, int r, int j, double v) {
            String type = a.modelType();
            boolean ok = switch (type) {
                case "bernoulli" -> v == 0 || v == 1;
                case "gaussian" -> Double.isFinite(v);
                default -> v >= 0 && Double.isFinite(v);
            };
            if (!ok) {
                String expected = switch (type) {
                    case "bernoulli" -> "0 or 1 (the bernoulli model)";
                    case "gaussian" -> "a finite number";
                    default -> "a finite number >= 0 (the " + type + " model)";
                };
                throw new InvalidArgumentException("column '" + a.featuresCol() + "', " + p.where(r) + ": found " + v
                    + " at element " + j + ", expected " + expected);
            }
        }

        private static int[] labels(Partition p, String name) {
            Column c = p.column(name);
            int[] out = new int[c.length()];
            for (int r = 0; r < out.length; r++) {
                double v = c.isNull(r) ? Double.NaN : c.getDouble(r);
                if (!(v >= 0) || v != Math.rint(v) || v > 65_535) {
                    throw new InvalidArgumentException("label column '" + name + "', " + p.where(r) + ": found "
                        + (c.isNull(r) ? "null" : v)
                        + ", expected a class index 0, 1, 2, ... (at most 65535)");
                }
                out[r] = (int) v;
            }
            return out;
        }

        private static double[] weights(Partition p, String name, int n) {
            double[] out = new double[n];
            if (name.isEmpty()) {
                Arrays.fill(out, 1);
                return out;
            }
            Column c = p.column(name);
            for (int r = 0; r < n; r++) {
                out[r] = c.isNull(r) ? Double.NaN : c.getDouble(r);
                if (!(out[r] >= 0) || !Double.isFinite(out[r])) {
                    throw new InvalidArgumentException("weight column '" + name + "', " + p.where(r) + ": found "
                        + (c.isNull(r) ? "null" : out[r])
                        + ", expected a finite number >= 0");
                }
            }
            return out;
        }

        @Override
        public double[] combOp(double[] left, double[] right) {
            if (left.length == 0) {
                return right;
            }
            if (right.length == 0) {
                return left;
            }
            if (left[0] != right[0]) {
                throw new InvalidArgumentException("naive Bayes statistics: found width " + right[0] + ", expected "
                    + left[0]);
            }
            int d = (int) left[0];
            int s = slot(d);
            int k = (int) Math.max(left[1], right[1]);
            double[] out = left.length >= right.length ? left : Arrays.copyOf(left, right.length);
            out[1] = k;
            for (int c = 0; c < (int) right[1]; c++) {
                int at = HEADER + c * s;
                double wa = out[at];
                double wb = right[at];
                double wn = wa + wb;
                if (wb == 0 && right[at + 1] == 0) {
                    continue;
                }
                for (int j = 0; j < d; j++) {
                    double sa = out[at + 2 + j];
                    double sb = right[at + 2 + j];
                    if (wa > 0 && wb > 0) {
                        double delta = sb / wb - sa / wa;
                        out[at + 2 + d + j] += right[at + 2 + d + j] + delta * delta * wa * wb / wn;
                    } else {
                        out[at + 2 + d + j] += right[at + 2 + d + j];
                    }
                    out[at + 2 + j] = sa + sb;
                }
                out[at] = wn;
                out[at + 1] += right[at + 1];
            }
            return out;
        }

        @Override
        public ValueCodec<double[]> codec() {
            return ValueCodecs.DOUBLE_ARRAY;
        }
    }

    /**
     * Joint log-likelihoods, posterior probabilities (softmax, max-shifted) and the predicted class in one fused
     * pass; see {@link NaiveBayesModel} for each model type's likelihood.
     */
    static final class Predict implements MapKernel {
        @Override
        public Partition apply(Partition input, KernelParams params, Schema outputSchema) {
            PredictArgs a = PredictArgs.CODEC.decode(params);
            Column xc = input.column(a.featuresCol());
            FeatureBlock x = new FeatureBlock(xc);
            int n = x.rows();
            int d = x.width();
            int k = a.pi().length;
            Likelihood like = new Likelihood(a.modelType(), a.pi(), a.theta(), a.sigma(), d);
            Column raw = Column.allocate(outputSchema.field(a.rawPredictionCol()), n);
            Column prob = Column.allocate(outputSchema.field(a.probabilityCol()), n);
            Column pred = Column.allocate(outputSchema.field(a.predictionCol()), n);
            DoubleBuffer rawB = raw.doubles();
            DoubleBuffer probB = prob.doubles();
            DoubleBuffer predB = pred.doubles();
            double[] row = new double[d];
            double[] jll = new double[k];
            double[] p = new double[k];
            for (int r = 0; r < n; r++) {
                if (xc.isNull(r)) {
                    throw new InvalidArgumentException("column '" + a.featuresCol() + "', partition "
                        + input.index() + ", row " + r + ": found null, expected a vector");
                }
                x.copyRow(r, row);
                like.jointLogLikelihood(row, jll);
                softmax(jll, p);
                for (int c = 0; c < k; c++) {
                    rawB.put(r * k + c, jll[c]);
                    probB.put(r * k + c, p[c]);
                }
                predB.put(r, predict(p, a.thresholds()));
            }
            return input.withColumns(List.of(raw, prob, pred));
        }

        static void softmax(double[] jll, double[] p) {
            double max = Double.NEGATIVE_INFINITY;
            for (double v : jll) {
                max = Math.max(max, v);
            }
            double z = 0;
            for (int c = 0; c < jll.length; c++) {
                p[c] = Math.exp(jll[c] - max);
                z += p[c];
            }
            for (int c = 0; c < jll.length; c++) {
                p[c] /= z;
            }
        }

        static double predict(double[] p, double[] thresholds) {
            int best = 0;
            double bestScore = Double.NEGATIVE_INFINITY;
            for (int c = 0; c < p.length; c++) {
                double score = thresholds.length == p.length
                    ? (thresholds[c] == 0 ? Double.POSITIVE_INFINITY : p[c] / thresholds[c]) : p[c];
                if (score > bestScore) {
                    bestScore = score;
                    best = c;
                }
            }
            return best;
        }
    }
}
