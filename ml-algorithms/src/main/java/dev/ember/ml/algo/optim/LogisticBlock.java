package dev.ember.ml.algo.optim;

import java.nio.ByteBuffer;

/**
 * The fused binary logistic pass over one partition's n x d feature block: for each row the margin
 * {@code m = x . beta + c}, the loss {@code log(1 + e^m) - y m} and the residual {@code r = sigmoid(m) - y}, and
 * the sums {@code G += w r x}, {@code R += w r}, {@code loss += w loss}. One read of the block per evaluation,
 * straight from off-heap memory.
 *
 * <p>Two implementations: {@link VectorizedLogisticBlock} with the Java Vector API (FMA over SIMD lanes) when
 * the JVM runs with {@code --add-modules jdk.incubator.vector}, and a scalar one otherwise.
 */
abstract class LogisticBlock {
    private static final LogisticBlock INSTANCE = VectorSupport.AVAILABLE ? new VectorizedLogisticBlock()
        : new ScalarLogisticBlock();

    static LogisticBlock get() {
        return INSTANCE;
    }

    /**
     * @param x the block, row-major, native order
     * @param isFloat float32 elements (else float64)
     * @param n rows
     * @param d columns
     * @param beta effective coefficients (original feature space)
     * @param offset the margin's constant term
     * @param y labels (0 or 1)
     * @param w weights, or null for 1
     * @param out {@code [G_0 .. G_{d-1}, R, lossSum, weightSum]}, accumulated into
     */
    abstract void accumulate(ByteBuffer x, boolean isFloat, int n, int d, double[] beta, double offset, double[] y,
                             double[] w, double[] out);

    /**
     * Loss and residual of one row: {@code log(1 + e^m) - y m} and {@code sigmoid(m) - y}, with one exponential,
     * stable for any margin.
     *
     * @param m the margin
     * @param y the label
     * @param lossOut where to put the loss ({@code lossOut[0]})
     * @return the residual
     */
    static double lossAndResidual(double m, double y, double[] lossOut) {
        double e = Math.exp(-Math.abs(m));
        lossOut[0] = Math.max(m, 0) - y * m + Math.log(1 + e);
        double sigmoid = m >= 0 ? 1 / (1 + e) : e / (1 + e);
        return sigmoid - y;
    }

    /** Plain loops, for JVMs without the Vector API. */
    static final class ScalarLogisticBlock extends LogisticBlock {
        @Override
        void accumulate(ByteBuffer x, boolean isFloat, int n, int d, double[] beta, double offset, double[] y,
                        double[] w, double[] out) {
            double[] loss = new double[1];
            double rSum = 0;
            double lossSum = 0;
            double wSum = 0;
            for (int r = 0; r < n; r++) {
                int base = r * d;
                double m = offset;
                for (int j = 0; j < d; j++) {
                    m += beta[j] * (isFloat ? x.getFloat((base + j) << 2) : x.getDouble((base + j) << 3));
                }
                double wr = w == null ? 1 : w[r];
                double res = wr * lossAndResidual(m, y[r], loss);
                lossSum += wr * loss[0];
                wSum += wr;
                rSum += res;
                for (int j = 0; j < d; j++) {
                    out[j] += res * (isFloat ? x.getFloat((base + j) << 2) : x.getDouble((base + j) << 3));
                }
            }
            out[d] += rSum;
            out[d + 1] += lossSum;
            out[d + 2] += wSum;
        }
    }
}
