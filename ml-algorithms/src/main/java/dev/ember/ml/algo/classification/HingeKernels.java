package dev.ember.ml.algo.classification;

import dev.ember.ml.algo.optim.FeatureBlock;
import dev.ember.ml.core.InvalidArgumentException;
import dev.ember.ml.core.data.Column;
import dev.ember.ml.core.data.Partition;
import dev.ember.ml.core.runtime.AggregateKernel;
import dev.ember.ml.core.runtime.KernelParams;
import dev.ember.ml.core.runtime.KernelProvider;
import dev.ember.ml.core.runtime.KernelRegistry;
import dev.ember.ml.core.runtime.ValueCodec;
import dev.ember.ml.core.runtime.ValueCodecs;

import java.util.Arrays;

/**
 * The data passes of {@link HingeSolver}, one tree-aggregate each, in the standardized space. Every row is read
 * (float or double) into a double vector {@code a = s * [(x - mean) * invStd, 1]} with {@code s = 2y - 1} (no
 * centering and no trailing 1 without an intercept) and its slack {@code z = 1 - a . theta}; all sums are in
 * double whatever the storage type.
 *
 * <p>Kernel params: {@code featuresCol}, {@code labelCol} (0 or 1), optional {@code weightCol}, {@code mean},
 * {@code invStd}, {@code intercept}, and per kernel the points and widths below.
 */
public final class HingeKernels implements KernelProvider {

    @Override
    public void registerKernels(KernelRegistry registry) {
        registry.registerAggregate(NewtonPass.class, NewtonPass::new);
        registry.registerAggregate(CheckPass.class, CheckPass::new);
        registry.registerAggregate(BandPass.class, BandPass::new);
        registry.registerAggregate(CertificatePass.class, CertificatePass::new);
    }

    /** Number of scalar slots after the vectors and the matrix of a {@link NewtonPass} result. */
    static final int SCALARS = 6;

    /** Offset of the gradient sums in a {@link NewtonPass} result (slot 0 holds p, slot 1 the gather cap). */
    static final int HEADER = 2;

    /** @param p the dimension @return where the scalars of a {@link NewtonPass} result start */
    static int scalarBase(int p) {
        return HEADER + 2 * p + p * p;
    }

    /** Reads one partition's rows as standardized, signed vectors. */
    private static final class Rows {
        final FeatureBlock block;
        final double[] y;
        final double[] w;
        final double[] mean;
        final double[] invStd;
        final boolean intercept;
        final int d;
        final int p;

        Rows(Partition partition, KernelParams params) {
            Column x = partition.column(params.getString("featuresCol"));
            this.block = new FeatureBlock(x);
            this.mean = params.getDoubleArray("mean");
            this.invStd = params.getDoubleArray("invStd");
            this.intercept = params.getBoolean("intercept");
            this.d = x.vectorSize();
            if (d != mean.length) {
                throw new InvalidArgumentException("column '" + params.getString("featuresCol") + "', partition "
                    + partition.index() + ": found width " + d + ", expected " + mean.length);
            }
            this.p = d + (intercept ? 1 : 0);
            this.y = labels(partition, params.getString("labelCol"));
            this.w = params.has("weightCol") ? weights(partition, params.getString("weightCol")) : null;
        }

        int rows() {
            return block.rows();
        }

        double weight(int r) {
            return w == null ? 1 : w[r];
        }

        /** Fills {@code a} with row r's signed standardized vector. */
        void signedRow(int r, double[] a) {
            double s = 2 * y[r] - 1;
            for (int j = 0; j < d; j++) {
                a[j] = s * (block.get(r, j) - mean[j]) * invStd[j];
            }
            if (intercept) {
                a[d] = s;
            }
        }

        private static double[] labels(Partition part, String name) {
            Column c = part.column(name);
            double[] v = new double[c.length()];
            for (int r = 0; r < v.length; r++) {
                v[r] = c.isNull(r) ? Double.NaN : c.getDouble(r);
                if (v[r] != 0 && v[r] != 1) {
                    throw new InvalidArgumentException("label column '" + name + "', " + part.where(r) + ": found "
                        + (c.isNull(r) ? "null" : v[r]) + ", expected 0 or 1");
                }
            }
            return v;
        }

