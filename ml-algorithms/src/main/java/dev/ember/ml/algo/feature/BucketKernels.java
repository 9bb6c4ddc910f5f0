package dev.ember.ml.algo.feature;

import dev.ember.ml.core.data.Column;
import dev.ember.ml.core.data.Partition;
import dev.ember.ml.core.data.Schema;
import dev.ember.ml.core.runtime.KernelParams;
import dev.ember.ml.core.runtime.MapKernel;

import java.nio.DoubleBuffer;
import java.util.Arrays;

/** The transform kernel of {@link Bucketizer} and {@link QuantileDiscretizerModel}. */
final class BucketKernels {
    private BucketKernels() {
    }

    /**
     * @param splits strictly increasing split points, at least 3
     * @param v a number (not NaN)
     * @return its bucket: {@code i} for {@code splits[i] <= v < splits[i+1]}, the last bucket also holding
     *     {@code splits[last]}; -1 if {@code v} is outside {@code [splits[0], splits[last]]}
     */
    static int bucket(double[] splits, double v) {
        double x = v + 0.0;
        if (x == splits[splits.length - 1]) {
            return splits.length - 2;
        }
        int i = Arrays.binarySearch(splits, x);
        if (i >= 0) {
            return i;
        }
        int insert = -i - 1;
        return insert == 0 || insert == splits.length ? -1 : insert - 1;
    }

    /**
     * Writes the bucket index of {@code inputCol} to {@code outputCol} ({@code double}). Null and NaN inputs per
     * {@code handleInvalid}: {@code error} fails with column, partition and row, {@code skip} drops the row,
     * {@code keep} puts it in an extra bucket, index {@code splits.length - 1}. A number outside the splits always
     * fails, as in Spark.
     */
    static final class Bucketize implements MapKernel {
        @Override
        public Partition apply(Partition input, KernelParams params, Schema outputSchema) {
            String stage = params.getString("stage");
            double[] splits = params.getDoubleArray("splits");
            String mode = params.getString("handleInvalid");
            Column c = input.column(params.getString("inputCol"));
            int n = c.length();
            Column out = Column.allocate(outputSchema.field(params.getString("outputCol")), n);
            boolean[] keep = null;
            try {
                DoubleBuffer dst = out.doubles();
                for (int r = 0; r < n; r++) {
                    double v = c.getDouble(r);
                    if (c.isNull(r) || Double.isNaN(v)) {
                        switch (mode) {
                            case "keep" -> dst.put(r, splits.length - 1);
                            case "skip" -> {
                                if (keep == null) {
                                    keep = new boolean[n];
                                    Arrays.fill(keep, true);
                                }
                                keep[r] = false;
                                dst.put(r, 0);
                            }
                            default -> throw FeatureChecks.rowError(stage, c, input, r,
                                FeatureChecks.describe(c, r), "a number (set handleInvalid to skip or keep)");
                        }
                        continue;
                    }
                    int b = bucket(splits, v);
                    if (b < 0) {
                        throw FeatureChecks.rowError(stage, c, input, r, Double.toString(v),
                            "a value within the splits [" + splits[0] + ", " + splits[splits.length - 1]
                                + "] (use -Infinity and Infinity as the outer splits to cover every number)");
                    }
                    dst.put(r, b);
                }
            } catch (RuntimeException e) {
                out.release();
                throw e;
            }
            Partition full = input.withColumn(out);
            if (keep == null) {
                return full;
            }
            try (full) {
                return full.filter(keep);
            }
        }
    }
}
