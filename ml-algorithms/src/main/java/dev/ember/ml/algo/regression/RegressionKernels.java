package dev.ember.ml.algo.regression;

import dev.ember.ml.algo.optim.FeatureBlock;
import dev.ember.ml.core.InvalidArgumentException;
import dev.ember.ml.core.data.Column;
import dev.ember.ml.core.data.Partition;
import dev.ember.ml.core.data.Schema;
import dev.ember.ml.core.persist.StageProvider;
import dev.ember.ml.core.persist.StageRegistry;
import dev.ember.ml.core.runtime.AggregateKernel;
import dev.ember.ml.core.runtime.KernelParams;
import dev.ember.ml.core.runtime.KernelProvider;
import dev.ember.ml.core.runtime.KernelRegistry;
import dev.ember.ml.core.runtime.MapKernel;
import dev.ember.ml.core.runtime.ValueCodec;

import java.nio.DoubleBuffer;

/** Registers the regressors' kernels and stages. */
public final class RegressionKernels implements KernelProvider, StageProvider {

    @Override
    public void registerKernels(KernelRegistry registry) {
        registry.registerAggregate(NormalEquations.class, NormalEquations::new);
        registry.registerMap(LinearPredict.class, LinearPredict::new);
    }

    @Override
    public void registerStages(StageRegistry registry) {
        registry.register(LinearRegression.class, LinearRegression::load);
        registry.register(LinearRegressionModel.class, LinearRegressionModel::load);
    }

    /** Weighted co-moments of features and label, two passes over each partition. */
    static final class NormalEquations implements AggregateKernel<CoMoments> {
        @Override
        public CoMoments zero(KernelParams params) {
            return null;
        }

        @Override
        public CoMoments seqOp(CoMoments acc, Partition p, KernelParams params) {
            Column x = p.column(params.getString("featuresCol"));
            Column y = p.column(params.getString("labelCol"));
            Column wc = params.has("weightCol") ? p.column(params.getString("weightCol")) : null;
            int n = x.length();
            int d = x.vectorSize();
            FeatureBlock b = new FeatureBlock(x);
            CoMoments m = new CoMoments(d);
            double[] w = new double[n];
            double[] yv = new double[n];
            for (int r = 0; r < n; r++) {
                w[r] = wc == null ? 1 : finite(wc, r, p, "weight");
                if (w[r] < 0) {
                    throw new InvalidArgumentException("weight column '" + wc.name() + "', " + p.where(r)
                        + ": found " + w[r] + ", expected >= 0");
                }
                yv[r] = finite(y, r, p, "label");
                m.weightSum += w[r];
                m.weightSqSum += w[r] * w[r];
                m.meanY += w[r] * yv[r];
                b.axpy(w[r], r, m.meanX, 0);
            }
            if (m.weightSum == 0) {
                return acc;
            }
            for (int j = 0; j < d; j++) {
                m.meanX[j] /= m.weightSum;
            }
            m.meanY /= m.weightSum;
            double[] dx = new double[d];
            for (int r = 0; r < n; r++) {
                b.copyRow(r, dx);
                for (int j = 0; j < d; j++) {
                    dx[j] -= m.meanX[j];
                }
                double dy = yv[r] - m.meanY;
                double wr = w[r];
                int at = 0;
                for (int i = 0; i < d; i++) {
                    double wdi = wr * dx[i];
                    for (int j = i; j < d; j++) {
                        m.sxx[at++] += wdi * dx[j];
                    }
                    m.sxy[i] += wdi * dy;
                }
                m.syy += wr * dy * dy;
            }
            for (int j = 0; j < d; j++) {
                if (!Double.isFinite(m.meanX[j])) {
                    throw new InvalidArgumentException("column '" + x.name() + "', partition " + p.index()
                        + ", element " + j + ": found non-finite values, expected finite numbers");
                }
            }
            return acc == null ? m : acc.merge(m);
        }

        private static double finite(Column c, int r, Partition p, String what) {
            double v = c.getDouble(r);
            if (!Double.isFinite(v)) {
                throw new InvalidArgumentException(what + " column '" + c.name() + "', " + p.where(r) + ": found "
                    + (c.isNull(r) ? "null" : v) + ", expected a finite number");
            }
            return v;
        }

        @Override
        public CoMoments combOp(CoMoments left, CoMoments right) {
            return left == null ? right : right == null ? left : left.merge(right);
        }

        @Override
        public ValueCodec<CoMoments> codec() {
            return CoMoments.CODEC;
        }
    }

    /** {@code prediction = x . coefficients + intercept}, one fused pass. */
    static final class LinearPredict implements MapKernel {
        @Override
        public Partition apply(Partition input, KernelParams params, Schema outputSchema) {
            Column x = input.column(params.getString("featuresCol"));
            double[] coef = params.getDoubleArray("coefficients");
            double intercept = params.getDouble("intercept");
            int n = x.length();
            FeatureBlock b = new FeatureBlock(x);
            Column out = Column.allocate(outputSchema.field(params.getString("predictionCol")), n);
            DoubleBuffer o = out.doubles();
            for (int r = 0; r < n; r++) {
                o.put(r, intercept + b.dot(r, coef, 0));
            }
            return input.withColumn(out);
        }
    }
}
