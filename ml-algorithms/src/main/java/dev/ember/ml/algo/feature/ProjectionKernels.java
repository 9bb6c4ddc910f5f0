package dev.ember.ml.algo.feature;

import dev.ember.ml.core.data.Column;
import dev.ember.ml.core.data.Partition;
import dev.ember.ml.core.data.Schema;
import dev.ember.ml.core.runtime.AggregateKernel;
import dev.ember.ml.core.runtime.KernelParams;
import dev.ember.ml.core.runtime.MapKernel;
import dev.ember.ml.core.runtime.ValueCodec;

import java.util.Arrays;

/** The kernels of {@link PolynomialExpansion} and {@link PCA}: one pass over a partition's vector block each. */
final class ProjectionKernels {
    private ProjectionKernels() {
    }

    /**
     * Expands each row into its monomials of degree 1..{@code degree}, in {@link PolynomialExpansion}'s order,
     * written straight into the output block. Null rows are refused; NaN propagates into the monomials holding it.
     */
    static final class Polynomial implements MapKernel {
        @Override
        public Partition apply(Partition input, KernelParams params, Schema outputSchema) {
            int degree = params.getInt("degree");
            Column in = input.column(params.getString("inputCol"));
            FeatureChecks.requireNoNullRows("PolynomialExpansion", in, input);
            Column out = Column.allocate(outputSchema.field(params.getString("outputCol")), input.numRows());
            VectorBlock src = new VectorBlock(in);
            VectorBlock dst = new VectorBlock(out);
            double[] x = new double[src.width];
            double[] row = new double[dst.width];
            int[][] sizes = PolynomialExpansion.sizeTable(src.width, degree);
            for (int r = 0; r < src.rows; r++) {
                for (int j = 0; j < x.length; j++) {
                    x[j] = src.get(r, j);
                }
                Arrays.fill(row, 0.0);
                expand(x, x.length - 1, degree, 1.0, row, -1, sizes);
                for (int j = 0; j < row.length; j++) {
                    dst.set(r, j, row[j]);
                }
            }
            return input.withColumn(out);
        }

        /**
         * Writes the monomials of {@code x[0..last]} of total degree at most {@code degree}, each times
         * {@code factor}, from slot {@code at} on, the constant first (slot -1 is the constant 1 of the whole
         * expansion, not written). Order: by the power of {@code x[last]} (0, 1, ..., degree), and within one power
         * recursively by the lower variables. A zero factor leaves its slots at 0.
         *
         * @param sizes {@code sizes[n][g]}: the number of monomials of n variables of degree at most g, 1 included
         * @return the slot after the last one this call covers
         */
        static int expand(double[] x, int last, int degree, double factor, double[] out, int at, int[][] sizes) {
            int end = at + sizes[last + 1][degree];
            if (factor == 0.0) {
                return end;
            }
            if (degree == 0 || last < 0) {
                if (at >= 0) {
                    out[at] = factor;
                }
                return end;
            }
            double f = factor;
            int next = at;
            for (int p = 0; p <= degree && f != 0.0; p++) {
                next = expand(x, last - 1, degree - p, f, out, next, sizes);
                f *= x[last];
            }
            return end;
        }
    }

    /** The {@link ScatterMatrix} of a vector column; refuses null rows and non-finite values. */
    static final class Scatter implements AggregateKernel<ScatterMatrix> {
        @Override
        public ScatterMatrix zero(KernelParams params) {
            return new ScatterMatrix(params.getInt("width"));
        }

        @Override
        public ScatterMatrix seqOp(ScatterMatrix acc, Partition partition, KernelParams params) {
            Column x = partition.column(params.getString("inputCol"));
            FeatureChecks.requireNoNullRows("PCA", x, partition);
            VectorBlock b = new VectorBlock(x);
            int d = b.width;
            ScatterMatrix m = new ScatterMatrix(d);
            m.count = b.rows;
            for (int r = 0; r < b.rows; r++) {
                for (int j = 0; j < d; j++) {
                    double v = b.get(r, j);
                    if (!Double.isFinite(v)) {
                        throw FeatureChecks.rowError("PCA", x, partition, r, v + " at element " + j,
                            "a finite number (impute or filter it first)");
                    }
                    m.mean[j] += v;
                }
            }
            if (b.rows == 0) {
                return acc;
            }
            for (int j = 0; j < d; j++) {
                m.mean[j] /= b.rows;
            }
            double[] dev = new double[d];
            for (int r = 0; r < b.rows; r++) {
                for (int j = 0; j < d; j++) {
                    dev[j] = b.get(r, j) - m.mean[j];
                }
                int k = 0;
                for (int i = 0; i < d; i++) {
                    double di = dev[i];
                    for (int j = i; j < d; j++) {
                        m.scatter[k++] += di * dev[j];
                    }
                }
            }
            return acc.merge(m);
        }

        @Override
        public ScatterMatrix combOp(ScatterMatrix left, ScatterMatrix right) {
            return left.merge(right);
        }

        @Override
        public ValueCodec<ScatterMatrix> codec() {
            return ScatterMatrix.CODEC;
        }
    }

    /**
     * {@code out[r] = x[r] . pc}, with {@code pc} a d x k matrix passed row-major; not centered, as Spark's
     * {@code PCAModel}. Null rows are refused; NaN propagates.
     */
    static final class Project implements MapKernel {
        @Override
        public Partition apply(Partition input, KernelParams params, Schema outputSchema) {
            double[] pc = params.getDoubleArray("pc");
            int k = params.getInt("k");
            Column in = input.column(params.getString("inputCol"));
            FeatureChecks.requireNoNullRows("PCAModel", in, input);
            Column out = Column.allocate(outputSchema.field(params.getString("outputCol")), input.numRows());
            VectorBlock src = new VectorBlock(in);
            VectorBlock dst = new VectorBlock(out);
            double[] acc = new double[k];
            for (int r = 0; r < src.rows; r++) {
                Arrays.fill(acc, 0.0);
                for (int j = 0; j < src.width; j++) {
                    double v = src.get(r, j);
                    int base = j * k;
                    for (int c = 0; c < k; c++) {
                        acc[c] += v * pc[base + c];
                    }
                }
                for (int c = 0; c < k; c++) {
                    dst.set(r, c, acc[c]);
                }
            }
            return input.withColumn(out);
        }
    }
}
