package dev.ember.ml.algo.optim;

import dev.ember.ml.core.data.Column;
import dev.ember.ml.core.data.DataType;

import java.nio.ByteBuffer;

/**
 * Row access to a vector column's off-heap n x d block (float or double) for the scalar kernels: dot products
 * with a coefficient vector and scaled additions of a row into an accumulator, reading the block in place.
 */
public final class FeatureBlock {
    private final ByteBuffer bytes;
    private final boolean isFloat;
    private final int rows;
    private final int width;

    /** @param column a vector column */
    public FeatureBlock(Column column) {
        this.bytes = column.rawBytes();
        this.isFloat = column.field().elementType() == DataType.FLOAT;
        this.rows = column.length();
        this.width = column.vectorSize();
    }

    /** @return the number of rows */
    public int rows() {
        return rows;
    }

    /** @return the number of columns */
    public int width() {
        return width;
    }

    /**
     * @param row a row
     * @param j a column
     * @return the element
     */
    public double get(int row, int j) {
        int i = row * width + j;
        return isFloat ? bytes.getFloat(i << 2) : bytes.getDouble(i << 3);
    }

    /**
     * @param row a row
     * @param coef coefficients
     * @param offset where the row's {@code width} coefficients start in {@code coef}
     * @return {@code sum_j x[row, j] * coef[offset + j]}
     */
    public double dot(int row, double[] coef, int offset) {
        int base = row * width;
        double s = 0;
        if (isFloat) {
            for (int j = 0; j < width; j++) {
                s += coef[offset + j] * bytes.getFloat((base + j) << 2);
            }
        } else {
            for (int j = 0; j < width; j++) {
                s += coef[offset + j] * bytes.getDouble((base + j) << 3);
            }
        }
        return s;
    }

    /**
     * Adds {@code a * x[row]} into {@code out[offset .. offset + width)}.
     *
     * @param a the scale
     * @param row a row
     * @param out the accumulator
     * @param offset where to add
     */
    public void axpy(double a, int row, double[] out, int offset) {
        int base = row * width;
        if (isFloat) {
            for (int j = 0; j < width; j++) {
                out[offset + j] += a * bytes.getFloat((base + j) << 2);
            }
        } else {
            for (int j = 0; j < width; j++) {
                out[offset + j] += a * bytes.getDouble((base + j) << 3);
            }
        }
    }

    /**
     * Copies one row.
     *
     * @param row a row
     * @param out an array of at least {@code width} elements
     */
    public void copyRow(int row, double[] out) {
        for (int j = 0; j < width; j++) {
            out[j] = get(row, j);
        }
    }
}
