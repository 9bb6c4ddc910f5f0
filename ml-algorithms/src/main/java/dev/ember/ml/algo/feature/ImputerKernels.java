package dev.ember.ml.algo.feature;

import dev.ember.ml.core.InvalidStateException;
import dev.ember.ml.core.data.Column;
import dev.ember.ml.core.data.Partition;
import dev.ember.ml.core.data.Schema;
import dev.ember.ml.core.runtime.KernelParams;
import dev.ember.ml.core.runtime.MapKernel;

import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.nio.IntBuffer;
import java.nio.LongBuffer;
import java.util.ArrayList;
import java.util.List;

/** The transform kernel of {@link ImputerModel} (its fit uses {@link QuantileKernels}). */
final class ImputerKernels {
    private ImputerKernels() {
    }

    /**
     * Replaces nulls and values equal to {@code missingValue} (NaN matches NaN) by each column's surrogate, one pass
     * per column writing straight off-heap in the input's type; integer columns take the surrogate truncated
     * toward zero, as Spark's cast does.
     */
    static final class Impute implements MapKernel {
        @Override
        public Partition apply(Partition input, KernelParams params, Schema outputSchema) {
            String[] in = params.getStringArray("inputCols");
            String[] outCols = params.getStringArray("outputCols");
            double[] surrogates = params.getDoubleArray("surrogates");
            double missing = params.getDouble("missingValue");
            int n = input.numRows();
            List<Column> out = new ArrayList<>(in.length);
            try {
                for (int i = 0; i < in.length; i++) {
                    Column c = input.column(in[i]);
                    Column o = Column.allocate(outputSchema.field(outCols[i]), n);
                    out.add(o);
                    fill(c, o, surrogates[i], missing);
                }
            } catch (RuntimeException e) {
                out.forEach(Column::release);
                throw e;
            }
            return input.withColumns(out);
        }

        private static void fill(Column c, Column o, double surrogate, double missing) {
            int n = c.length();
            switch (o.type()) {
                case DOUBLE -> {
                    DoubleBuffer b = o.doubles();
                    for (int r = 0; r < n; r++) {
                        b.put(r, value(c, r, surrogate, missing));
                    }
                }
                case FLOAT -> {
                    FloatBuffer b = o.floats();
                    for (int r = 0; r < n; r++) {
                        b.put(r, (float) value(c, r, surrogate, missing));
                    }
                }
                case INT -> {
                    IntBuffer b = o.ints();
                    int s = (int) surrogate;
                    for (int r = 0; r < n; r++) {
                        b.put(r, imputed(c, r, missing) ? s : c.getInt(r));
                    }
                }
                case LONG -> {
                    LongBuffer b = o.longs();
                    long s = (long) surrogate;
                    for (int r = 0; r < n; r++) {
                        b.put(r, imputed(c, r, missing) ? s : c.getLong(r));
                    }
                }
                default -> throw new InvalidStateException("Imputer: column '" + c.name() + "' of type "
                    + c.field().typeString() + " passed the schema check");
            }
        }

        private static boolean imputed(Column c, int r, double missing) {
            if (c.isNull(r)) {
                return true;
            }
            double v = c.getDouble(r);
            return v == missing || (Double.isNaN(missing) && Double.isNaN(v));
        }

        private static double value(Column c, int r, double surrogate, double missing) {
            return imputed(c, r, missing) ? surrogate : c.getDouble(r);
        }
    }
}
