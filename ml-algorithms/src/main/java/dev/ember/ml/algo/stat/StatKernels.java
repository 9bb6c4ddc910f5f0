package dev.ember.ml.algo.stat;

import dev.ember.ml.algo.optim.VectorSupport;
import dev.ember.ml.core.InvalidArgumentException;
import dev.ember.ml.core.data.Column;
import dev.ember.ml.core.data.DataType;
import dev.ember.ml.core.data.Partition;
import dev.ember.ml.core.runtime.AggregateKernel;
import dev.ember.ml.core.runtime.KernelParams;
import dev.ember.ml.core.runtime.KernelProvider;
import dev.ember.ml.core.runtime.KernelRegistry;
import dev.ember.ml.core.runtime.ValueCodec;

import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;

/** The statistics kernels, registered with every runtime. */
public final class StatKernels implements KernelProvider {
    /** Labels above this are refused: they are not class indices. */
    static final int MAX_CLASSES = 100_000;

    @Override
    public void registerKernels(KernelRegistry registry) {
        registry.registerAggregate(Summary.class, Summary::new);
    }

    /**
     * Weighted moments of {@code featuresCol}, and the histogram of {@code labelCol} if given; with
     * {@code classSums}, also each class's weighted feature sums (what a linear classifier's first evaluation at
     * zero coefficients needs).
     */
    static final class Summary implements AggregateKernel<WeightedMoments> {
        @Override
        public WeightedMoments zero(KernelParams params) {
            return null;
        }

        @Override
        public WeightedMoments seqOp(WeightedMoments acc, Partition partition, KernelParams params) {
            Column x = partition.column(params.getString("featuresCol"));
            Column w = params.has("weightCol") ? partition.column(params.getString("weightCol")) : null;
            Column y = params.has("labelCol") ? partition.column(params.getString("labelCol")) : null;
            boolean numericLabel = params.has("numericLabel") && params.getBoolean("numericLabel");
            boolean perClass = y != null && !numericLabel && params.has("classSums")
                && params.getBoolean("classSums");
            int n = x.length();
            int d = x.vectorSize();
            boolean isFloat = x.field().elementType() == DataType.FLOAT;
            FloatBuffer fb = isFloat ? x.floats() : null;
            DoubleBuffer db = isFloat ? null : x.doubles();
            WeightedMoments m = new WeightedMoments(d);
            double[] weights = new double[n];
            int[] labels = perClass ? new int[n] : null;
            int maxLabel = 0;
            for (int r = 0; r < n; r++) {
                weights[r] = w == null ? 1.0 : checkedWeight(w, partition, r);
                m.weightSum += weights[r];
                m.weightSqSum += weights[r] * weights[r];
                if (y != null && !numericLabel) {
                    int label = checkedLabel(y, partition, r);
                    if (weights[r] > 0) {
                        m.addLabel(label, weights[r]);
                    }
                    if (labels != null) {
                        labels[r] = weights[r] > 0 ? label : -1;
                        maxLabel = Math.max(maxLabel, label);
                    }
                } else if (y != null) {
                    m.labelMean += weights[r] * checkedNumber(y, partition, r);
                }
            }
            long positive = 0;
            for (int r = 0; r < n; r++) {
                positive += weights[r] > 0 ? 1 : 0;
            }
            m.count = positive;   // rows of weight 0 are dropped, as in Spark's Summarizer
            double[] givenWeights = w == null ? null : weights;
            double[][] classSums = perClass ? m.classSums(maxLabel) : null;
            boolean simd = VectorSupport.AVAILABLE;
            if (simd) {
                // mean and squared deviations (and per-class sums) in one sweep, chunk by chunk
                SimdMoments.moments(x.rawBytes(), isFloat, n, d, givenWeights, m.mean, m.m2, m.min, m.max, labels,
                    classSums);
            } else {
                for (int r = 0; r < n; r++) {
                    double wr = weights[r];
                    if (wr == 0) {
                        continue;
                    }
                    int base = r * d;
                    double[] own = labels != null && labels[r] > 0 ? classSums[labels[r] - 1] : null;
                    for (int j = 0; j < d; j++) {
                        double v = isFloat ? fb.get(base + j) : db.get(base + j);
                        m.mean[j] += wr * v;
                        m.min[j] = Math.min(m.min[j], v);
                        m.max[j] = Math.max(m.max[j], v);
                        if (own != null) {
                            own[j] += wr * v;
                        }
                    }
                }
            }
            if (m.weightSum > 0) {
                for (int j = 0; !simd && j < d; j++) {
                    m.mean[j] /= m.weightSum;
                }
                if (numericLabel) {
                    m.labelMean /= m.weightSum;
                    for (int r = 0; r < n; r++) {
                        double dev = y.getDouble(r) - m.labelMean;
                        m.labelM2 += weights[r] * dev * dev;
                    }
                }
            } else {
                m.labelMean = 0;
            }
            if (!simd) {
                for (int r = 0; r < n; r++) {
                    double wr = weights[r];
                    if (wr == 0) {
                        continue;
                    }
                    int base = r * d;
                    for (int j = 0; j < d; j++) {
                        double dev = (isFloat ? fb.get(base + j) : db.get(base + j)) - m.mean[j];
                        m.m2[j] += wr * dev * dev;
                    }
                }
            }
            for (int j = 0; j < d; j++) {
                if (Double.isNaN(m.mean[j]) || Double.isInfinite(m.mean[j]) || Double.isNaN(m.min[j])
                    || Double.isNaN(m.max[j])) {
                    throw nanError(x, partition, j);
                }
            }
            return acc == null ? m : acc.merge(m);
        }

