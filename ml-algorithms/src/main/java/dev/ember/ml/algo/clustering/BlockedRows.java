package dev.ember.ml.algo.clustering;

import dev.ember.ml.core.data.Column;
import dev.ember.ml.core.data.Field;

import java.nio.FloatBuffer;

/**
 * k-means' own copy of a partition's rows: float32, transposed by blocks of {@value #BLOCK} rows, so that a block
 * loads as one SIMD lane per row ({@link RowMath#nearestF}). Block {@code b} holds rows {@code 8b .. 8b + 7} as
 * {@code d x 8} (element {@code j} of the block's row {@code i} at {@code j * 8 + i}); a short last block of
 * {@code m} rows is {@code d x m}. Each block takes the bytes its rows take in a row-major column, so the copy is a
 * plain float vector column of the partition's length; it is one of the Lloyd state's columns, built once by
 * {@link KMeansKernels.HamerlyInit} and shared by every later state (Spark's k-means similarly caches its own
 * copy of the rows, with their norms). Rows are stored as read ({@link ClusterRows#read}: unit length for the
 * cosine measure), rounded to float; {@link FloatCenters} accounts for the rounding.
 */
final class BlockedRows {
    /** Rows per block: one per float lane of a 256-bit vector. */
    static final int BLOCK = 8;

    private BlockedRows() {
    }

    /**
     * Copies every row into a new column, checking the rows as {@link ClusterRows#read} does.
     *
     * @param rows the partition's rows
     * @param field the column's field (a float vector of the rows' width)
     * @return the column
     */
    static Column build(ClusterRows rows, Field field) {
        int n = rows.rows;
        int d = rows.width;
        Column out = Column.allocate(field, n);
        FloatBuffer fb = out.floats();
        double[] x = new double[d];
        float[] t = new float[d * BLOCK];
        for (int start = 0; start < n; start += BLOCK) {
            int m = Math.min(BLOCK, n - start);
            for (int i = 0; i < m; i++) {
                rows.read(start + i, x, true);
                for (int j = 0; j < d; j++) {
                    t[j * m + i] = (float) x[j];
                }
            }
            fb.put(start * d, t, 0, m * d);
        }
        return out;
    }

    /**
     * Loads block {@code b} as {@code d x 8}, a short last block padded with zero rows.
     *
     * @param src the column's floats
     * @param n the partition's rows
     * @param d the width
     * @param b the block
     * @param t receives the block, {@code d x 8}
     * @return the rows in the block
     */
    static int load(FloatBuffer src, int n, int d, int b, float[] t) {
        int start = b * BLOCK;
        int m = Math.min(BLOCK, n - start);
        if (m == BLOCK) {
            src.get(start * d, t, 0, BLOCK * d);
            return m;
        }
        java.util.Arrays.fill(t, 0f);
        for (int j = 0; j < d; j++) {
            src.get(start * d + j * m, t, j * BLOCK, m);
        }
        return m;
    }

    /** @param n the partition's rows @return its blocks */
    static int blocks(int n) {
        return (n + BLOCK - 1) / BLOCK;
    }
}