        private static double[] weights(Partition part, String name) {
            Column c = part.column(name);
            double[] v = new double[c.length()];
            for (int r = 0; r < v.length; r++) {
                v[r] = c.isNull(r) ? Double.NaN : c.getDouble(r);
                if (!(v[r] >= 0) || !Double.isFinite(v[r])) {
                    throw new InvalidArgumentException("weight column '" + name + "', " + part.where(r) + ": found "
                        + (c.isNull(r) ? "null" : v[r])
                        + ", expected a finite number >= 0");
                }
            }
            return v;
        }
    }

    static double dot(double[] a, double[] theta) {
        double s = 0;
        for (int j = 0; j < a.length; j++) {
            s += a[j] * theta[j];
        }
        return s;
    }

    /**
     * Value, gradient and Hessian sums of the smoothed hinge {@code l_h(z)} (0 for {@code z <= 0},
     * {@code z^2 / 2h} for {@code 0 < z <= h}, {@code z - h/2} above) at {@code theta}, and the rows of the
     * band {@code gatherLow < z <= gatherHigh} around the margin gathered while there are at most
     * {@code gatherCap} of them. Result, with {@code p} the dimension: {@code [p, gatherCap, G (p) =
     * sum c l'(z) a, GL (p) = sum_{z > gatherHigh} c a, H (p x p, upper triangle) = sum_{zone} c a a',
     * smoothLoss, hingeLoss, weightSum, zoneCount, overflow, gathered, rows (p + 1 each: a, c)]}.
     */
    static final class NewtonPass implements AggregateKernel<double[]> {
        @Override
        public double[] zero(KernelParams params) {
            int p = params.getDoubleArray("theta").length;
            double[] z = new double[scalarBase(p) + SCALARS];
            z[0] = p;
            z[1] = params.getInt("gatherCap");
            return z;
        }

        @Override
        public double[] seqOp(double[] acc, Partition partition, KernelParams params) {
            Rows rows = new Rows(partition, params);
            double[] theta = params.getDoubleArray("theta");
            double h = params.getDouble("smoothing");
            double low = params.getDouble("gatherLow");
            double high = params.getDouble("gatherHigh");
            int cap = params.getInt("gatherCap");
            int p = rows.p;
            if (theta.length != p) {
                throw new InvalidArgumentException("theta: found length " + theta.length + ", expected " + p);
            }
            int base = scalarBase(p);
            double[] out = new double[base + SCALARS];
            out[0] = p;
            out[1] = cap;
            double[] gathered = new double[0];
            int nGathered = 0;
            boolean overflow = false;
            double[] a = new double[p];
            for (int r = 0; r < rows.rows(); r++) {
                double c = rows.weight(r);
                rows.signedRow(r, a);
                double z = 1 - dot(a, theta);
                out[base + 2] += c;
                if (c == 0) {
                    continue;
                }
                if (z > low && z <= high) {
                    if (!overflow && nGathered < cap) {
                        if ((nGathered + 1) * (p + 1) > gathered.length) {
                            gathered = Arrays.copyOf(gathered, Math.max(4 * (p + 1), 2 * gathered.length));
                        }
                        System.arraycopy(a, 0, gathered, nGathered * (p + 1), p);
                        gathered[nGathered * (p + 1) + p] = c;
                        nGathered++;
                    } else {
                        overflow = true;
                    }
                } else if (z > high) {
                    for (int j = 0; j < p; j++) {
                        out[HEADER + p + j] += c * a[j];
                    }
                }
                if (z <= 0) {
                    continue;
                }
                out[base + 1] += c * z;
                if (z > h) {
                    out[base] += c * (z - h / 2);
                    for (int j = 0; j < p; j++) {
                        out[HEADER + j] += c * a[j];
                    }
                    continue;
                }
                out[base] += c * z * z / (2 * h);
                double g = c * z / h;
                for (int j = 0; j < p; j++) {
                    out[HEADER + j] += g * a[j];
                    double ca = c * a[j];
                    int row = HEADER + 2 * p + j * p;
                    for (int k = j; k < p; k++) {
                        out[row + k] += ca * a[k];
                    }
                }
                out[base + 3] += 1;
            }
            out[base + 4] = overflow ? 1 : 0;
            double[] part = Arrays.copyOf(out, out.length + (overflow ? 0 : nGathered * (p + 1)));
            if (!overflow) {
                System.arraycopy(gathered, 0, part, out.length, nGathered * (p + 1));
                part[base + 5] = nGathered;
            }
            return acc == null ? part : merge(acc, part);
        }

