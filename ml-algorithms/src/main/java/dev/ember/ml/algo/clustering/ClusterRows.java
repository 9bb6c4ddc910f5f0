package dev.ember.ml.algo.clustering;

import dev.ember.ml.algo.optim.FeatureBlock;
import dev.ember.ml.core.data.Column;
import dev.ember.ml.core.data.Partition;

/**
 * One partition's rows as the clustering kernels read them: the off-heap feature block (float or double, each
 * element widened to double as it is read), optional row weights, and for the cosine measure each row scaled to
 * unit length (cosine k-means is Euclidean k-means on the unit sphere with unit-length centers). Errors name the
 * column, partition, row and element.
 */
final class ClusterRows {
    final FeatureBlock block;
    private final java.nio.FloatBuffer floats;
    private final java.nio.DoubleBuffer doubles;
    private final float[] scratch;
    final String featuresCol;
    final int partition;
    final int rows;
    final int width;
    final boolean unit;
    private final double[] weights;

    ClusterRows(Partition p, String featuresCol, String weightCol, boolean unit) {
        Column x = p.column(featuresCol);
        this.featuresCol = featuresCol;
        this.partition = p.index();
        this.block = new FeatureBlock(x);
        boolean isFloat = x.field().elementType() == dev.ember.ml.core.data.DataType.FLOAT;
        this.floats = isFloat ? x.rawBytes().order(java.nio.ByteOrder.nativeOrder()).asFloatBuffer() : null;
        this.doubles = isFloat ? null : x.rawBytes().order(java.nio.ByteOrder.nativeOrder()).asDoubleBuffer();
        this.scratch = new float[x.vectorSize()];
        this.rows = block.rows();
        this.width = block.width();
        this.unit = unit;
        if (x.nullCount() > 0) {
            int r = x.nulls().nextSetBit(0);
            throw new IllegalArgumentException("column '" + featuresCol + "', partition " + partition + ", row " + r
                + ": found null, expected a vector (impute or filter it first)");
        }
        this.weights = weightCol == null || weightCol.isEmpty() ? null : weights(p, weightCol);
    }

    /** @param r a row @return its weight (1 without a weight column) */
    double weight(int r) {
        return weights == null ? 1 : weights[r];
    }

    /**
     * Reads row {@code r} into {@code x} as doubles (unit length for the cosine measure).
     *
     * @param r the row
     * @param x at least {@link #width} elements
     * @param check whether to refuse non-finite elements (the passes that read every row check; the pruned
     *     Lloyd steps, which read rows already checked, do not)
     */
    void read(int r, double[] x, boolean check) {
        if (floats != null) {
            // a bulk copy, then a widening loop the JIT vectorizes
            floats.get(r * width, scratch, 0, width);
            for (int j = 0; j < width; j++) {
                x[j] = scratch[j];
            }
        } else {
            doubles.get(r * width, x, 0, width);
        }
        if (check || unit) {
            double ss = 0;
            for (int j = 0; j < width; j++) {
                ss += x[j] * x[j];
            }
            if (check && !Double.isFinite(ss)) {
                for (int j = 0; j < width; j++) {
                    if (!Double.isFinite(x[j])) {
                        throw error(r, x[j] + " at element " + j, "a finite number (impute or filter it first)");
                    }
                }
                throw error(r, "a squared norm that overflows", "finite values");
            }
            if (unit) {
                if (ss == 0) {
                    throw error(r, "a vector of norm 0", "a non-zero vector (the cosine distance is undefined at 0)");
                }
                double inv = 1 / Math.sqrt(ss);
                for (int j = 0; j < width; j++) {
                    x[j] *= inv;
                }
            }
        }
    }

    IllegalArgumentException error(int r, String found, String expected) {
        return new IllegalArgumentException("column '" + featuresCol + "', partition " + partition + ", row " + r
            + ": found " + found + ", expected " + expected);
    }

    private static double[] weights(Partition p, String name) {
        Column c = p.column(name);
        double[] v = new double[c.length()];
        for (int r = 0; r < v.length; r++) {
            v[r] = c.isNull(r) ? Double.NaN : c.getDouble(r);
            if (!(v[r] >= 0) || !Double.isFinite(v[r])) {
                throw new IllegalArgumentException("weight column '" + name + "', partition " + p.index() + ", row "
                    + r + ": found " + (c.isNull(r) ? "null" : v[r]) + ", expected a finite number >= 0");
            }
        }
        return v;
    }
}