        private static InvalidArgumentException nanError(Column x, Partition partition, int element) {
            double[] v = new double[x.vectorSize()];
            for (int r = 0; r < x.length(); r++) {
                x.getVector(r, v);
                if (!Double.isFinite(v[element])) {
                    return new InvalidArgumentException("column '" + x.name() + "', " + partition.where(r)
                        + ", element " + element + ": found " + v[element] + ", expected a finite number"
                        + " (impute or filter it first)");
                }
            }
            return new InvalidArgumentException("column '" + x.name() + "', partition " + partition.index()
                + ", element "
                + element + ": values overflow to infinity");
        }

        private static double checkedWeight(Column w, Partition partition, int row) {
            double v = w.getDouble(row);
            if (!(v >= 0) || Double.isInfinite(v)) {
                throw new InvalidArgumentException("weight column '" + w.name() + "', " + partition.where(row)
                    + ": found " + (w.isNull(row) ? "null" : v)
                    + ", expected a finite weight >= 0");
            }
            return v;
        }

        private static double checkedNumber(Column y, Partition partition, int row) {
            double v = y.getDouble(row);
            if (!Double.isFinite(v)) {
                throw new InvalidArgumentException("label column '" + y.name() + "', " + partition.where(row)
                    + ": found " + (y.isNull(row) ? "null" : v) + ", expected a finite number");
            }
            return v;
        }

        private static int checkedLabel(Column y, Partition partition, int row) {
            double v = y.getDouble(row);
            if (!(v >= 0) || v != Math.rint(v) || v >= MAX_CLASSES) {
                throw new InvalidArgumentException("label column '" + y.name() + "', " + partition.where(row)
                    + ": found " + (y.isNull(row) ? "null" : v) + ", expected a class index 0, 1,"
                    + " 2, ... (index string labels first)");
            }
            return (int) v;
        }

        @Override
        public WeightedMoments combOp(WeightedMoments left, WeightedMoments right) {
            return left == null ? right : right == null ? left : left.merge(right);
        }

        @Override
        public ValueCodec<WeightedMoments> codec() {
            return WeightedMoments.CODEC;
        }
    }
}
