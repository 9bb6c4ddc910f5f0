package dev.ember.ml.algo.evaluation;

import dev.ember.ml.algo.optim.FeatureBlock;
import dev.ember.ml.core.InvalidArgumentException;
import dev.ember.ml.core.data.Column;
import dev.ember.ml.core.data.Partition;
import dev.ember.ml.core.runtime.AggregateKernel;
import dev.ember.ml.core.runtime.KernelArgs;
import dev.ember.ml.core.runtime.KernelParams;
import dev.ember.ml.core.runtime.KernelProvider;
import dev.ember.ml.core.runtime.KernelRegistry;
import dev.ember.ml.core.runtime.ValueCodec;
import dev.ember.ml.core.runtime.ValueCodecs;

import java.util.Arrays;

/**
 * The two passes of {@link ClusteringEvaluator}'s silhouette, as Spark's ({@code SquaredEuclideanSilhouette},
 * {@code CosineSilhouette}): {@link ClusterStats} gathers per cluster its weight, the weighted sum of its rows
 * (for cosine: of its unit-length rows) and of their squared norms; {@link Silhouette} then gets each row's mean
 * distance to every cluster from those sums in O(k d), with no pairwise pass.
 */
public final class SilhouetteKernels implements KernelProvider {

    @Override
    public void registerKernels(KernelRegistry registry) {
        registry.registerAggregate(ClusterStats.class, ClusterStats::new);
        registry.registerAggregate(Silhouette.class, Silhouette::new);
    }

    /**
     * What both passes read.
     *
     * @param featuresCol the vector column
     * @param predictionCol the cluster ids (integers >= 0)
     * @param weightCol the weight column, empty for none
     * @param cosine whether the distance is the cosine distance (else the squared Euclidean)
     * @param stats the {@link ClusterStats} result, for {@link Silhouette} (empty for the first pass)
     */
    record Args(String featuresCol, String predictionCol, String weightCol, boolean cosine, double[] stats) {
        static final KernelArgs<Args> CODEC = KernelArgs.of(
            a -> KernelParams.builder().put("featuresCol", a.featuresCol()).put("predictionCol", a.predictionCol())
                .put("weightCol", a.weightCol()).put("cosine", a.cosine()).put("stats", a.stats()).build(),
            k -> new Args(k.getString("featuresCol"), k.getString("predictionCol"), k.getString("weightCol"),
                k.getBoolean("cosine"), k.getDoubleArray("stats")));

        KernelParams toParams() {
            return CODEC.encode(this);
        }
    }

    /** One partition's rows, cluster ids and weights. */
    private static final class Rows {
        final FeatureBlock x;
        final Column ids;
        final Column weights;
        final Partition partition;
        final Args args;
        final int d;

        Rows(Partition p, Args a) {
            Column features = p.column(a.featuresCol());
            if (features.nullCount() > 0) {
                throw new InvalidArgumentException("column '" + a.featuresCol() + "', "
                    + p.where(features.nulls().nextSetBit(0)) + ": found null, expected a vector");
            }
            this.x = new FeatureBlock(features);
            this.ids = p.column(a.predictionCol());
            this.weights = a.weightCol().isEmpty() ? null : p.column(a.weightCol());
            this.partition = p;
            this.args = a;
            this.d = x.width();
        }

        int cluster(int r) {
            double v = EvaluationKernels.value(ids, r, partition);
            if (v < 0 || v != Math.rint(v) || v > 65_535) {
                throw new InvalidArgumentException("column '" + ids.name() + "', " + partition.where(r) + ": found "
                    + v + ", expected a cluster id 0, 1, 2, ... (at most 65535)");
            }
            return (int) v;
        }

        double weight(int r) {
            if (weights == null) {
                return 1;
            }
            double v = EvaluationKernels.value(weights, r, partition);
            if (v < 0 || Double.isInfinite(v)) {
                throw new InvalidArgumentException("weight column '" + weights.name() + "', partition "
                    + partition.index() + ", row " + r + ": found " + v + ", expected a finite number >= 0");
            }
            return v;
        }

        /** Reads row r (unit length for cosine) and returns its squared norm (1 for cosine). */
        double read(int r, double[] out) {
            x.copyRow(r, out);
            double ss = 0;
            for (int j = 0; j < d; j++) {
                ss += out[j] * out[j];
            }
            if (!Double.isFinite(ss)) {
                throw new InvalidArgumentException("column '" + args.featuresCol() + "', partition "
                    + partition.index() + ", row " + r + ": found a non-finite value, expected finite numbers");
            }
            if (args.cosine()) {
                if (ss == 0) {
                    throw new InvalidArgumentException("column '" + args.featuresCol() + "', partition "
                        + partition.index() + ", row " + r + ": found a vector of norm 0, expected a non-zero vector"
                        + " (the cosine distance is undefined at 0)");
                }
                double inv = 1 / Math.sqrt(ss);
                for (int j = 0; j < d; j++) {
                    out[j] *= inv;
                }
                return 1;
            }
            return ss;
        }
    }

