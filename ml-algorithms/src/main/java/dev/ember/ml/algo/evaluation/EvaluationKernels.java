package dev.ember.ml.algo.evaluation;

import dev.ember.ml.core.InvalidArgumentException;
import dev.ember.ml.core.data.Column;
import dev.ember.ml.core.data.DataType;
import dev.ember.ml.core.data.Partition;
import dev.ember.ml.core.data.Schema;
import dev.ember.ml.core.runtime.AggregateKernel;
import dev.ember.ml.core.runtime.KernelParams;
import dev.ember.ml.core.runtime.KernelProvider;
import dev.ember.ml.core.runtime.KernelRegistry;
import dev.ember.ml.core.runtime.ValueCodec;
import dev.ember.ml.core.runtime.ValueCodecs;

import java.util.Arrays;

/** The evaluators' aggregation kernels. */
public final class EvaluationKernels implements KernelProvider {

    @Override
    public void registerKernels(KernelRegistry registry) {
        registry.registerAggregate(RegressionSums.class, RegressionSums::new);
        registry.registerAggregate(Confusion.class, Confusion::new);
        registry.registerAggregate(SortedScores.class, SortedScores::new);
    }

    /**
     * Checks the label, prediction and weight columns and names them in kernel params.
     *
     * @return params with labelCol, predictionCol and (if set) weightCol
     */
    static KernelParams.Builder columns(Schema schema, String label, String prediction, String weight,
                                        DataType... predictionTypes) {
        schema.require(label, DataType.DOUBLE, DataType.FLOAT, DataType.INT, DataType.LONG);
        schema.require(prediction, predictionTypes);
        KernelParams.Builder p = KernelParams.builder().put("labelCol", label).put("predictionCol", prediction);
        if (!weight.isEmpty()) {
            schema.require(weight, DataType.DOUBLE, DataType.FLOAT, DataType.INT, DataType.LONG);
            p.put("weightCol", weight);
        }
        return p;
    }

    static double value(Column c, int row, Partition p) {
        double v = c.getDouble(row);
        if (Double.isNaN(v)) {
            throw new InvalidArgumentException("column '" + c.name() + "', " + p.where(row)
                + ": found " + (c.isNull(row) ? "null" : "NaN") + ", expected a number");
        }
        return v;
    }

    static double weight(Partition p, KernelParams params, int row) {
        if (!params.has("weightCol")) {
            return 1;
        }
        Column w = p.column(params.getString("weightCol"));
        double v = value(w, row, p);
        if (v < 0) {
            throw new InvalidArgumentException("weight column '" + w.name() + "', " + p.where(row) + ": found " + v
                + ", expected >= 0");
        }
        return v;
    }

    private abstract static class ArrayKernel implements AggregateKernel<double[]> {
        @Override
        public double[] zero(KernelParams params) {
            return new double[0];
        }

        @Override
        public ValueCodec<double[]> codec() {
            return ValueCodecs.DOUBLE_ARRAY;
        }
    }

    /** {@code [W, mean(y), M2(y), SSE, SAE]}, weighted; label moments merged as Chan et al. */
    static final class RegressionSums extends ArrayKernel {
        @Override
        public double[] seqOp(double[] acc, Partition p, KernelParams params) {
            Column y = p.column(params.getString("labelCol"));
            Column yhat = p.column(params.getString("predictionCol"));
            double[] s = new double[5];
            for (int r = 0; r < p.numRows(); r++) {
                double w = weight(p, params, r);
                s[0] += w;
                s[1] += w * value(y, r, p);
            }
            if (s[0] > 0) {
                s[1] /= s[0];
            }
            for (int r = 0; r < p.numRows(); r++) {
                double w = weight(p, params, r);
                double yv = y.getDouble(r);
                double err = value(yhat, r, p) - yv;
                s[2] += w * (yv - s[1]) * (yv - s[1]);
                s[3] += w * err * err;
                s[4] += w * Math.abs(err);
            }
            return combOp(acc, s);
        }

        @Override
        public double[] combOp(double[] a, double[] b) {
            if (a.length == 0) {
                return b;
            }
            if (b.length == 0 || b[0] == 0) {
                return a;
            }
            double w = a[0] + b[0];
            double delta = b[1] - a[1];
            a[2] += b[2] + delta * delta * a[0] * b[0] / w;
            a[1] += delta * b[0] / w;
            a[0] = w;
            a[3] += b[3];
            a[4] += b[4];
            return a;
        }
    }

    /**
     * {@code [K, W, logLossSum, confusion (K x K, row = true class, column = predicted)]}; K grows with the
     * largest class seen. Log-loss needs {@code probabilityCol}; without it the sum stays NaN.
     */
    static final class Confusion extends ArrayKernel {
        static final double EPS = 1e-15;

