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
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.core.source64.SplitMix64;
import org.apache.commons.rng.core.source64.XoShiRo256PlusPlus;
import org.apache.commons.rng.sampling.distribution.ZigguratSampler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The reference benchmark data set of DESIGN.md, generated deterministically from a seed.
 *
 * <p>Row {@code i} has {@code D} features {@code x ~ N(0, 1)}, a binary {@code label ~ Bernoulli(sigmoid(x . w
 * + b))} and a regression target {@code y = x . w + b + N(0, 0.5^2)}, where {@code w ~ N(0, 1) / sqrt(D)} is drawn
 * once from the seed and {@code b} is a given intercept. Columns: {@code f0 .. f(D-1)}, {@code label}, {@code y},
 * all non-nullable {@code double} (plain Parquet DOUBLE columns, which Spark reads natively).
 *
 * <p>The rows are generated in blocks of {@value #BLOCK_ROWS}; each block has its own random stream, seeded from
 * (seed, block index). A row's values therefore depend only on the seed, {@code D}, {@code b} and the row's index:
 * not on the number of rows, the partitioning, or the order or threads the blocks are generated in. Partitions
 * hold whole blocks (the last one may be short).
 *
 * <p>Random numbers: XoShiRo256++ seeded through SplitMix64, normal deviates by Commons RNG's
 * {@code ZigguratSampler.NormalizedGaussian}, whose outputs are fixed across releases. Per row the stream gives the
 * {@code D} features, then the uniform deviate of the label, then the normal deviate of the noise.
 */
public final class SyntheticData {
    /** Rows per random-stream block; partitions are whole numbers of blocks. */
    public static final int BLOCK_ROWS = 65_536;
    /** Default rows per partition (and per Parquet row group): two blocks, 8 partitions for 1,000,000 rows. */
    public static final int DEFAULT_ROWS_PER_PARTITION = 2 * BLOCK_ROWS;
    /** Standard deviation of the regression target's noise. */
    public static final double NOISE_SD = 0.5;
    /** The name of the binary label column. */
    public static final String LABEL = "label";
    /** The name of the regression target column. */
    public static final String TARGET = "y";

    /** Bumped whenever the generated values change, so that cached files of an older version are not reused. */
    static final int FORMAT_VERSION = 1;
    private static final long WEIGHTS_STREAM = -1L;
    private static final Logger LOG = LoggerFactory.getLogger(SyntheticData.class);

    /**
     * What to generate.
     *
     * @param rows number of rows, at least 1
     * @param features number of features {@code D}, at least 1
     * @param seed the seed every value derives from
     * @param intercept the true intercept {@code b}
     */
    public record Spec(long rows, int features, long seed, double intercept) {
        /** The reference workload of DESIGN.md: 1,000,000 x 50, seed 42, b = 0.5. */
        public static final Spec REFERENCE = new Spec(1_000_000, 50, 42, 0.5);

        /** Validates the sizes. */
        public Spec {
            if (rows < 1) {
                throw new IllegalArgumentException("rows: found " + rows + ", expected >= 1");
            }
            if (features < 1) {
                throw new IllegalArgumentException("features: found " + features + ", expected >= 1");
            }
            if (!Double.isFinite(intercept)) {
                throw new IllegalArgumentException("intercept: found " + intercept + ", expected a finite number");
            }
        }

        /** @return a file-name-safe key of everything the values depend on */
        public String key() {
            return String.format(Locale.ROOT, "synthetic-v%d-n%d-d%d-seed%d-b%s", FORMAT_VERSION, rows, features, seed,
                Double.toString(intercept).replace('-', 'm'));
        }

        /** @return for example {@code 1,000,000 x 50} */
        public String shape() {
            return String.format(Locale.ROOT, "%,d x %d", rows, features);
        }
    }

    private final Spec spec;
    private final double[] weights;
    private final Schema schema;

    private SyntheticData(Spec spec) {
        this.spec = spec;
        this.weights = drawWeights(spec);
        List<Field> fields = new ArrayList<>(spec.features() + 2);
        for (int j = 0; j < spec.features(); j++) {
            fields.add(Field.of(featureName(j), DataType.DOUBLE, false));
        }
        fields.add(Field.of(LABEL, DataType.DOUBLE, false));
        fields.add(Field.of(TARGET, DataType.DOUBLE, false));
        this.schema = new Schema(fields);
    }

    /**
     * @param spec what to generate
     * @return the generator
     */
    public static SyntheticData of(Spec spec) {
        return new SyntheticData(spec);
    }

    /**
     * @param j a feature index
     * @return its column name, {@code f<j>}
     */
    public static String featureName(int j) {
        return "f" + j;
    }

    /** @return the feature column names in order */
    public List<String> featureNames() {
        List<String> out = new ArrayList<>(spec.features());
        for (int j = 0; j < spec.features(); j++) {
            out.add(featureName(j));
        }
        return out;
    }

    /** @return the specification */
    public Spec spec() {
        return spec;
    }

    /** @return a copy of the true weights {@code w} */
    public double[] trueWeights() {
        return weights.clone();
    }

    /** @return the schema of the generated frame */
    public Schema schema() {
        return schema;
    }

    /**
     * @param rowsPerPartition rows per partition, a positive multiple of {@link #BLOCK_ROWS}
     * @return the number of partitions
     */
    public int numPartitions(int rowsPerPartition) {
        checkRowsPerPartition(rowsPerPartition);
        return (int) ((spec.rows() + rowsPerPartition - 1) / rowsPerPartition);
    }

    /**
     * Generates one partition.
     *
     * @param index the partition
     * @param rowsPerPartition rows per partition, a positive multiple of {@link #BLOCK_ROWS}
     * @return the partition, owned by the caller
     */
    public Partition partition(int index, int rowsPerPartition) {
        int parts = numPartitions(rowsPerPartition);
        if (index < 0 || index >= parts) {
            throw new IndexOutOfBoundsException("partition " + index + ": expected 0 <= index < " + parts);
        }
        long first = (long) index * rowsPerPartition;
        int n = (int) Math.min(rowsPerPartition, spec.rows() - first);
        int d = spec.features();
        double[][] x = new double[d][n];
        double[] label = new double[n];
        double[] y = new double[n];
        long firstBlock = first / BLOCK_ROWS;
        for (int r = 0; r < n; r += BLOCK_ROWS) {
            fillBlock(firstBlock + r / BLOCK_ROWS, x, label, y, r, Math.min(BLOCK_ROWS, n - r));
        }
        List<Column> columns = new ArrayList<>(d + 2);
        for (int j = 0; j < d; j++) {
            columns.add(doubles(schema.field(j), x[j]));
            x[j] = null;
        }
        columns.add(doubles(schema.field(LABEL), label));
        columns.add(doubles(schema.field(TARGET), y));
        return new Partition(index, columns, n);
    }

    private void fillBlock(long block, double[][] x, double[] label, double[] y, int offset, int n) {
        UniformRandomProvider rng = stream(spec.seed(), block);
        ZigguratSampler.NormalizedGaussian gauss = ZigguratSampler.NormalizedGaussian.of(rng);
        int d = spec.features();
        double b = spec.intercept();
        for (int r = offset; r < offset + n; r++) {
            double z = b;
            for (int j = 0; j < d; j++) {
                double v = gauss.sample();
                x[j][r] = v;
                z += v * weights[j];
            }
            double p = 1.0 / (1.0 + Math.exp(-z));
            label[r] = rng.nextDouble() < p ? 1.0 : 0.0;
            y[r] = z + NOISE_SD * gauss.sample();
        }
    }

    private static Column doubles(Field field, double[] values) {
        ColumnBuilder b = new ColumnBuilder(field, values.length);
        for (double v : values) {
            b.appendDouble(v);
        }
        return b.build();
    }

    /**
     * Generates the whole data set in memory, partitions in parallel.
     *
     * @param runtime the runtime of the frame
     * @param rowsPerPartition rows per partition, a positive multiple of {@link #BLOCK_ROWS}
     * @return the frame, over an in-memory source
     */
    public Frame frame(Runtime runtime, int rowsPerPartition) {
        int parts = numPartitions(rowsPerPartition);
        int threads = Math.min(parts, java.lang.Runtime.getRuntime().availableProcessors());
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "synthetic-data");
            t.setDaemon(true);
            return t;
        });
        List<Future<Partition>> futures = new ArrayList<>(parts);
        List<Partition> out = new ArrayList<>(parts);
        try {
            for (int i = 0; i < parts; i++) {
                int index = i;
                futures.add(pool.submit(() -> partition(index, rowsPerPartition)));
            }
            for (Future<Partition> f : futures) {
                out.add(f.get());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            out.forEach(Partition::close);
            throw new IllegalStateException("interrupted while generating " + spec.key(), e);
        } catch (ExecutionException e) {
            out.forEach(Partition::close);
            throw new IllegalStateException("generating " + spec.key() + " failed: " + e.getCause(), e.getCause());
        } finally {
            pool.shutdownNow();
        }
        return Frame.of(runtime, out);
    }

    /**
     * The data set as a Parquet file (one row group per partition) under {@code dir}, generated and written by
     * Ember's writer on first use and reused after that. The writer renames a finished file into place, so an
     * interrupted write is never mistaken for a finished file.
     *
     * @param dir the cache directory
     * @param rowsPerPartition rows per row group, a positive multiple of {@link #BLOCK_ROWS}
     * @param runtime the runtime that holds the generated frame while it is written
     * @return the file
     */
    public Path parquet(Path dir, int rowsPerPartition, Runtime runtime) {
        Path file = dir.resolve(spec.key() + "-rg" + rowsPerPartition + ".parquet");
        if (Files.isRegularFile(file)) {
            LOG.info("reusing {}", file);
            return file;
        }
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("creating " + dir + ": " + e.getMessage(), e);
        }
        long t0 = System.nanoTime();
        Frame frame = frame(runtime, rowsPerPartition);
        long t1 = System.nanoTime();
        try {
            ParquetWriter.write(frame, file);
        } finally {
            if (frame.source() instanceof InMemorySource s) {
                s.close();
            }
        }
        long t2 = System.nanoTime();
        LOG.info("generated {} rows x {} features in {} s, wrote {} ({} MiB) in {} s", spec.rows(), spec.features(),
            String.format(Locale.ROOT, "%.2f", (t1 - t0) / 1e9), file, file.toFile().length() >> 20,
            String.format(Locale.ROOT, "%.2f", (t2 - t1) / 1e9));
        return file;
    }

    private static double[] drawWeights(Spec spec) {
        ZigguratSampler.NormalizedGaussian gauss = ZigguratSampler.NormalizedGaussian.of(
            stream(spec.seed(), WEIGHTS_STREAM));
        double scale = 1.0 / Math.sqrt(spec.features());
        double[] w = new double[spec.features()];
        for (int j = 0; j < w.length; j++) {
            w[j] = gauss.sample() * scale;
        }
        return w;
    }

    /** An independent generator for (seed, stream): the 256-bit state comes from SplitMix64 over a hash of both. */
    static UniformRandomProvider stream(long seed, long stream) {
        SplitMix64 sm = new SplitMix64(mix64(mix64(seed) ^ (stream * 0x9E3779B97F4A7C15L + 0x632BE59BD9B4E019L)));
        return new XoShiRo256PlusPlus(new long[] {sm.nextLong(), sm.nextLong(), sm.nextLong(), sm.nextLong()});
    }

    /** Stafford's variant 13 of the MurmurHash3 finalizer, as in SplitMix64. */
    private static long mix64(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    private static void checkRowsPerPartition(int rowsPerPartition) {
        if (rowsPerPartition <= 0 || rowsPerPartition % BLOCK_ROWS != 0) {
            throw new IllegalArgumentException("rows per partition: found " + rowsPerPartition
                + ", expected a positive multiple of " + BLOCK_ROWS);
        }
    }
}