        @Override
        public double[] combOp(double[] left, double[] right) {
            return merge(left, right);
        }

        private static double[] merge(double[] left, double[] right) {
            int p = (int) left[0];
            int cap = (int) left[1];
            if (right[0] != p || left.length < scalarBase(p) + SCALARS || right.length < scalarBase(p) + SCALARS) {
                throw new InvalidArgumentException("hinge accumulators: found dimensions " + left[0] + " and "
                    + right[0] + " (lengths " + left.length + ", " + right.length + "), expected equal");
            }
            int base = scalarBase(p);
            int headerLength = base + SCALARS;
            double[] out = Arrays.copyOf(left, headerLength);
            for (int i = HEADER; i < base + 4; i++) {
                out[i] += right[i];
            }
            int nl = (int) left[base + 5];
            int nr = (int) right[base + 5];
            boolean overflow = left[base + 4] != 0 || right[base + 4] != 0 || nl + nr > cap;
            if (overflow) {
                out[base + 4] = 1;
                out[base + 5] = 0;
                return out;
            }
            out = Arrays.copyOf(out, headerLength + (nl + nr) * (p + 1));
            System.arraycopy(left, headerLength, out, headerLength, nl * (p + 1));
            System.arraycopy(right, headerLength, out, headerLength + nl * (p + 1), nr * (p + 1));
            out[base + 5] = nl + nr;
            return out;
        }

        @Override
        public ValueCodec<double[]> codec() {
            return ValueCodecs.DOUBLE_ARRAY;
        }
    }

    /**
     * Checks a candidate optimum {@code thetaStar} against the row classes at the point {@code thetaH} it was
     * derived from: rows with {@code z > gatherHigh} at {@code thetaH} (dual value at its upper bound) must have
     * {@code z >= -tol} at {@code thetaStar}, rows with {@code z <= gatherLow} (dual value 0) must have
     * {@code z <= tol}; the rows between were gathered and checked on the driver.
     * Result: {@code [violations, largest violation, hinge loss sum at thetaStar, weightSum]}.
     */
    static final class CheckPass implements AggregateKernel<double[]> {
        @Override
        public double[] zero(KernelParams params) {
            return new double[4];
        }

        @Override
        public double[] seqOp(double[] acc, Partition partition, KernelParams params) {
            Rows rows = new Rows(partition, params);
            double[] thetaH = params.getDoubleArray("thetaH");
            double[] thetaStar = params.getDoubleArray("thetaStar");
            double low = params.getDouble("gatherLow");
            double high = params.getDouble("gatherHigh");
            double tol = params.getDouble("tol");
            double[] out = acc == null ? new double[4] : acc;
            double[] a = new double[rows.p];
            for (int r = 0; r < rows.rows(); r++) {
                double c = rows.weight(r);
                rows.signedRow(r, a);
                double zh = 1 - dot(a, thetaH);
                double z = 1 - dot(a, thetaStar);
                out[3] += c;
                if (c == 0) {
                    continue;
                }
                if (z > 0) {
                    out[2] += c * z;
                }
                double violation = zh > high ? -z : zh <= low ? z : Double.NEGATIVE_INFINITY;
                if (violation > tol) {
                    out[0] += 1;
                    out[1] = Math.max(out[1], violation);
                }
            }
            return out;
        }

        @Override
        public double[] combOp(double[] left, double[] right) {
            if (left.length != 4 || right.length != 4) {
                throw new InvalidArgumentException("hinge check accumulators: found lengths " + left.length
                    + " and " + right.length + ", expected 4");
            }
            left[0] += right[0];
            left[1] = Math.max(left[1], right[1]);
            left[2] += right[2];
            left[3] += right[3];
            return left;
        }

        @Override
        public ValueCodec<double[]> codec() {
            return ValueCodecs.DOUBLE_ARRAY;
        }
    }

