package dev.ember.ml.bench.jmh;

import dev.ember.ml.algo.optim.LossKernels;
import dev.ember.ml.core.data.Column;
import dev.ember.ml.core.data.ColumnBuilder;
import dev.ember.ml.core.data.DataType;
import dev.ember.ml.core.data.Field;
import dev.ember.ml.core.data.Partition;
import dev.ember.ml.core.runtime.AggregateKernel;
import dev.ember.ml.core.runtime.Broadcast;
import dev.ember.ml.core.runtime.KernelParams;
import dev.ember.ml.core.runtime.KernelRegistry;
import dev.ember.ml.core.runtime.Runtime;
import dev.ember.ml.core.runtime.RuntimeConfig;
import dev.ember.ml.core.runtime.ValueCodecs;

import java.nio.ByteBuffer;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.util.List;
import java.util.SplittableRandom;

/**
 * One partition for the kernel micro-benchmarks: an {@value #ROWS} x {@value #D} row-major feature block
 * (float32 or float64, off-heap through ND4J, as {@code VectorAssembler} makes it) with features from N(0, 1), a
 * binary label drawn from the logistic model, a class label 0..{@value #CLASSES}-1, and a regression target; plus
 * the loss kernels as the runtime resolves them, and their coefficients broadcast on a one-thread in-process
 * runtime. The same seed gives the same data in every fork.
 */
final class KernelData implements AutoCloseable {
    /** Rows of the block. */
    static final int ROWS = 100_000;
    /** Features per row. */
    static final int D = 50;
    /** Classes of the multinomial kernel. */
    static final int CLASSES = 10;
    static final String FEATURES = "features";
    static final String LABEL = "label";
    static final String CLASS = "class";
    static final String TARGET = "y";
    private static final long SEED = 42;

    final boolean isFloat;
    final Partition partition;
    final Column features;
    final Runtime runtime;
    private final Broadcast<double[]> binaryCoef;
    private final Broadcast<double[]> multinomialCoef;

    /** @param elementType {@code float} or {@code double} */
    KernelData(String elementType) {
        isFloat = switch (elementType) {
            case "float" -> true;
            case "double" -> false;
            default -> throw new IllegalArgumentException("element type: found " + elementType
                + ", expected float or double");
        };
        SplittableRandom rng = new SplittableRandom(SEED);
        double[] w = new double[D];
        for (int j = 0; j < D; j++) {
            w[j] = gaussian(rng) / Math.sqrt(D);
        }
        double[][] wk = new double[CLASSES][D];
        for (int c = 0; c < CLASSES; c++) {
            for (int j = 0; j < D; j++) {
                wk[c][j] = gaussian(rng) / Math.sqrt(D);
            }
        }
        features = Column.allocate(Field.vector(FEATURES, D, isFloat ? DataType.FLOAT : DataType.DOUBLE), ROWS);
        FloatBuffer fb = isFloat ? features.floats() : null;
        DoubleBuffer db = isFloat ? null : features.doubles();
        double[] label = new double[ROWS];
        double[] cls = new double[ROWS];
        double[] y = new double[ROWS];
        double[] row = new double[D];
        for (int r = 0; r < ROWS; r++) {
            double z = 0.5;
            for (int j = 0; j < D; j++) {
                double v = gaussian(rng);
                row[j] = isFloat ? (float) v : v;
                z += row[j] * w[j];
                if (isFloat) {
                    fb.put(r * D + j, (float) v);
                } else {
                    db.put(r * D + j, v);
                }
            }
            label[r] = rng.nextDouble() < 1 / (1 + Math.exp(-z)) ? 1 : 0;
            y[r] = z + 0.5 * gaussian(rng);
            int best = 0;
            double bestScore = Double.NEGATIVE_INFINITY;
            for (int c = 0; c < CLASSES; c++) {
                double s = gumbel(rng);
                for (int j = 0; j < D; j++) {
                    s += wk[c][j] * row[j];
                }
                if (s > bestScore) {
                    bestScore = s;
                    best = c;
                }
            }
            cls[r] = best;
        }
        partition = new Partition(0, List.of(features, ColumnBuilder.ofDoubles(LABEL, label),
            ColumnBuilder.ofDoubles(CLASS, cls), ColumnBuilder.ofDoubles(TARGET, y)));
        runtime = Runtime.inProcess(new RuntimeConfig().threads(1));
        double[] coef = new double[D + 1];
        for (int j = 0; j < D; j++) {
            coef[j] = 0.8 * w[j];
        }
        coef[D] = 0.4;
        binaryCoef = runtime.broadcast(coef, ValueCodecs.DOUBLE_ARRAY);
        double[] mcoef = new double[CLASSES * D + CLASSES];
        for (int c = 0; c < CLASSES; c++) {
            for (int j = 0; j < D; j++) {
                mcoef[c * D + j] = 0.8 * wk[c][j];
            }
        }
        multinomialCoef = runtime.broadcast(mcoef, ValueCodecs.DOUBLE_ARRAY);
    }

    private static double gaussian(SplittableRandom rng) {
        // Box-Muller; speed does not matter here, only determinism
        double u = 1 - rng.nextDouble();
        double v = rng.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    }

    private static double gumbel(SplittableRandom rng) {
        return -Math.log(-Math.log(1 - rng.nextDouble() * (1 - 1e-12)));
    }

    /** @return the bytes of the feature block */
    long blockBytes() {
        return (long) ROWS * D * (isFloat ? Float.BYTES : Double.BYTES);
    }

    /** @return the block's raw bytes, native order */
    ByteBuffer bytes() {
        return features.rawBytes();
    }

    /**
     * @param kernel a loss kernel class from {@link LossKernels}
     * @return its registered instance, as the runtime would run it
     */
    @SuppressWarnings("unchecked")
    static AggregateKernel<double[]> kernel(Class<? extends AggregateKernel<double[]>> kernel) {
        return (AggregateKernel<double[]>) KernelRegistry.fromServiceLoader().aggregate(kernel.getName());
    }

    /**
     * @param labelCol the label column
     * @param multinomial whether to pass the K-class coefficients
     * @return the kernel params of one call
     */
    KernelParams params(String labelCol, boolean multinomial) {
        return KernelParams.builder().put("featuresCol", FEATURES).put("labelCol", labelCol)
            .put("coef", multinomial ? multinomialCoef : binaryCoef).build();
    }

    @Override
    public void close() {
        binaryCoef.destroy();
        multinomialCoef.destroy();
        partition.close();
        runtime.close();
    }
}
