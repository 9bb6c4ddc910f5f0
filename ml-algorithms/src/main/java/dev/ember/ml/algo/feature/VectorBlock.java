package dev.ember.ml.algo.feature;

import dev.ember.ml.core.data.Column;
import dev.ember.ml.core.data.DataType;

import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;

/** Element access to a vector column's off-heap n x d block, float or double, without copying. */
final class VectorBlock {
    private final DoubleBuffer doubles;
    private final FloatBuffer floats;
    final int rows;
    final int width;

    VectorBlock(Column column) {
        this.rows = column.length();
        this.width = column.vectorSize();
        boolean isFloat = column.field().elementType() == DataType.FLOAT;
        this.doubles = isFloat ? null : column.doubles();
        this.floats = isFloat ? column.floats() : null;
    }

    double get(int row, int j) {
        int i = row * width + j;
        return doubles != null ? doubles.get(i) : floats.get(i);
    }

    void set(int row, int j, double v) {
        int i = row * width + j;
        if (doubles != null) {
            doubles.put(i, v);
        } else {
            floats.put(i, (float) v);
        }
    }
}
