package dev.ember.ml.algo.clustering;

import dev.ember.ml.core.InvalidArgumentException;
import dev.ember.ml.core.data.Column;
import dev.ember.ml.core.data.Partition;
import dev.ember.ml.core.data.Schema;
import dev.ember.ml.core.runtime.KernelArgs;
import dev.ember.ml.core.runtime.KernelParams;
import dev.ember.ml.core.runtime.MapKernel;
import dev.ember.ml.core.runtime.SumKernel;

import java.nio.DoubleBuffer;
import java.nio.IntBuffer;
import java.util.List;

/** The passes of {@link GaussianMixture}: {@link EStep} (one per EM iteration) and {@link Predict}. */
final class GmmKernels {
    private GmmKernels() {
    }

    /**
     * The mixture as the passes read it.
     *
     * @param featuresCol the vector column
     * @param weightCol the weight column, empty for none
     * @param logWeights per component
     * @param means flat k x d
     * @param chol lower Cholesky factors of the covariances, flat k x d x d
     * @param logDet per component
     */
    record Args(String featuresCol, String weightCol, double[] logWeights, double[] means, double[] chol,
                double[] logDet) {
        static final KernelArgs<Args> CODEC = KernelArgs.of(
            a -> KernelParams.builder().put("featuresCol", a.featuresCol()).put("weightCol", a.weightCol())
                .put("logWeights", a.logWeights()).put("means", a.means()).put("chol", a.chol())
                .put("logDet", a.logDet()).build(),
            k -> new Args(k.getString("featuresCol"), k.getString("weightCol"), k.getDoubleArray("logWeights"),
                k.getDoubleArray("means"), k.getDoubleArray("chol"), k.getDoubleArray("logDet")));

        static Args of(String featuresCol, String weightCol, Gaussians g) {
            return new Args(featuresCol, weightCol, g.logWeights, g.means, g.chol, g.logDet);
        }

        Gaussians gaussians() {
            return new Gaussians(logWeights, means, chol, logDet);
        }

        KernelParams toParams() {
            return CODEC.encode(this);
        }
    }

    /** @param d the width @return the slots per component: weight, sums (d), packed upper triangle of squares */
    static int slot(int d) {
        return 1 + d + d * (d + 1) / 2;
    }

    /**
     * One E-step: {@code [sum w log p(x), sum w, then per component (R_c = sum w r_c, sum w r_c (x - mu_c) (d),
     * sum w r_c (x - mu_c)(x - mu_c)' (packed upper triangle))]}, the moments taken around the current means so
     * that the M-step's covariance does not cancel.
     */
    static final class EStep extends SumKernel {
        EStep() {
            super("Gaussian mixture sums");
        }

        @Override
        public double[] seqOp(double[] acc, Partition partition, KernelParams params) {
            Args a = Args.CODEC.decode(params);
            Gaussians g = a.gaussians();
            ClusterRows rows = new ClusterRows(partition, a.featuresCol(), a.weightCol(), false);
            int d = rows.width;
            int k = g.k;
            if (d != g.d) {
                throw new InvalidArgumentException("column '" + a.featuresCol() + "', partition " + partition.index()
                    + ": found width " + d + ", expected " + g.d);
            }
            int s = slot(d);
            double[] out = new double[2 + k * s];
            double[] x = new double[d];
            double[] z = new double[d];
            double[] r = new double[k];
            double[] dev = new double[d];
            for (int row = 0; row < rows.rows; row++) {
                rows.read(row, x, true);
                double w = rows.weight(row);
                g.logJoint(x, z, r);
                double ll = Gaussians.normalize(r);
                out[0] += w * ll;
                out[1] += w;
                for (int c = 0; c < k; c++) {
                    double wr = w * r[c];
                    if (wr == 0) {
                        continue;
                    }
                    int at = 2 + c * s;
                    out[at] += wr;
                    for (int i = 0; i < d; i++) {
                        dev[i] = x[i] - g.means[c * d + i];
                        out[at + 1 + i] += wr * dev[i];
                    }
                    int q = at + 1 + d;
                    for (int i = 0; i < d; i++) {
                        double wi = wr * dev[i];
                        for (int j = i; j < d; j++) {
                            out[q++] += wi * dev[j];
                        }
                    }
                }
            }
            return combOp(acc, out);
        }
    }

    /**
     * What prediction writes.
     *
     * @param mixture the mixture
     * @param probabilityCol the posterior probabilities (vector)
     * @param predictionCol the most probable component (int)
     */
    record PredictArgs(Args mixture, String probabilityCol, String predictionCol) {
        static final KernelArgs<PredictArgs> CODEC = KernelArgs.of(
            a -> KernelParams.builder().put("featuresCol", a.mixture().featuresCol())
                .put("weightCol", a.mixture().weightCol()).put("logWeights", a.mixture().logWeights())
                .put("means", a.mixture().means()).put("chol", a.mixture().chol())
                .put("logDet", a.mixture().logDet()).put("probabilityCol", a.probabilityCol())
                .put("predictionCol", a.predictionCol()).build(),
            k -> new PredictArgs(Args.CODEC.decode(k), k.getString("probabilityCol"), k.getString("predictionCol")));

        KernelParams toParams() {
            return CODEC.encode(this);
        }
    }

    /** Posterior probabilities and the most probable component, one fused pass. */
    static final class Predict implements MapKernel {
        @Override
        public Partition apply(Partition input, KernelParams params, Schema outputSchema) {
            PredictArgs a = PredictArgs.CODEC.decode(params);
            Gaussians g = a.mixture().gaussians();
            ClusterRows rows = new ClusterRows(input, a.mixture().featuresCol(), "", false);
            int n = rows.rows;
            int k = g.k;
            Column prob = Column.allocate(outputSchema.field(a.probabilityCol()), n);
            Column pred = Column.allocate(outputSchema.field(a.predictionCol()), n);
            DoubleBuffer pb = prob.doubles();
            IntBuffer cb = pred.ints();
            double[] x = new double[rows.width];
            double[] z = new double[rows.width];
            double[] r = new double[k];
            for (int row = 0; row < n; row++) {
                rows.read(row, x, true);
                g.logJoint(x, z, r);
                Gaussians.normalize(r);
                int best = 0;
                for (int c = 0; c < k; c++) {
                    pb.put(row * k + c, r[c]);
                    best = r[c] > r[best] ? c : best;
                }
                cb.put(row, best);
            }
            return input.withColumns(List.of(prob, pred));
        }
    }
}