    /** Number of bins of the {@link #bin} histogram of {@code |z|}. */
    static final int BINS = 64;
    /** The smallest histogram edge is {@code 2^LOWEST_EDGE}. */
    static final int LOWEST_EDGE = -50;

    /** @param k a bin @return the upper edge of {@code |z|} in bin k (the last bin is unbounded) */
    static double binEdge(int k) {
        return k == BINS - 1 ? Double.POSITIVE_INFINITY : Math.scalb(1.0, LOWEST_EDGE + k);
    }

    /** @param absZ {@code |z|} @return its bin: the first k with {@code absZ <= binEdge(k)} */
    static int bin(double absZ) {
        if (!(absZ > binEdge(0))) {
            return 0;
        }
        int k = Math.getExponent(absZ) - LOWEST_EDGE;
        if (absZ > Math.scalb(1.0, Math.getExponent(absZ))) {
            k++;
        }
        return Math.max(0, Math.min(BINS - 1, k));
    }

    /** Scalar slots of a {@link BandPass} result after {@code g}. */
    static final int BAND_SCALARS = 6;

    /** @param p the dimension @return where a {@link BandPass} result's scalars start */
    static int bandScalarBase(int p) {
        return HEADER + p;
    }

    /** @param p the dimension @return where a {@link BandPass} result's gathered rows start */
    static int bandRowsBase(int p) {
        return bandScalarBase(p) + BAND_SCALARS + BINS;
    }

    /**
     * The band of the linear program at {@code theta}: rows with {@code |z| <= band} are gathered (while at most
     * {@code gatherCap}), rows above it summed. Result: {@code [p, gatherCap, g (p) = sum_{z > band} c a,
     * cU = sum_{z > band} c z, weightSum, hingeLoss, overflow, gathered, max_i ||a_i||_1, histogram of |z|
     * (BINS counts, see binEdge), rows (p + 1 each: a, c)]}.
     */
    static final class BandPass implements AggregateKernel<double[]> {
        @Override
        public double[] zero(KernelParams params) {
            int p = params.getDoubleArray("theta").length;
            double[] z = new double[bandRowsBase(p)];
            z[0] = p;
            z[1] = params.getInt("gatherCap");
            return z;
        }

        @Override
        public double[] seqOp(double[] acc, Partition partition, KernelParams params) {
            Rows rows = new Rows(partition, params);
            double[] theta = params.getDoubleArray("theta");
            double band = params.getDouble("band");
            int cap = params.getInt("gatherCap");
            int p = rows.p;
            if (theta.length != p) {
                throw new InvalidArgumentException("theta: found length " + theta.length + ", expected " + p);
            }
            int sb = bandScalarBase(p);
            double[] out = new double[bandRowsBase(p)];
            out[0] = p;
            out[1] = cap;
            double[] gathered = new double[0];
            int nGathered = 0;
            boolean overflow = false;
            double[] a = new double[p];
            for (int r = 0; r < rows.rows(); r++) {
                double c = rows.weight(r);
                rows.signedRow(r, a);
                double z = 1 - dot(a, theta);
                out[sb + 1] += c;
                if (c == 0) {
                    continue;
                }
                double norm = 0;
                for (int j = 0; j < p; j++) {
                    norm += Math.abs(a[j]);
                }
                out[sb + 5] = Math.max(out[sb + 5], norm);
                out[sb + BAND_SCALARS + bin(Math.abs(z))] += 1;
                if (z > 0) {
                    out[sb + 2] += c * z;
                }
                if (z > band) {
                    out[sb] += c * z;
                    for (int j = 0; j < p; j++) {
                        out[HEADER + j] += c * a[j];
                    }
                } else if (z >= -band) {
                    if (!overflow && nGathered < cap) {
                        if ((nGathered + 1) * (p + 1) > gathered.length) {
                            gathered = Arrays.copyOf(gathered, Math.max(4 * (p + 1), 2 * gathered.length));
                        }
                        System.arraycopy(a, 0, gathered, nGathered * (p + 1), p);
                        gathered[nGathered * (p + 1) + p] = c;
                        nGathered++;
                    } else {
                        overflow = true;
                    }
                }
            }
            out[sb + 3] = overflow ? 1 : 0;
            double[] part = out;
            if (!overflow) {
                part = Arrays.copyOf(out, out.length + nGathered * (p + 1));
                System.arraycopy(gathered, 0, part, out.length, nGathered * (p + 1));
                part[sb + 4] = nGathered;
            }
            return acc == null ? part : merge(acc, part);
        }

