package dev.ember.ml.algo.feature;

import dev.ember.ml.core.data.Column;
import dev.ember.ml.core.data.DataType;
import dev.ember.ml.core.data.Partition;
import dev.ember.ml.core.data.Schema;
import dev.ember.ml.core.runtime.KernelParams;
import dev.ember.ml.core.runtime.MapKernel;

/** The kernels of the feature transformers: one pass over a partition's off-heap columns each. */
final class FeatureKernels {
    private FeatureKernels() {
    }

    /** Writes the input columns into one n x d output block, row by row. */
    static final class Assemble implements MapKernel {
        @Override
        public Partition apply(Partition input, KernelParams params, Schema outputSchema) {
            String[] cols = params.getStringArray("inputCols");
            boolean keep = params.getBoolean("keepInvalid");
            String outName = params.getString("outputCol");
            Column out = Column.allocate(outputSchema.field(outName), input.numRows());
            VectorBlock dst = new VectorBlock(out);
            try {
                int offset = 0;
                for (String name : cols) {
                    Column c = input.column(name);
                    if (c.type() == DataType.VECTOR) {
                        VectorBlock src = new VectorBlock(c);
                        for (int r = 0; r < src.rows; r++) {
                            for (int j = 0; j < src.width; j++) {
                                dst.set(r, offset + j, check(src.get(r, j), keep, name, input.index(), r));
                            }
                        }
                        offset += src.width;
                    } else {
                        for (int r = 0; r < c.length(); r++) {
                            dst.set(r, offset, check(c.getDouble(r), keep, name, input.index(), r));
                        }
                        offset++;
                    }
                }
            } catch (RuntimeException e) {
                out.release();
                throw e;
            }
            return input.withColumn(out);
        }

        private static double check(double v, boolean keep, String col, int partition, int row) {
            if (Double.isNaN(v) && !keep) {
                throw new IllegalArgumentException("VectorAssembler: column '" + col + "', partition " + partition
                    + ", row " + row + ": found null or NaN, expected a number (set handleInvalid=keep to pass it"
                    + " on as NaN)");
            }
            return v;
        }
    }

    /** {@code out[r, j] = (in[r, j] - shift[j]) * factor[j]}, fused, written straight off-heap. */
    static final class Affine implements MapKernel {
        @Override
        public Partition apply(Partition input, KernelParams params, Schema outputSchema) {
            double[] shift = params.getDoubleArray("shift");
            double[] factor = params.getDoubleArray("factor");
            Column in = input.column(params.getString("inputCol"));
            Column out = Column.allocate(outputSchema.field(params.getString("outputCol")), input.numRows());
            VectorBlock src = new VectorBlock(in);
            VectorBlock dst = new VectorBlock(out);
            for (int r = 0; r < src.rows; r++) {
                for (int j = 0; j < src.width; j++) {
                    dst.set(r, j, (src.get(r, j) - shift[j]) * factor[j]);
                }
            }
            return input.withColumn(out);
        }
    }
}
