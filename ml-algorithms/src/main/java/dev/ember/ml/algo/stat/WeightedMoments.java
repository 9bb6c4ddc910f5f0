package dev.ember.ml.algo.stat;

import dev.ember.ml.core.InvalidArgumentException;
import dev.ember.ml.core.runtime.ValueCodec;
import dev.ember.ml.core.runtime.ValueCodecs;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Weighted count, mean, squared deviations, min and max per column, plus a label histogram, merged with the
 * weighted form of Chan, Golub and LeVeque's parallel update ("Updating Formulae and a Pairwise Algorithm for
 * Computing Sample Variances", 1979). Each partition computes its own moments in two passes over its block
 * (exact weighted mean, then deviations), so there is no sum-of-squares cancellation.
 */
final class WeightedMoments {
    long count;
    double weightSum;
    double weightSqSum;
    final double[] mean;
    final double[] m2;
    final double[] min;
    final double[] max;
    /** Weight per label value; index = label; empty when no label column is summarized as classes. */
    double[] labelWeights;
    /** Weighted mean and squared deviations of a numeric label (regression), when summarized as a number. */
    double labelMean;
    double labelM2;
    /**
     * Per class c >= 1, the weighted sums of the features over the rows of that class ({@code sum_{y=c} w x});
     * class 0's are the total minus these. Null unless asked for ({@code classSums}); row {@code c - 1} is
     * class c, rows grow as classes appear.
     */
    double[][] classSums;

    WeightedMoments(int width) {
        mean = new double[width];
        m2 = new double[width];
        min = new double[width];
        max = new double[width];
        Arrays.fill(min, Double.POSITIVE_INFINITY);
        Arrays.fill(max, Double.NEGATIVE_INFINITY);
        labelWeights = new double[0];
    }

    int width() {
        return mean.length;
    }

    void addLabel(int label, double weight) {
        if (label >= labelWeights.length) {
            labelWeights = Arrays.copyOf(labelWeights, label + 1);
        }
        labelWeights[label] += weight;
    }

    /** @param classes the number of classes c >= 1 to hold at least @return the per-class sums, grown to fit */
    double[][] classSums(int classes) {
        if (classSums == null) {
            classSums = new double[0][];
        }
        if (classes > classSums.length) {
            int from = classSums.length;
            classSums = Arrays.copyOf(classSums, classes);
            for (int c = from; c < classes; c++) {
                classSums[c] = new double[width()];
            }
        }
        return classSums;
    }

    WeightedMoments merge(WeightedMoments o) {
        if (o.width() != width()) {
            throw new InvalidArgumentException("summary width: found " + o.width() + ", expected " + width());
        }
        if (o.classSums != null) {
            double[][] mine = classSums(o.classSums.length);
            for (int c = 0; c < o.classSums.length; c++) {
                for (int j = 0; j < width(); j++) {
                    mine[c][j] += o.classSums[c][j];
                }
            }
        }
        if (o.labelWeights.length > labelWeights.length) {
            labelWeights = Arrays.copyOf(labelWeights, o.labelWeights.length);
        }
        for (int k = 0; k < o.labelWeights.length; k++) {
            labelWeights[k] += o.labelWeights[k];
        }
        if (o.weightSum > 0) {
            double wTotal = weightSum + o.weightSum;
            double dl = o.labelMean - labelMean;
            labelM2 += o.labelM2 + dl * dl * weightSum * o.weightSum / wTotal;
            labelMean += dl * o.weightSum / wTotal;
            if (weightSum == 0) {
                System.arraycopy(o.mean, 0, mean, 0, width());
                System.arraycopy(o.m2, 0, m2, 0, width());
            } else {
                double w = weightSum + o.weightSum;
                double fb = o.weightSum / w;
                double cross = weightSum * o.weightSum / w;
                for (int j = 0; j < width(); j++) {
                    double delta = o.mean[j] - mean[j];
                    mean[j] += delta * fb;
                    m2[j] += o.m2[j] + delta * delta * cross;
                }
            }
        }
        for (int j = 0; j < width(); j++) {
            min[j] = Math.min(min[j], o.min[j]);
            max[j] = Math.max(max[j], o.max[j]);
        }
        count += o.count;
        weightSum += o.weightSum;
        weightSqSum += o.weightSqSum;
        return this;
    }

    /**
     * Binary form: count, weightSum, weightSqSum, labelMean, labelM2, then mean, m2, min, max and label weights,
     * length-prefixed, then the number of per-class sum rows (-1 for none) and the rows.
     */
    static final ValueCodec<WeightedMoments> CODEC = new ValueCodec<>() {
        @Override
        public int encodedLength(WeightedMoments m) {
            int rows = m.classSums == null ? 0 : m.classSums.length;
            return 40 + (4 + rows) * ValueCodecs.DOUBLE_ARRAY.encodedLength(m.mean)
                + ValueCodecs.DOUBLE_ARRAY.encodedLength(m.labelWeights) + 4;
        }

        @Override
        public void encode(WeightedMoments m, ByteBuffer out) {
            out.putLong(m.count).putDouble(m.weightSum).putDouble(m.weightSqSum).putDouble(m.labelMean)
                .putDouble(m.labelM2);
            for (double[] a : new double[][] {m.mean, m.m2, m.min, m.max, m.labelWeights}) {
                ValueCodecs.DOUBLE_ARRAY.encode(a, out);
            }
            out.putInt(m.classSums == null ? -1 : m.classSums.length);
            if (m.classSums != null) {
                for (double[] row : m.classSums) {
                    ValueCodecs.DOUBLE_ARRAY.encode(row, out);
                }
            }
        }

        @Override
        public WeightedMoments decode(ByteBuffer in) {
            if (in.remaining() < 40) {
                throw new InvalidArgumentException("summary: found " + in.remaining() + " bytes, expected >= 40");
            }
            long count = in.getLong();
            double ws = in.getDouble();
            double wss = in.getDouble();
            double lm = in.getDouble();
            double lm2 = in.getDouble();
            double[] mean = ValueCodecs.DOUBLE_ARRAY.decode(in);
            WeightedMoments m = new WeightedMoments(mean.length);
            m.count = count;
            m.weightSum = ws;
            m.weightSqSum = wss;
            m.labelMean = lm;
            m.labelM2 = lm2;
            System.arraycopy(mean, 0, m.mean, 0, mean.length);
            for (double[] target : new double[][] {m.m2, m.min, m.max}) {
                double[] a = ValueCodecs.DOUBLE_ARRAY.decode(in);
                if (a.length != mean.length) {
                    throw new InvalidArgumentException("summary: found an array of " + a.length + ", expected "
                        + mean.length);
                }
                System.arraycopy(a, 0, target, 0, a.length);
            }
            m.labelWeights = ValueCodecs.DOUBLE_ARRAY.decode(in);
            int rows = in.getInt();
            if (rows >= 0) {
                double[][] sums = m.classSums(rows);
                for (int c = 0; c < rows; c++) {
                    double[] a = ValueCodecs.DOUBLE_ARRAY.decode(in);
                    if (a.length != mean.length) {
                        throw new InvalidArgumentException("summary: found a class-sum row of " + a.length
                            + ", expected " + mean.length);
                    }
                    sums[c] = a;
                }
            }
            return m;
        }
    };
}
