package dev.ember.ml.bench.data;

import dev.ember.ml.core.data.Column;
import dev.ember.ml.core.data.ColumnBuilder;
import dev.ember.ml.core.data.DataType;
import dev.ember.ml.core.data.Field;
import dev.ember.ml.core.data.Frame;
import dev.ember.ml.core.data.Partition;
import dev.ember.ml.core.data.Schema;
import dev.ember.ml.core.io.ParquetWriter;
import dev.ember.ml.core.runtime.InMemorySource;
import dev.ember.ml.core.runtime.Runtime;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The tree benchmark's data set: the features of {@link SyntheticData} (the same rows, seed and streams) with a
 * binary label a linear model cannot fit, and a test-row indicator.
 *
 * <p>{@code label = 1} when {@code sin(2 f0) + f1 f2 + 1.5 [f3 > 0.5] + 0.5 f4^2 - 1 + 0.5 f5 |f6|
 * + 0.5 (y - b) > 0}, where {@code y - b} is the synthetic data's linear signal over all features plus its
 * N(0, 0.5^2) noise: interactions, a step, a curvature and a periodic term on seven features, a weak linear part
 * on all. {@code test = 1} for every fifth row ({@code index % 5 == 0}). Columns {@code f0 .. f(D-1)},
 * {@code label}, {@code test}, all {@code double}.
 */
public final class TreeData {
    /** The non-linear label column. */
    public static final String LABEL = "label";
    /** The test-row indicator column (1 for test rows). */
    public static final String TEST = "test";
    private static final Logger LOG = LoggerFactory.getLogger(TreeData.class);

    private final SyntheticData base;
    private final Schema schema;

    private TreeData(SyntheticData base) {
        this.base = base;
        List<Field> fields = new ArrayList<>();
        for (int j = 0; j < base.spec().features(); j++) {
            fields.add(Field.of(SyntheticData.featureName(j), DataType.DOUBLE, false));
        }
        fields.add(Field.of(LABEL, DataType.DOUBLE, false));
        fields.add(Field.of(TEST, DataType.DOUBLE, false));
        this.schema = new Schema(fields);
    }

    /**
     * @param spec the shape and seed (at least 7 features)
     * @return the generator
     */
    public static TreeData of(SyntheticData.Spec spec) {
        if (spec.features() < 7) {
            throw new IllegalArgumentException("tree data: found " + spec.features() + " features, expected >= 7");
        }
        return new TreeData(SyntheticData.of(spec));
    }

    /** @return the features' generator */
    public SyntheticData base() {
        return base;
    }

    /** @return the feature column names */
    public List<String> featureNames() {
        return base.featureNames();
    }

    /**
     * @param f the first seven features of a row
     * @param linear the synthetic data's {@code y - b}: linear signal plus noise
     * @return the row's label
     */
    static double label(double[] f, double linear) {
        double s = Math.sin(2 * f[0]) + f[1] * f[2] + (f[3] > 0.5 ? 1.5 : 0) + 0.5 * f[4] * f[4] - 1
            + 0.5 * f[5] * Math.abs(f[6]) + 0.5 * linear;
        return s > 0 ? 1 : 0;
    }

    /**
     * @param index the partition
     * @param rowsPerPartition rows per partition, a positive multiple of {@link SyntheticData#BLOCK_ROWS}
     * @return the partition, owned by the caller
     */
    public Partition partition(int index, int rowsPerPartition) {
        try (Partition p = base.partition(index, rowsPerPartition)) {
            int n = p.numRows();
            int d = base.spec().features();
            Column[] first = new Column[7];
            for (int j = 0; j < 7; j++) {
                first[j] = p.column(SyntheticData.featureName(j));
            }
            Column y = p.column(SyntheticData.TARGET);
            ColumnBuilder label = new ColumnBuilder(schema.field(LABEL), n);
            ColumnBuilder test = new ColumnBuilder(schema.field(TEST), n);
            long firstRow = (long) index * rowsPerPartition;
            double[] f = new double[7];
            for (int r = 0; r < n; r++) {
                for (int j = 0; j < 7; j++) {
                    f[j] = first[j].getDouble(r);
                }
                label.appendDouble(label(f, y.getDouble(r) - base.spec().intercept()));
                test.appendDouble((firstRow + r) % 5 == 0 ? 1 : 0);
            }
            List<Column> cols = new ArrayList<>(d + 2);
            for (int j = 0; j < d; j++) {
                cols.add(p.column(SyntheticData.featureName(j)).share());
            }
            cols.add(label.build());
            cols.add(test.build());
            return new Partition(index, cols, n);
        }
    }

    /**
     * The data set as Parquet under {@code dir} (one row group per partition), written on first use.
     *
     * @param dir the cache directory
     * @param rowsPerPartition rows per row group
     * @param runtime the runtime that holds the generated frame while it is written
     * @return the file
     */
    public Path parquet(Path dir, int rowsPerPartition, Runtime runtime) {
        Path file = dir.resolve(base.spec().key() + "-trees-v1-rg" + rowsPerPartition + ".parquet");
        if (Files.isRegularFile(file)) {
            return file;
        }
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("creating " + dir + ": " + e.getMessage(), e);
        }
        long t0 = System.nanoTime();
        List<Partition> parts = new ArrayList<>();
        for (int i = 0; i < base.numPartitions(rowsPerPartition); i++) {
            parts.add(partition(i, rowsPerPartition));
        }
        Frame frame = Frame.of(runtime, parts);
        try {
            ParquetWriter.write(frame, file);
        } finally {
            if (frame.source() instanceof InMemorySource s) {
                s.close();
            }
        }
        LOG.info("generated and wrote {} ({} rows, non-linear label) in {} s", file, base.spec().rows(),
            String.format(Locale.ROOT, "%.1f", (System.nanoTime() - t0) / 1e9));
        return file;
    }
}