    /** Slots per cluster in the statistics: weight, sum of squared norms, then the d sums. */
    static int slot(int d) {
        return d + 2;
    }

    /**
     * Per cluster id {@code c}: {@code [d, K, then per cluster (weight, sum w |y|^2, sum w y (d))]}, K the largest
     * id seen plus one (the empty array is the neutral element).
     */
    static final class ClusterStats implements AggregateKernel<double[]> {
        @Override
        public double[] zero(KernelParams params) {
            return new double[0];
        }

        @Override
        public double[] seqOp(double[] acc, Partition partition, KernelParams params) {
            Rows rows = new Rows(partition, Args.CODEC.decode(params));
            int d = rows.d;
            int s = slot(d);
            double[] out = new double[2];
            out[0] = d;
            double[] y = new double[d];
            for (int r = 0; r < rows.x.rows(); r++) {
                int c = rows.cluster(r);
                double w = rows.weight(r);
                double ss = rows.read(r, y);
                if (c >= out[1]) {
                    out = Arrays.copyOf(out, 2 + (c + 1) * s);
                    out[1] = c + 1;
                }
                int at = 2 + c * s;
                out[at] += w;
                out[at + 1] += w * ss;
                for (int j = 0; j < d; j++) {
                    out[at + 2 + j] += w * y[j];
                }
            }
            return combOp(acc, out);
        }

        @Override
        public double[] combOp(double[] left, double[] right) {
            if (left.length == 0) {
                return right;
            }
            if (right.length == 0) {
                return left;
            }
            if (left[0] != right[0]) {
                throw new InvalidArgumentException("cluster statistics: found width " + right[0] + ", expected "
                    + left[0]);
            }
            double[] big = left.length >= right.length ? left : right;
            double[] small = big == left ? right : left;
            for (int i = 2; i < small.length; i++) {
                big[i] += small[i];
            }
            return big;
        }

        @Override
        public ValueCodec<double[]> codec() {
            return ValueCodecs.DOUBLE_ARRAY;
        }
    }

    /** {@code [sum of w * s(x), sum of w]} over the rows, s the silhouette coefficient of a row. */
    static final class Silhouette implements AggregateKernel<double[]> {
        @Override
        public double[] zero(KernelParams params) {
            return new double[2];
        }

        @Override
        public double[] seqOp(double[] acc, Partition partition, KernelParams params) {
            Args a = Args.CODEC.decode(params);
            Rows rows = new Rows(partition, a);
            double[] st = a.stats();
            int d = rows.d;
            int s = slot(d);
            int k = (int) st[1];
            double[] x = new double[d];
            double sum = 0;
            double wsum = 0;
            for (int r = 0; r < rows.x.rows(); r++) {
                int own = rows.cluster(r);
                double w = rows.weight(r);
                double ss = rows.read(r, x);
                double ownWeight = st[2 + own * s];
                double coefficient = 0;
                if (ownWeight - w > 0) {
                    double aDist = meanDistance(x, ss, st, 2 + own * s, d, a.cosine()) * ownWeight / (ownWeight - w);
                    double bDist = Double.POSITIVE_INFINITY;
                    for (int c = 0; c < k; c++) {
                        if (c != own && st[2 + c * s] > 0) {
                            bDist = Math.min(bDist, meanDistance(x, ss, st, 2 + c * s, d, a.cosine()));
                        }
                    }
                    coefficient = aDist < bDist ? 1 - aDist / bDist : aDist > bDist ? bDist / aDist - 1 : 0;
                }
                sum += w * coefficient;
                wsum += w;
            }
            acc[0] += sum;
            acc[1] += wsum;
            return acc;
        }

        /** The weighted mean distance from x to the rows of the cluster whose statistics start at {@code at}. */
        private static double meanDistance(double[] x, double ss, double[] st, int at, int d, boolean cosine) {
            double w = st[at];
            double dot = 0;
            for (int j = 0; j < d; j++) {
                dot += x[j] * st[at + 2 + j];
            }
            return cosine ? 1 - dot / w : ss - 2 * dot / w + st[at + 1] / w;
        }

        @Override
        public double[] combOp(double[] left, double[] right) {
            left[0] += right[0];
            left[1] += right[1];
            return left;
        }

        @Override
        public ValueCodec<double[]> codec() {
            return ValueCodecs.DOUBLE_ARRAY;
        }
    }
}
