package dev.ember.ml.algo.optim;

import dev.ember.ml.core.data.Column;
import dev.ember.ml.core.data.Partition;
import dev.ember.ml.core.runtime.AggregateKernel;
import dev.ember.ml.core.runtime.KernelParams;
import dev.ember.ml.core.runtime.KernelProvider;
import dev.ember.ml.core.runtime.KernelRegistry;
import dev.ember.ml.core.runtime.ValueCodec;
import dev.ember.ml.core.runtime.ValueCodecs;

/**
 * The Hessian pass of the smooth loss of a linear model, for {@link ProximalNewton}: one tree-aggregate over the
 * feature blocks, in the optimizer's (standardized) variables {@code [W~ (K x d), b~ (K)]} of
 * {@link LinearObjective}. With {@code z_j = (x_j - mu_j) / sigma_j} (or {@code x_j / sigma_j} without an
 * intercept, 0 for a constant feature) and {@code z~ = [z, 1]}, a row adds {@code w A (z~ z~^T)}, where
 * {@code A} is {@code 1} for the squared loss (the label's scale cancels), {@code p (1 - p)} for the binary
 * logistic loss and {@code diag(p) - p p^T} (K x K) for the softmax. Everything is summed in double.
 *
 * <p>Kernel params: {@code featuresCol}, optional {@code weightCol}, {@code coef} (the effective coefficients
 * {@code [beta (K x d), offsets (K)]}), {@code scale} ({@code [mu (d), 1/sigma (d)]}), {@code loss} (0 squared,
 * 1 binary logistic, 2 softmax), {@code k} and {@code intercept}. Result: the {@code n x n} matrix row-major,
 * {@code n = K d (+ K)}, then the weight sum. Only the blocks of class pairs {@code (c, c2)} with {@code c <= c2}
 * are filled, and within a diagonal block ({@code c = c2}) only its upper triangle by variable index;
 * {@link LinearObjective#hessian} mirrors the rest.
 */
public final class HessianKernels implements KernelProvider {
    /** Loss code of the squared loss. */
    static final int SQUARED = 0;
    /** Loss code of the binary logistic loss. */
    static final int BINARY_LOGISTIC = 1;
    /** Loss code of the softmax loss. */
    static final int SOFTMAX = 2;

    @Override
    public void registerKernels(KernelRegistry registry) {
        registry.registerAggregate(Hessian.class, Hessian::new);
    }

    /** The Hessian aggregator; see the class comment. */
    static final class Hessian implements AggregateKernel<double[]> {
        @Override
        public double[] zero(KernelParams params) {
            return new double[0];   // empty until a partition gives the width
        }

        @Override
        public double[] seqOp(double[] acc, Partition partition, KernelParams params) {
            HessianArgs args = HessianArgs.CODEC.decode(params);
            Column x = partition.column(args.featuresCol());
            Column wc = args.weightCol() != null ? partition.column(args.weightCol()) : null;
            double[] coef = args.coef();
            double[] scale = args.scale();
            int loss = args.loss();
            int k = args.k();
            boolean intercept = args.intercept();
            int d = x.vectorSize();
            int p = d + (intercept ? 1 : 0);
            int n = k * d + (intercept ? k : 0);
            double[] out = acc != null && acc.length > 0 ? acc : new double[n * n + 1];
            FeatureBlock b = new FeatureBlock(x);
            double[] z = new double[p];
            double[] m = new double[k];
            double[] a = new double[k * k];
            for (int r = 0; r < x.length(); r++) {
                double wr = wc == null ? 1 : wc.getDouble(r);
                if (!(wr > 0)) {
                    continue;
                }
                out[n * n] += wr;
                for (int j = 0; j < d; j++) {
                    z[j] = (b.get(r, j) - (intercept ? scale[j] : 0)) * scale[d + j];
                }
                if (intercept) {
                    z[d] = 1;
                }
                curvature(b, r, d, k, coef, loss, m, a);
                if (k == 1) {
                    // one output: variables are [W~ (d), b~], so z~ indexes them directly; a contiguous,
                    // auto-vectorized rank-one update of the upper triangle
                    double s0 = wr * a[0];
                    for (int j = 0; j < p; j++) {
                        double s = s0 * z[j];
                        int row = j * n;
                        for (int j2 = j; j2 < p; j2++) {
                            out[row + j2] += s * z[j2];
                        }
                    }
                    continue;
                }
                for (int c = 0; c < k; c++) {
                    for (int c2 = c; c2 < k; c2++) {
                        double acc2 = wr * a[c * k + c2];
                        if (acc2 == 0) {
                            continue;
                        }
                        for (int j = 0; j < p; j++) {
                            double s = acc2 * z[j];
                            if (s == 0) {
                                continue;
                            }
                            int row = index(c, j, d, k) * n;
                            // within a class's own block the matrix is symmetric: its upper triangle only
                            for (int j2 = c2 == c ? j : 0; j2 < p; j2++) {
                                out[row + index(c2, j2, d, k)] += s * z[j2];
                            }
                        }
                    }
                }
            }
            return out;
        }

        /** Fills {@code a} (K x K, upper triangle used) with the loss's curvature in the margins of row r. */
        private static void curvature(FeatureBlock b, int r, int d, int k, double[] coef, int loss, double[] m,
                                      double[] a) {
            if (loss == SQUARED) {
                a[0] = 1;
                return;
            }
            double max = Double.NEGATIVE_INFINITY;
            for (int c = 0; c < k; c++) {
                m[c] = b.dot(r, coef, c * d) + coef[k * d + c];
                max = Math.max(max, m[c]);
            }
            if (loss == BINARY_LOGISTIC) {
                double e = Math.exp(-Math.abs(m[0]));
                double sigmoid = m[0] >= 0 ? 1 / (1 + e) : e / (1 + e);
                a[0] = sigmoid * (1 - sigmoid);
                return;
            }
            double zsum = 0;
            for (int c = 0; c < k; c++) {
                m[c] = Math.exp(m[c] - max);
                zsum += m[c];
            }
            for (int c = 0; c < k; c++) {
                m[c] /= zsum;
            }
            for (int c = 0; c < k; c++) {
                for (int c2 = c; c2 < k; c2++) {
                    a[c * k + c2] = (c == c2 ? m[c] : 0) - m[c] * m[c2];
                }
            }
        }

        /** The variable index of class c's column j (j = d: the intercept). */
        private static int index(int c, int j, int d, int k) {
            return j < d ? c * d + j : k * d + c;
        }

        @Override
        public double[] combOp(double[] left, double[] right) {
            if (left == null || left.length == 0) {
                return right;
            }
            if (right == null || right.length == 0) {
                return left;
            }
            for (int i = 0; i < left.length; i++) {
                left[i] += right[i];
            }
            return left;
        }

        @Override
        public ValueCodec<double[]> codec() {
            return ValueCodecs.DOUBLE_ARRAY;
        }
    }
}