        @Override
        public double[] seqOp(double[] acc, Partition p, KernelParams params) {
            Column y = p.column(params.getString("labelCol"));
            Column yhat = p.column(params.getString("predictionCol"));
            Column prob = params.has("probabilityCol") ? p.column(params.getString("probabilityCol")) : null;
            int k = prob != null ? prob.vectorSize() : 1;
            double[] labels = new double[p.numRows()];
            double[] preds = new double[p.numRows()];
            for (int r = 0; r < labels.length; r++) {
                labels[r] = classIndex(y, r, p);
                preds[r] = classIndex(yhat, r, p);
                k = (int) Math.max(k, Math.max(labels[r], preds[r]) + 1);
            }
            double[] s = new double[3 + k * k];
            s[0] = k;
            s[2] = prob == null ? Double.NaN : 0;
            double[] pv = prob == null ? null : new double[prob.vectorSize()];
            for (int r = 0; r < labels.length; r++) {
                double w = weight(p, params, r);
                s[1] += w;
                s[3 + (int) labels[r] * k + (int) preds[r]] += w;
                if (prob != null) {
                    prob.getVector(r, pv);
                    double py = labels[r] < pv.length ? pv[(int) labels[r]] : 0;
                    s[2] -= w * Math.log(Math.min(1 - EPS, Math.max(EPS, py)));
                }
            }
            return combOp(acc, s);
        }

        private static double classIndex(Column c, int row, Partition p) {
            double v = value(c, row, p);
            if (v < 0 || v != Math.rint(v)) {
                throw new InvalidArgumentException("column '" + c.name() + "', " + p.where(row) + ": found " + v
                    + ", expected a class index 0, 1, 2, ...");
            }
            return v;
        }

        @Override
        public double[] combOp(double[] a, double[] b) {
            if (a.length == 0) {
                return b;
            }
            if (b.length == 0) {
                return a;
            }
            int ka = (int) a[0];
            int kb = (int) b[0];
            int k = Math.max(ka, kb);
            double[] out = new double[3 + k * k];
            out[0] = k;
            out[1] = a[1] + b[1];
            out[2] = a[2] + b[2];
            for (double[] src : new double[][] {a, b}) {
                int ks = (int) src[0];
                for (int i = 0; i < ks; i++) {
                    for (int j = 0; j < ks; j++) {
                        out[3 + i * k + j] += src[3 + i * ks + j];
                    }
                }
            }
            return out;
        }
    }

    /**
     * {@code (score, label, weight)} triples sorted by descending score; partitions' lists are merged in order.
     * The score is a double column, or element 1 of a 2-wide vector ({@code rawPrediction} or
     * {@code probability}).
     */
    static final class SortedScores extends ArrayKernel {
        @Override
        public double[] seqOp(double[] acc, Partition p, KernelParams params) {
            Column y = p.column(params.getString("labelCol"));
            Column score = p.column(params.getString("predictionCol"));
            int n = p.numRows();
            Integer[] order = new Integer[n];
            double[] s = new double[n];
            double[] v = score.type() == DataType.VECTOR ? new double[score.vectorSize()] : null;
            for (int r = 0; r < n; r++) {
                order[r] = r;
                if (v != null) {
                    score.getVector(r, v);
                    s[r] = v[1];
                } else {
                    s[r] = value(score, r, p);
                }
                if (Double.isNaN(s[r])) {
                    throw new InvalidArgumentException("column '" + score.name() + "', " + p.where(r)
                        + ": found NaN, expected a score");
                }
            }
            Arrays.sort(order, (i, j) -> Double.compare(s[j], s[i]));
            double[] out = new double[3 * n];
            for (int i = 0; i < n; i++) {
                int r = order[i];
                double label = value(y, r, p);
                if (label != 0 && label != 1) {
                    throw new InvalidArgumentException("label column '" + y.name() + "', " + p.where(r) + ": found "
                        + label + ", expected 0 or 1");
                }
                out[3 * i] = s[r];
                out[3 * i + 1] = label;
                out[3 * i + 2] = weight(p, params, r);
            }
            return combOp(acc, out);
        }

        @Override
        public double[] combOp(double[] a, double[] b) {
            if (a.length == 0) {
                return b;
            }
            if (b.length == 0) {
                return a;
            }
            double[] out = new double[a.length + b.length];
            int i = 0;
            int j = 0;
            int o = 0;
            while (i < a.length || j < b.length) {
                boolean takeA = j >= b.length || (i < a.length && a[i] >= b[j]);
                double[] src = takeA ? a : b;
                int at = takeA ? i : j;
                out[o] = src[at];
                out[o + 1] = src[at + 1];
                out[o + 2] = src[at + 2];
                o += 3;
                if (takeA) {
                    i += 3;
                } else {
                    j += 3;
                }
            }
            return out;
        }
    }
}
