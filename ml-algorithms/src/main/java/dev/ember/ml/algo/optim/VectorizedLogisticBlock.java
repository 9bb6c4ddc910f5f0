package dev.ember.ml.algo.optim;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The binary logistic pass with SIMD FMA. For float blocks the margin and the gradient are accumulated in
 * float lanes over chunks of {@value #CHUNK} rows and flushed into double sums after each chunk, which bounds
 * the float rounding error while keeping the inner loops in float SIMD.
 */
final class VectorizedLogisticBlock extends LogisticBlock {
    private static final VectorSpecies<Float> FS = FloatVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Double> DS = DoubleVector.SPECIES_PREFERRED;
    private static final int CHUNK = 256;
    private static final ByteOrder ORDER = ByteOrder.nativeOrder();

    @Override
    void accumulate(ByteBuffer x, boolean isFloat, int n, int d, double[] beta, double offset, double[] y,
                    double[] w, double[] out) {
        if (isFloat) {
            accumulateFloat(x, n, d, beta, offset, y, w, out);
        } else {
            accumulateDouble(x, n, d, beta, offset, y, w, out);
        }
    }

    private static void accumulateFloat(ByteBuffer x, int n, int d, double[] beta, double offset, double[] y,
                                        double[] w, double[] out) {
        int lanes = FS.length();
        int upper = FS.loopBound(d);
        float[] betaF = new float[d];
        for (int j = 0; j < d; j++) {
            betaF[j] = (float) beta[j];
        }
        float[] g = new float[d];
        double[] loss = new double[1];
        double rSum = 0;
        double lossSum = 0;
        double wSum = 0;
        for (int start = 0; start < n; start += CHUNK) {
            int end = Math.min(n, start + CHUNK);
            for (int r = start; r < end; r++) {
                long base = (long) r * d;
                FloatVector acc = FloatVector.zero(FS);
                int j = 0;
                for (; j < upper; j += lanes) {
                    FloatVector xv = FloatVector.fromByteBuffer(FS, x, (int) ((base + j) << 2), ORDER);
                    acc = xv.fma(FloatVector.fromArray(FS, betaF, j), acc);
                }
                double m = offset + acc.reduceLanes(VectorOperators.ADD);
                for (; j < d; j++) {
                    m += betaF[j] * x.getFloat((int) ((base + j) << 2));
                }
                double wr = w == null ? 1 : w[r];
                double res = wr * lossAndResidual(m, y[r], loss);
                lossSum += wr * loss[0];
                wSum += wr;
                rSum += res;
                FloatVector rv = FloatVector.broadcast(FS, (float) res);
                j = 0;
                for (; j < upper; j += lanes) {
                    FloatVector xv = FloatVector.fromByteBuffer(FS, x, (int) ((base + j) << 2), ORDER);
                    xv.fma(rv, FloatVector.fromArray(FS, g, j)).intoArray(g, j);
                }
                for (; j < d; j++) {
                    g[j] += (float) res * x.getFloat((int) ((base + j) << 2));
                }
            }
            for (int j = 0; j < d; j++) {
                out[j] += g[j];
                g[j] = 0;
            }
        }
        out[d] += rSum;
        out[d + 1] += lossSum;
        out[d + 2] += wSum;
    }

    private static void accumulateDouble(ByteBuffer x, int n, int d, double[] beta, double offset, double[] y,
                                         double[] w, double[] out) {
        int lanes = DS.length();
        int upper = DS.loopBound(d);
        double[] loss = new double[1];
        double rSum = 0;
        double lossSum = 0;
        double wSum = 0;
        for (int r = 0; r < n; r++) {
            long base = (long) r * d;
            DoubleVector acc = DoubleVector.zero(DS);
            int j = 0;
            for (; j < upper; j += lanes) {
                DoubleVector xv = DoubleVector.fromByteBuffer(DS, x, (int) ((base + j) << 3), ORDER);
                acc = xv.fma(DoubleVector.fromArray(DS, beta, j), acc);
            }
            double m = offset + acc.reduceLanes(VectorOperators.ADD);
            for (; j < d; j++) {
                m += beta[j] * x.getDouble((int) ((base + j) << 3));
            }
            double wr = w == null ? 1 : w[r];
            double res = wr * lossAndResidual(m, y[r], loss);
            lossSum += wr * loss[0];
            wSum += wr;
            rSum += res;
            DoubleVector rv = DoubleVector.broadcast(DS, res);
            j = 0;
            for (; j < upper; j += lanes) {
                DoubleVector xv = DoubleVector.fromByteBuffer(DS, x, (int) ((base + j) << 3), ORDER);
                xv.fma(rv, DoubleVector.fromArray(DS, out, j)).intoArray(out, j);
            }
            for (; j < d; j++) {
                out[j] += res * x.getDouble((int) ((base + j) << 3));
            }
        }
        out[d] += rSum;
        out[d + 1] += lossSum;
        out[d + 2] += wSum;
    }
}