        @Override
        public double[] combOp(double[] left, double[] right) {
            return merge(left, right);
        }

        private static double[] merge(double[] left, double[] right) {
            int p = (int) left[0];
            int cap = (int) left[1];
            int head = bandRowsBase(p);
            if (right[0] != p || left.length < head || right.length < head) {
                throw new InvalidArgumentException("hinge band accumulators: found dimensions " + left[0] + " and "
                    + right[0] + " (lengths " + left.length + ", " + right.length + "), expected equal");
            }
            int sb = bandScalarBase(p);
            double[] out = Arrays.copyOf(left, head);
            for (int i = HEADER; i < sb + 3; i++) {
                out[i] += right[i];
            }
            out[sb + 5] = Math.max(left[sb + 5], right[sb + 5]);
            for (int k = 0; k < BINS; k++) {
                out[sb + BAND_SCALARS + k] += right[sb + BAND_SCALARS + k];
            }
            int nl = (int) left[sb + 4];
            int nr = (int) right[sb + 4];
            if (left[sb + 3] != 0 || right[sb + 3] != 0 || nl + nr > cap) {
                out[sb + 3] = 1;
                out[sb + 4] = 0;
                return out;
            }
            out = Arrays.copyOf(out, head + (nl + nr) * (p + 1));
            System.arraycopy(left, head, out, head, nl * (p + 1));
            System.arraycopy(right, head, out, head + nl * (p + 1), nr * (p + 1));
            out[sb + 4] = nl + nr;
            return out;
        }

        @Override
        public ValueCodec<double[]> codec() {
            return ValueCodecs.DOUBLE_ARRAY;
        }
    }

    /** Length of a {@link CertificatePass} result. */
    static final int CERTIFICATE_LENGTH = 3 + BINS;

    /**
     * The hinge loss at a candidate {@code thetaStar} and how far the band model built at {@code thetaK} (see
     * {@link BandPass}) falls below it there: rows above the band at {@code thetaK} that cross below the margin
     * contribute {@code c (-z)}, rows below it that cross above contribute {@code c z}. Result:
     * {@code [weightSum, hingeLoss at thetaStar, mismatch, histogram of |z| at thetaStar (BINS counts)]}.
     */
    static final class CertificatePass implements AggregateKernel<double[]> {
        @Override
        public double[] zero(KernelParams params) {
            return new double[CERTIFICATE_LENGTH];
        }

        @Override
        public double[] seqOp(double[] acc, Partition partition, KernelParams params) {
            Rows rows = new Rows(partition, params);
            double[] thetaK = params.getDoubleArray("thetaK");
            double[] thetaStar = params.getDoubleArray("thetaStar");
            double band = params.getDouble("band");
            double[] out = acc == null ? new double[CERTIFICATE_LENGTH] : acc;
            double[] a = new double[rows.p];
            for (int r = 0; r < rows.rows(); r++) {
                double c = rows.weight(r);
                rows.signedRow(r, a);
                out[0] += c;
                if (c == 0) {
                    continue;
                }
                double zk = 1 - dot(a, thetaK);
                double z = 1 - dot(a, thetaStar);
                if (z > 0) {
                    out[1] += c * z;
                }
                if (zk > band && z < 0) {
                    out[2] -= c * z;
                } else if (zk < -band && z > 0) {
                    out[2] += c * z;
                }
                out[3 + bin(Math.abs(z))] += 1;
            }
            return out;
        }

        @Override
        public double[] combOp(double[] left, double[] right) {
            if (left.length != CERTIFICATE_LENGTH || right.length != CERTIFICATE_LENGTH) {
                throw new InvalidArgumentException("hinge certificate accumulators: found lengths " + left.length
                    + " and " + right.length + ", expected " + CERTIFICATE_LENGTH);
            }
            for (int i = 0; i < CERTIFICATE_LENGTH; i++) {
                left[i] += right[i];
            }
            return left;
        }

        @Override
        public ValueCodec<double[]> codec() {
            return ValueCodecs.DOUBLE_ARRAY;
        }
    }
}
