package dev.ember.ml.runtime;

import dev.ember.ml.core.data.ColumnBuilder;
import dev.ember.ml.core.data.DataType;
import dev.ember.ml.core.data.Frame;
import dev.ember.ml.core.data.Partition;
import dev.ember.ml.core.io.ParquetReader;
import dev.ember.ml.core.io.ParquetWriter;
import dev.ember.ml.core.runtime.Runtime;

import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;

/** Synthetic logistic-regression data written to Parquet, so that executors read their own row groups. */
final class ClusterTestData {
    private ClusterTestData() {
    }

    /**
     * Runs the loss kernels' scalar path in this JVM and in the executors it starts. The Vector API path is
     * deterministic in a warm JVM, but its lane reductions may round differently before and after the JIT compiles
     * them (about 1e-17), which a long fit at {@code tol 0} amplifies; the tests compare models exactly, so they
     * take the strict-Java path everywhere. Call before the first fit in this JVM.
     */
    static void deterministicKernels() {
        System.setProperty("ember.vector.disable", "true");
        System.setProperty("ember.cluster.executorJvmOptions", "-Dember.vector.disable=true");
    }

    /**
     * Writes rows x d features (float vectors) and a 0/1 label to a Parquet file with one row group per
     * {@code rowGroupRows} rows.
     */
    static Path writeLogistic(Path file, int rows, int d, int rowGroupRows, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        double[] w = new double[d];
        for (int j = 0; j < d; j++) {
            w[j] = gaussian(rnd) / Math.sqrt(d);
        }
        double[][] x = new double[rows][d];
        double[] y = new double[rows];
        for (int i = 0; i < rows; i++) {
            double m = 0.3;
            for (int j = 0; j < d; j++) {
                x[i][j] = gaussian(rnd);
                m += x[i][j] * w[j];
            }
            y[i] = rnd.nextDouble() < 1 / (1 + Math.exp(-m)) ? 1 : 0;
        }
        try (Runtime rt = Runtime.inProcess()) {
            Frame f = Frame.of(rt, List.of(new Partition(0, List.of(ColumnBuilder.ofVectors("features",
                DataType.FLOAT, x), ColumnBuilder.ofDoubles("label", y)))));
            ParquetWriter.options().rowGroupRows(rowGroupRows).write(f, file);
        }
        return file;
    }

    static Frame read(Runtime rt, Path file) {
        return ParquetReader.options().runtime(rt).rowGroupsPerPartition(1).read(file);
    }

    private static double gaussian(SplittableRandom rnd) {
        double u = rnd.nextDouble();
        double v = rnd.nextDouble();
        return Math.sqrt(-2 * Math.log(1 - u)) * Math.cos(2 * Math.PI * v);
    }
}
