package dev.ember.ml.algo.clustering;

import dev.ember.ml.algo.optim.FeatureBlock;
import dev.ember.ml.core.InvalidArgumentException;
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
    /** Rows copied from the block per bulk copy (the partitions are read mostly in order). */
    private static final int CHUNK_ROWS = 256;
    private final float[] floatChunk;
    private final double[] doubleChunk;
    private int chunkStart = -1;
    private int chunkEnd = -1;
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
        int chunk = Math.max(1, Math.min(CHUNK_ROWS, x.length())) * x.vectorSize();
        this.floatChunk = isFloat ? new float[chunk] : null;
        this.doubleChunk = isFloat ? null : new double[chunk];
        this.rows = block.rows();
        this.width = block.width();
        this.unit = unit;
        if (x.nullCount() > 0) {
            int r = x.nulls().nextSetBit(0);
            throw new InvalidArgumentException("column '" + featuresCol + "', partition " + partition + ", row " + r
                + ": found null, expected a vector (impute or filter it first)");
        }
        this.weights = weightCol == null || weightCol.isEmpty() ? null : weights(p, weightCol);
    }

    /** @return whether the rows are float32 as read (a float block, not rescaled for the cosine measure) */
    boolean exactInFloat() {
        return floats != null && !unit;
    }

    /** @param r a row @return its weight (1 without a weight column) */
    double weight(int r) {
        return weights == null ? 1 : weights[r];
    }

    private void load(int r) {
        if (r < chunkStart || r >= chunkEnd) {
            // one bulk copy of the next CHUNK_ROWS rows: per-row copies of 50 floats cost more in call overhead
            chunkStart = r;
            chunkEnd = Math.min(rows, r + CHUNK_ROWS);
            if (floats != null) {
                floats.get(r * width, floatChunk, 0, (chunkEnd - r) * width);
            } else {
                doubles.get(r * width, doubleChunk, 0, (chunkEnd - r) * width);
            }
        }
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
        read(r, x, 0, check);
    }

    /**
     * Reads row {@code r} into {@code x} from {@code off} on, like {@link #read(int, double[], boolean)}.
     *
     * @param r the row
     * @param x at least {@code off + width} elements
     * @param off where the row goes
     * @param check whether to refuse non-finite elements
     */
        void read(int r, double[] x, int off, boolean check) {
        load(r);
        int at = (r - chunkStart) * width;
        if (floats != null) {
            // a widening loop the JIT vectorizes
            for (int j = 0; j < width; j++) {
                x[off + j] = floatChunk[at + j];
            }
        } else {
            System.arraycopy(doubleChunk, at, x, off, width);
        }
        if (check || unit) {
            double ss = 0;
            for (int j = 0; j < width; j++) {
                ss += x[off + j] * x[off + j];
            }
            if (check && !Double.isFinite(ss)) {
                for (int j = 0; j < width; j++) {
                    if (!Double.isFinite(x[off + j])) {
                        throw error(r, x[off + j] + " at element " + j, "a finite number (impute or filter it first)");
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
                    x[off + j] *= inv;
                }
            }
        }
    }

    /**
     * Reads row {@code r} alone (no bulk copy of the rows after it), for passes that read a few scattered rows;
     * unchecked, unit length for the cosine measure.
     *
     * @param r the row
     * @param x at least {@link #width} elements
     */
    void readOne(int r, double[] x) {
        if (r >= chunkStart && r < chunkEnd) {
            read(r, x, false);
            return;
        }
        if (floats != null) {
            floats.get(r * width, floatChunk, 0, width);
            for (int j = 0; j < width; j++) {
                x[j] = floatChunk[j];
            }
        } else {
            doubles.get(r * width, x, 0, width);
        }
        chunkStart = -1;
        chunkEnd = -1;
        if (unit) {
            double ss = 0;
            for (int j = 0; j < width; j++) {
                ss += x[j] * x[j];
            }
            double inv = 1 / Math.sqrt(ss);
            for (int j = 0; j < width; j++) {
                x[j] *= inv;
            }
        }
    }

    InvalidArgumentException error(int r, String found, String expected) {
        return new InvalidArgumentException("column '" + featuresCol + "', partition " + partition + ", row " + r
            + ": found " + found + ", expected " + expected);
    }

    private static double[] weights(Partition p, String name) {
        Column c = p.column(name);
        double[] v = new double[c.length()];
        for (int r = 0; r < v.length; r++) {
            v[r] = c.isNull(r) ? Double.NaN : c.getDouble(r);
            if (!(v[r] >= 0) || !Double.isFinite(v[r])) {
                throw new InvalidArgumentException("weight column '" + name + "', " + p.where(r) + ": found "
                    + (c.isNull(r) ? "null" : v[r]) + ", expected a finite number >= 0");
            }
        }
        return v;
    }
}
