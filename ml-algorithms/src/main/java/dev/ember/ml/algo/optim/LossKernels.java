package dev.ember.ml.algo.optim;

import dev.ember.ml.core.InvalidArgumentException;
import dev.ember.ml.core.data.Column;
import dev.ember.ml.core.data.DataType;
import dev.ember.ml.core.data.Partition;
import dev.ember.ml.core.runtime.AggregateKernel;
import dev.ember.ml.core.runtime.KernelParams;
import dev.ember.ml.core.runtime.KernelProvider;
import dev.ember.ml.core.runtime.KernelRegistry;
import dev.ember.ml.core.runtime.ValueCodec;
import dev.ember.ml.core.runtime.ValueCodecs;


/**
 * The loss aggregators of the linear models: one fused pass over a partition's feature block per objective
 * evaluation, in the original feature space with effective coefficients (standardization is applied on the
 * driver, virtually, never by copying the data). Each returns raw weighted sums; the driver turns them into the
 * objective and gradient ({@link LinearObjective}).
 *
 * <p>Kernel params: {@code featuresCol}, {@code labelCol}, optional {@code weightCol}, and the broadcast
 * {@code coef}.
 */
public final class LossKernels implements KernelProvider {

    @Override
    public void registerKernels(KernelRegistry registry) {
        registry.registerAggregate(BinaryLogistic.class, BinaryLogistic::new);
        registry.registerAggregate(MultinomialLogistic.class, MultinomialLogistic::new);
        registry.registerAggregate(LeastSquares.class, LeastSquares::new);
        registry.registerAggregate(Hinge.class, Hinge::new);
        registry.registerAggregate(BinaryLogisticMany.class, BinaryLogisticMany::new);
    }

    /** @return the binary logistic loss kernel's class, for {@link LinearObjective} */
    public static Class<? extends AggregateKernel<double[]>> binaryLogisticKernel() {
        return BinaryLogistic.class;
    }

    /** @return the kernel of several binary logistic losses in one pass, for {@link SharedLossPasses} */
    public static Class<? extends AggregateKernel<double[]>> binaryLogisticManyKernel() {
        return BinaryLogisticMany.class;
    }

    /** @return the multinomial logistic loss kernel's class */
    public static Class<? extends AggregateKernel<double[]>> multinomialKernel() {
        return MultinomialLogistic.class;
    }

    /** @return the least-squares loss kernel's class */
    public static Class<? extends AggregateKernel<double[]>> leastSquaresKernel() {
        return LeastSquares.class;
    }

    /** @return the hinge loss kernel's class */
    public static Class<? extends AggregateKernel<double[]>> hingeKernel() {
        return Hinge.class;
    }

    private abstract static class Base implements AggregateKernel<double[]> {
        @Override
        public double[] zero(KernelParams params) {
            return new double[0];   // empty until a partition gives the width
        }

