package dev.ember.ml.algo.optim;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The binary logistic pass with SIMD. Float blocks are processed in chunks of {@value #CHUNK} rows: (1) one SIMD
 * dot product per row gives the margins; (2) loss and residuals are computed eight rows at a time with the
 * vectorized {@code exp} and {@code log}; (3) the gradient is accumulated per block of columns over the chunk's
 * rows in registers (the chunk is still in cache). Every float is widened to double as it is loaded (exact) and
 * every product and sum is formed in double, so a float block gives the sums of the same values held as doubles,
 * to double rounding: float storage halves the memory traffic without costing accuracy (a float accumulator
 * loses about 1e-5 relative on a gradient near the optimum, where its terms cancel).
 */
final class VectorizedLogisticBlock extends LogisticBlock {
    private static final VectorSpecies<Double> DS = DoubleVector.SPECIES_PREFERRED;
    /** Floats as many as {@link #DS} has lanes, widened to one double vector per load. */
    private static final VectorSpecies<Float> FH = VectorSpecies.of(float.class,
        VectorShape.forBitSize(DS.vectorBitSize() / 2));
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
        int lanes = DS.length();
        int upper = DS.loopBound(d);
        double[] margin = new double[CHUNK];
        double[] res = new double[CHUNK];
        double[] ones = new double[CHUNK];
        java.util.Arrays.fill(ones, 1);
        double lossSum = 0;
        double rSum = 0;
        double wSum = 0;
        for (int start = 0; start < n; start += CHUNK) {
            int rows = Math.min(CHUNK, n - start);
            // 1. margins, one SIMD dot product per row: floats widened to double, products summed in double
            for (int r = 0; r < rows; r++) {
                int base = (start + r) * d;
                DoubleVector acc = DoubleVector.zero(DS);
                int j = 0;
                for (; j < upper; j += lanes) {
                    acc = widen(x, (base + j) << 2).fma(DoubleVector.fromArray(DS, beta, j), acc);
                }
                double m = offset + Lanes.sum(acc);
                for (; j < d; j++) {
                    m += beta[j] * x.getFloat((base + j) << 2);
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
            // 3. gradient: per block of columns down the chunk's rows (in cache), in double
            blockGradient(x, d, upper, start, rows, res, out);
        }
        out[d] += rSum;
        out[d + 1] += lossSum;
        out[d + 2] += wSum;
    }

    /** Loads {@code DS.length()} floats at a byte offset and widens them to doubles (exactly). */
    private static DoubleVector widen(ByteBuffer x, int byteOffset) {
        return (DoubleVector) FloatVector.fromByteBuffer(FH, x, byteOffset, ORDER)
            .convertShape(VectorOperators.F2D, DS, 0);
    }

    /**
     * The gradient of a chunk: per block of {@code DS.length()} columns, down the chunk's rows with two
     * independent double accumulators (even and odd rows, added in a fixed order), so the FMAs do not all wait
     * on one another.
     */
    private static void blockGradient(ByteBuffer x, int d, int upper, int start, int rows, double[] res,
                                      double[] out) {
        int lanes = DS.length();
        int pairs = rows & ~1;
        int j = 0;
        for (; j < upper; j += lanes) {
            DoubleVector even = DoubleVector.zero(DS);
            DoubleVector odd = DoubleVector.zero(DS);
            int r = 0;
            for (; r < pairs; r += 2) {
                even = widen(x, ((start + r) * d + j) << 2).fma(DoubleVector.broadcast(DS, res[r]), even);
                odd = widen(x, ((start + r + 1) * d + j) << 2).fma(DoubleVector.broadcast(DS, res[r + 1]), odd);
            }
            if (r < rows) {
                even = widen(x, ((start + r) * d + j) << 2).fma(DoubleVector.broadcast(DS, res[r]), even);
            }
            even.add(odd).add(DoubleVector.fromArray(DS, out, j)).intoArray(out, j);
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
