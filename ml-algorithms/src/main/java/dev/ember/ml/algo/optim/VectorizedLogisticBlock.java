package dev.ember.ml.algo.optim;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The binary logistic pass with SIMD. Float blocks are processed in chunks of {@value #CHUNK} rows: (1) one SIMD
 * dot product per row gives the margins; (2) loss and residuals are computed eight rows at a time with the
 * vectorized {@code exp} and {@code log}; (3) the gradient is accumulated per block of columns over the chunk's
 * rows in a register (the chunk is still in cache), and flushed into double sums after each chunk, which bounds
 * the float rounding error while the inner loops stay in float SIMD.
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
        double[] margin = new double[CHUNK];
        double[] res = new double[CHUNK];
        float[] resF = new float[CHUNK];
        float[] lanesOut = new float[lanes];
        double[] ones = new double[CHUNK];
        java.util.Arrays.fill(ones, 1);
        double lossSum = 0;
        double rSum = 0;
        double wSum = 0;
        for (int start = 0; start < n; start += CHUNK) {
            int rows = Math.min(CHUNK, n - start);
            // 1. margins, one SIMD dot product per row
            for (int r = 0; r < rows; r++) {
                int base = (start + r) * d;
                FloatVector acc = FloatVector.zero(FS);
                int j = 0;
                for (; j < upper; j += lanes) {
                    acc = FloatVector.fromByteBuffer(FS, x, (base + j) << 2, ORDER)
                        .fma(FloatVector.fromArray(FS, betaF, j), acc);
                }
                double m = offset + Lanes.sum(acc);
                for (; j < d; j++) {
                    m += betaF[j] * x.getFloat((base + j) << 2);
                }
                margin[r] = m;
            }
            // 2. loss and residuals, SIMD across rows (vectorized exp and log)
            double[] weights = w == null ? ones : w;
            int wOff = w == null ? 0 : start;
            double[] sums = LOSS.apply(margin, y, start, weights, wOff, rows, res);
            lossSum += sums[0];
            rSum += sums[1];
            wSum += sums[2];
            for (int r = 0; r < rows; r++) {
                resF[r] = (float) res[r];
            }
            // 3. gradient: over the chunk's rows, accumulated in registers
            if (d > 2 * lanes && d <= 4 * lanes) {
                sweepGradient(x, n, d, start, rows, res, resF, out);
            } else {
                blockGradient(x, d, upper, start, rows, res, resF, lanesOut, out);
            }
        }
        out[d] += rSum;
        out[d + 1] += lossSum;
        out[d + 2] += wSum;
    }

    /**
     * The gradient of a chunk for widths of 33 to 64 floats: one sweep down the rows with four independent
     * accumulators, one per 16-lane block of the row, so the FMAs do not wait on each other. The last block is
     * loaded whole even where it runs into the next row; those lanes are dropped. Rows too close to the end of the
     * block for such a load are added in scalar.
     */
    private static void sweepGradient(ByteBuffer x, int n, int d, int start, int rows, double[] res, float[] resF,
                                      double[] out) {
        int lanes = FS.length();
        int lastWhole = Math.floorDiv(n * d - 4 * lanes, d);
        int end = Math.min(start + rows, lastWhole + 1);
        FloatVector a0 = FloatVector.zero(FS);
        FloatVector a1 = FloatVector.zero(FS);
        FloatVector a2 = FloatVector.zero(FS);
        FloatVector a3 = FloatVector.zero(FS);
        int r = start;
        for (; r < end; r++) {
            int base = (r * d) << 2;
            FloatVector rv = FloatVector.broadcast(FS, resF[r - start]);
            a0 = FloatVector.fromByteBuffer(FS, x, base, ORDER).fma(rv, a0);
            a1 = FloatVector.fromByteBuffer(FS, x, base + 4 * lanes, ORDER).fma(rv, a1);
            a2 = FloatVector.fromByteBuffer(FS, x, base + 8 * lanes, ORDER).fma(rv, a2);
            a3 = FloatVector.fromByteBuffer(FS, x, base + 12 * lanes, ORDER).fma(rv, a3);
        }
        float[] all = new float[4 * lanes];
        a0.intoArray(all, 0);
        a1.intoArray(all, lanes);
        a2.intoArray(all, 2 * lanes);
        a3.intoArray(all, 3 * lanes);
        for (int j = 0; j < d; j++) {
            out[j] += all[j];
        }
        for (; r < start + rows; r++) {
            for (int j = 0; j < d; j++) {
                out[j] += res[r - start] * x.getFloat((r * d + j) << 2);
            }
        }
    }

    /** The gradient of a chunk for other widths: per block of 16 columns, down the chunk's rows in a register. */
    private static void blockGradient(ByteBuffer x, int d, int upper, int start, int rows, double[] res,
                                      float[] resF, float[] lanesOut, double[] out) {
        int lanes = FS.length();
        int j = 0;
        for (; j < upper; j += lanes) {
            FloatVector acc = FloatVector.zero(FS);
            for (int r = 0; r < rows; r++) {
                acc = FloatVector.fromByteBuffer(FS, x, ((start + r) * d + j) << 2, ORDER)
                    .fma(FloatVector.broadcast(FS, resF[r]), acc);
            }
            acc.intoArray(lanesOut, 0);
            for (int l = 0; l < lanes; l++) {
                out[j + l] += lanesOut[l];
            }
        }
        for (; j < d; j++) {
            double g = 0;
            for (int r = 0; r < rows; r++) {
                g += res[r] * x.getFloat(((start + r) * d + j) << 2);
            }
            out[j] += g;
        }
    }

    private static final ChunkLoss LOSS = new ChunkLoss();

    /** The logistic loss and residuals of a chunk of margins, eight rows per SIMD step. */
    static final class ChunkLoss {
        private static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;

        /**
         * @return {@code [sum w loss, sum w r, sum w]}; {@code res[i] = w (sigmoid(m) - y)}
         */
        double[] apply(double[] margin, double[] y, int yOff, double[] w, int wOff, int rows, double[] res) {
            DoubleVector lossAcc = DoubleVector.zero(S);
            DoubleVector resAcc = DoubleVector.zero(S);
            DoubleVector wAcc = DoubleVector.zero(S);
            int upper = S.loopBound(rows);
            int i = 0;
            for (; i < upper; i += S.length()) {
                DoubleVector m = DoubleVector.fromArray(S, margin, i);
                DoubleVector yv = DoubleVector.fromArray(S, y, yOff + i);
                DoubleVector wv = DoubleVector.fromArray(S, w, wOff + i);
                DoubleVector e = m.abs().neg().lanewise(VectorOperators.EXP);
                DoubleVector onePlus = e.add(1.0);
                DoubleVector loss = m.max(0.0).sub(yv.mul(m)).add(onePlus.lanewise(VectorOperators.LOG));
                DoubleVector sigmoid = DoubleVector.broadcast(S, 1.0).blend(e, m.compare(VectorOperators.LT, 0.0))
                    .div(onePlus);
                DoubleVector r = sigmoid.sub(yv).mul(wv);
                r.intoArray(res, i);
                lossAcc = loss.fma(wv, lossAcc);
                resAcc = resAcc.add(r);
                wAcc = wAcc.add(wv);
            }
            double lossSum = Lanes.sum(lossAcc);
            double resSum = Lanes.sum(resAcc);
            double wSum = Lanes.sum(wAcc);
            double[] one = new double[1];
            for (; i < rows; i++) {
                double wr = w[wOff + i];
                res[i] = wr * lossAndResidual(margin[i], y[yOff + i], one);
                lossSum += wr * one[0];
                resSum += res[i];
                wSum += wr;
            }
            return new double[] {lossSum, resSum, wSum};
        }
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
            double m = offset + Lanes.sum(acc);
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