        @Override
        public double[] combOp(double[] left, double[] right) {
            if (left == null || left.length == 0) {
                return right;
            }
            if (right == null || right.length == 0) {
                return left;
            }
            if (left.length != right.length) {
                throw new InvalidArgumentException("loss accumulators: found length " + right.length + ", expected "
                    + left.length);
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

        /**
         * Checked copies of label and weight columns, one per column object: a cached partition keeps its columns
         * across the evaluations of a fit, so the copy and the checks happen once per partition, not per pass.
         * Weak keys: the copies go when the partition does. Callers must not modify the returned arrays.
         */
        private static final java.util.Map<Column, double[]> CHECKED =
            java.util.Collections.synchronizedMap(new java.util.WeakHashMap<>());

        static double[] column(Partition p, String name, String what) {
            Column c = p.column(name);
            double[] cached = CHECKED.get(c);
            if (cached != null && cached.length == c.length()) {
                return cached;
            }
            double[] v = copyChecked(p, c, name, what);
            CHECKED.put(c, v);
            return v;
        }

        private static double[] copyChecked(Partition p, Column c, String name, String what) {
            double[] v = new double[c.length()];
            if (c.type() == DataType.DOUBLE && c.nullCount() == 0) {
                c.doubles().get(v);
                boolean finite = true;
                for (double x : v) {
                    finite &= Double.isFinite(x);
                }
                if (finite) {
                    return v;
                }
            }
            for (int r = 0; r < v.length; r++) {
                v[r] = c.getDouble(r);
                if (!Double.isFinite(v[r])) {
                    throw new InvalidArgumentException(what + " column '" + name + "', " + p.where(r) + ": found "
                        + (c.isNull(r) ? "null" : v[r]) + ", expected a finite number");
                }
            }
            return v;
        }

        static double[] weights(Partition p, String weightCol) {
            if (weightCol == null) {
                return null;
            }
            double[] w = column(p, weightCol, "weight");
            for (int r = 0; r < w.length; r++) {
                if (w[r] < 0) {
                    throw new InvalidArgumentException("weight column '" + weightCol
                        + "', " + p.where(r) + ": found " + w[r] + ", expected >= 0");
                }
            }
            return w;
        }
    }

    /**
     * Binary logistic loss. {@code coef = [beta_0 .. beta_{d-1}, offset]}; result
     * {@code [G_0 .. G_{d-1}, R, lossSum, weightSum]}.
     */
    static final class BinaryLogistic extends Base {
        @Override
        public double[] seqOp(double[] acc, Partition partition, KernelParams params) {
            LossArgs args = LossArgs.CODEC.decode(params);
            LossColumns cols = args.columns();
            Column x = partition.column(cols.featuresCol());
            double[] coef = args.coef().value();
            int d = x.vectorSize();
            double[] y = column(partition, cols.labelCol(), "label");
            double[] out = acc != null && acc.length > 0 ? acc : new double[d + 3];
            double[] beta = java.util.Arrays.copyOf(coef, d);
            LogisticBlock.get().accumulate(x.rawBytes(), x.field().elementType() == DataType.FLOAT, x.length(), d,
                beta, coef[d], y, weights(partition, cols.weightCol()), out);
            return out;
        }
    }

    /**
     * The binary logistic loss of several coefficient vectors in one pass over the block (SPARK-22126): settings
     * that differ only in the penalty (regParam, elasticNetParam) read the same data, so their gradients share
     * the pass. Rows are taken a chunk at a time and every vector's gradient is accumulated over the chunk while
     * it is in cache. {@code coefs = [beta_1 (d), offset_1, beta_2, offset_2, ...]} ({@code count} vectors);
     * result: {@code count} results of {@link BinaryLogistic}, back to back.
     */
    static final class BinaryLogisticMany extends Base {
        /** Rows per chunk: 512 rows of 50 floats are 100 KiB. */
        private static final int CHUNK_ROWS = 512;

        @Override
        public double[] seqOp(double[] acc, Partition partition, KernelParams params) {
            BatchLossArgs args = BatchLossArgs.CODEC.decode(params);
            LossColumns cols = args.columns();
            Column x = partition.column(cols.featuresCol());
            double[] coefs = args.coefs().value();
            int count = args.count();
            int d = x.vectorSize();
            if (coefs.length != count * (d + 1)) {
                throw new InvalidArgumentException("coefficients: found " + coefs.length + ", expected " + count
                    + " x " + (d + 1));
            }
            double[] y = column(partition, cols.labelCol(), "label");
            double[] w = weights(partition, cols.weightCol());
            double[] out = acc != null && acc.length > 0 ? acc : new double[count * (d + 3)];
            double[][] betas = new double[count][];
            double[][] parts = new double[count][d + 3];
            for (int c = 0; c < count; c++) {
                betas[c] = java.util.Arrays.copyOfRange(coefs, c * (d + 1), c * (d + 1) + d);
            }
            boolean isFloat = x.field().elementType() == DataType.FLOAT;
            int bytesPerRow = d * (isFloat ? Float.BYTES : Double.BYTES);
            java.nio.ByteBuffer block = x.rawBytes();
            int n = x.length();
            for (int r0 = 0; r0 < n; r0 += CHUNK_ROWS) {
                int rows = Math.min(CHUNK_ROWS, n - r0);
                java.nio.ByteBuffer chunk = block.slice(r0 * bytesPerRow, rows * bytesPerRow).order(block.order());
                double[] yc = java.util.Arrays.copyOfRange(y, r0, r0 + rows);
                double[] wc = w == null ? null : java.util.Arrays.copyOfRange(w, r0, r0 + rows);
                for (int c = 0; c < count; c++) {
                    LogisticBlock.get().accumulate(chunk, isFloat, rows, d, betas[c], coefs[c * (d + 1) + d], yc, wc,
                        parts[c]);
                }
            }
            for (int c = 0; c < count; c++) {
                for (int i = 0; i < d + 3; i++) {
                    out[c * (d + 3) + i] += parts[c][i];
                }
            }
            return out;
        }
    }

    /**
     * Multinomial (softmax) loss over K classes. {@code coef = [B (K x d, row-major), offsets (K)]}; result
     * {@code [G (K x d), R (K), lossSum, weightSum]}.
     */
    static final class MultinomialLogistic extends Base {
        @Override
        public double[] seqOp(double[] acc, Partition partition, KernelParams params) {
            LossArgs args = LossArgs.CODEC.decode(params);
            LossColumns cols = args.columns();
            Column x = partition.column(cols.featuresCol());
            double[] coef = args.coef().value();
            int d = x.vectorSize();
            int k = coef.length / (d + 1);
            double[] y = column(partition, cols.labelCol(), "label");
            double[] w = weights(partition, cols.weightCol());
            double[] out = acc != null && acc.length > 0 ? acc : new double[k * d + k + 2];
            FeatureBlock b = new FeatureBlock(x);
            double[] row = new double[d];
            double[] m = new double[k];
            double lossSum = 0;
            double wSum = 0;
            for (int r = 0; r < x.length(); r++) {
                b.copyRow(r, row);
                double max = Double.NEGATIVE_INFINITY;
                for (int c = 0; c < k; c++) {
                    double s = coef[k * d + c];
                    int cb = c * d;
                    for (int j = 0; j < d; j++) {
                        s += coef[cb + j] * row[j];
                    }
                    m[c] = s;
                    max = Math.max(max, s);
                }
                double z = 0;
                for (int c = 0; c < k; c++) {
                    m[c] = Math.exp(m[c] - max);
                    z += m[c];
                }
                int label = (int) y[r];
                if (label < 0 || label >= k || label != y[r]) {
                    throw new InvalidArgumentException("label column '" + cols.labelCol()
                        + "', " + partition.where(r) + ": found " + y[r]
                        + ", expected a class index in [0, " + k + ")");
                }
                double wr = w == null ? 1 : w[r];
                // loss = log z + max - m_y (m holds exp(m - max) now)
                lossSum += wr * (Math.log(z) - Math.log(m[label]));
                wSum += wr;
                for (int c = 0; c < k; c++) {
                    double res = wr * (m[c] / z - (c == label ? 1 : 0));
                    out[k * d + c] += res;
                    int cb = c * d;
                    for (int j = 0; j < d; j++) {
                        out[cb + j] += res * row[j];
                    }
                }
            }
            out[k * d + k] += lossSum;
            out[k * d + k + 1] += wSum;
            return out;
        }
    }

    /**
     * Squared loss {@code (x . beta + offset - y)^2 / 2}. {@code coef = [beta (d), offset]}; result
     * {@code [G (d), R, lossSum, weightSum]} with {@code G = sum w r x}, {@code r = margin - y}.
     */
    static final class LeastSquares extends Base {
        @Override
        public double[] seqOp(double[] acc, Partition partition, KernelParams params) {
            LossArgs args = LossArgs.CODEC.decode(params);
            LossColumns cols = args.columns();
            Column x = partition.column(cols.featuresCol());
            double[] coef = args.coef().value();
            int d = x.vectorSize();
            double[] y = column(partition, cols.labelCol(), "label");
            double[] w = weights(partition, cols.weightCol());
            double[] out = acc != null && acc.length > 0 ? acc : new double[d + 3];
            FeatureBlock b = new FeatureBlock(x);
            double rSum = 0;
            double lossSum = 0;
            double wSum = 0;
            for (int r = 0; r < x.length(); r++) {
                double wr = w == null ? 1 : w[r];
                double res = b.dot(r, coef, 0) + coef[d] - y[r];
                lossSum += wr * res * res / 2;
                wSum += wr;
                rSum += wr * res;
                b.axpy(wr * res, r, out, 0);
            }
            out[d] += rSum;
            out[d + 1] += lossSum;
            out[d + 2] += wSum;
            return out;
        }
    }

    /**
     * Hinge loss {@code max(0, 1 - s m)} with {@code s = 2y - 1}. {@code coef = [beta (d), offset]}; result
     * {@code [G (d), R, lossSum, weightSum]} with the subgradient {@code r = -s} where the loss is positive.
     */
    static final class Hinge extends Base {
        @Override
        public double[] seqOp(double[] acc, Partition partition, KernelParams params) {
            LossArgs args = LossArgs.CODEC.decode(params);
            LossColumns cols = args.columns();
            Column x = partition.column(cols.featuresCol());
            double[] coef = args.coef().value();
            int d = x.vectorSize();
            double[] y = column(partition, cols.labelCol(), "label");
            double[] w = weights(partition, cols.weightCol());
            double[] out = acc != null && acc.length > 0 ? acc : new double[d + 3];
            FeatureBlock b = new FeatureBlock(x);
            for (int r = 0; r < x.length(); r++) {
                double m = b.dot(r, coef, 0) + coef[d];
                double wr = w == null ? 1 : w[r];
                double s = 2 * y[r] - 1;
                double loss = 1 - s * m;
                out[d + 2] += wr;
                if (loss > 0) {
                    out[d + 1] += wr * loss;
                    double res = -s * wr;
                    out[d] += res;
                    b.axpy(res, r, out, 0);
                }
            }
            return out;
        }
    }
}
