package dev.ember.ml.bench.pipeline;

import dev.ember.ml.algo.classification.LogisticRegression;
import dev.ember.ml.algo.classification.LogisticRegressionModel;
import dev.ember.ml.algo.feature.StandardScaler;
import dev.ember.ml.algo.feature.VectorAssembler;
import dev.ember.ml.bench.BenchContext;
import dev.ember.ml.bench.Contender;
import dev.ember.ml.bench.ContenderResult;
import dev.ember.ml.bench.Measurement;
import dev.ember.ml.bench.Memory;
import dev.ember.ml.bench.MetricColumn;
import dev.ember.ml.bench.Workload;
import dev.ember.ml.bench.data.SyntheticData;
import dev.ember.ml.bench.spark.InputBytes;
import dev.ember.ml.core.data.Frame;
import dev.ember.ml.core.io.ParquetReader;
import dev.ember.ml.core.runtime.Runtime;
import dev.ember.ml.pipeline.Pipeline;
import dev.ember.ml.pipeline.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * W4 of issue #8: the end-to-end pipeline from a Parquet file that nobody cached. Read the reference data set,
 * assemble {@code f0..f(D-1)}, scale to unit variance, fit an L2 logistic regression; timed from the read call to
 * the fitted model, on Ember's {@code Pipeline} and Spark ML's {@code Pipeline}. Beside the time: the passes each
 * system made over the source file (Ember: partitions read from the file over the number of partitions; Spark:
 * input bytes its tasks read over the file's size), the optimizer's iterations, and how
 * far apart the two models are.
 */
public final class PipelineFromParquetWorkload implements Workload {
    static final String SOURCE_PASSES = "sourcePasses";
    static final String ITERATIONS = "iterations";
    static final String COEF_NORM_REL = "coefNormRel";
    static final String GC_SECONDS = "gcSeconds";
    /** The ratio issue #8 asks for. */
    static final double TARGET_SPEEDUP = 10;
    private static final double REG_PARAM = 0.01;
    private static final double TOL = 1e-6;
    private static final Logger LOG = LoggerFactory.getLogger(PipelineFromParquetWorkload.class);

    private SyntheticData data;
    private Path file;
    private int threads = 2;
    private double[] emberCoefficients;
    private double[] sparkCoefficients;
    private long fileBytes = -1;

    @Override
    public String id() {
        return "pipeline-parquet";
    }

    @Override
    public String family() {
        return "Pipelines";
    }

    @Override
    public String title() {
        return "Pipeline from an uncached Parquet file: assemble, scale, logistic regression";
    }

    @Override
    public String description() {
        return """
            W4: read the %s reference data set from Parquet (not cached by the user), `VectorAssembler` of the \
            features into `raw`, `StandardScaler` (unit variance) into `features`, `LogisticRegression` with \
            `regParam 0.01`, `tol 1e-6`, `maxIter 100`. Timed: from the read call to the fitted pipeline model. \
            Ember: `new Pipeline(assembler, scaler, lr).fit(ParquetReader...read(file))`, planned (fused maps, \
            shared statistics pass, the scaler's pass retaining its output so that the file is read once, the \
            logistic regression's input cached automatically). Spark: the same three \
            stages in a Spark ML `Pipeline` over `spark.read.parquet(file)`. `source passes`: Ember, partitions \
            read from the file over the number of partitions (counted by a wrapper around the file source); \
            Spark, the input bytes its tasks read (`inputMetrics.bytesRead`) over the file's size (its scans \
            skip `y`, so a full pass counts as about 0.98). `max |Δ| / max |coef|`: the two models' coefficients \
            (intercept included, on the raw features) compared."""
            .formatted(data == null ? "N x D" : data.spec().shape());
    }

    @Override
    public List<MetricColumn> metrics() {
        return List.of(
            new MetricColumn(SOURCE_PASSES, "source passes", "%.1f"),
            new MetricColumn(ITERATIONS, "iterations", "%.0f"),
            new MetricColumn(COEF_NORM_REL, "max |Δ| / max |coef|", "%.1e"),
            new MetricColumn(GC_SECONDS, "GC s", "%.2f"));
    }

    @Override
    public void setUp(BenchContext context) {
        data = SyntheticData.of(context.options().data());
        file = context.parquet(data);
        threads = context.options().threads();
    }

    @Override
    public List<Contender> contenders() {
        return List.of(new EmberPipeline(), new SparkPipeline());
    }

    @Override
    public void verify(BenchContext context) {
        if (emberCoefficients == null || sparkCoefficients == null) {
            throw new IllegalStateException("pipeline-parquet: a contender did not fit");
        }
        double rel = relativeDifference(emberCoefficients, sparkCoefficients);
        if (!(rel <= 1e-3)) {
            throw new IllegalStateException(String.format(Locale.ROOT, "pipeline-parquet: Ember's and Spark's"
                + " models differ by %.3e of the largest coefficient, expected at most 1e-3", rel));
        }
        LOG.info("verified: Ember's and Spark's pipeline models agree to {} of the largest coefficient", rel);
    }

    @Override
    public String summary(List<ContenderResult> results) {
        ContenderResult ember = results.get(0);
        ContenderResult spark = results.get(1);
        double ratio = spark.medianSeconds() / ember.medianSeconds();
        return String.format(Locale.ROOT, "Target (issue #8, W4): at least %.0fx faster than Spark local[%d]: "
                + "**%.1fx** (Ember %.3f s, Spark %.3f s), %s. Passes over the source: Ember %.1f, Spark %.1f.",
            TARGET_SPEEDUP, threads, ratio, ember.medianSeconds(), spark.medianSeconds(),
            ratio >= TARGET_SPEEDUP ? "met" : "**missed**", value(ember, SOURCE_PASSES), value(spark, SOURCE_PASSES));
    }

    private static double value(ContenderResult r, String key) {
        Double v = r.medianMetric(key);
        return v == null ? Double.NaN : v;
    }

    static double relativeDifference(double[] a, double[] b) {
        double maxAbs = 0;
        double maxDiff = 0;
        for (int i = 0; i < a.length; i++) {
            maxAbs = Math.max(maxAbs, Math.abs(b[i]));
            maxDiff = Math.max(maxDiff, Math.abs(a[i] - b[i]));
        }
        return maxDiff / maxAbs;
    }

    private static double[] withIntercept(double[] coefficients, double intercept) {
        double[] out = java.util.Arrays.copyOf(coefficients, coefficients.length + 1);
        out[coefficients.length] = intercept;
        return out;
    }

    private final class EmberPipeline implements Contender {
        @Override
        public String system() {
            return "Ember";
        }

        @Override
        public String variant() {
            return "`Pipeline.fit` (planned), float32 block";
        }

        @Override
        public Measurement run(BenchContext context) {
            String[] features = data.featureNames().toArray(new String[0]);
            try (Runtime rt = context.newEmberRuntime()) {
                long gc0 = Memory.gcMillis();
                long t0 = System.nanoTime();
                Frame read = ParquetReader.options().runtime(rt).read(file);
                CountingSource counted = new CountingSource(read.source());
                Pipeline pipeline = new Pipeline(
                    new VectorAssembler().inputCols(features).outputCol("raw"),
                    new StandardScaler().inputCol("raw").outputCol("features"),
                    new LogisticRegression().regParam(REG_PARAM).tol(TOL).maxIter(100));
                PipelineModel model = pipeline.fit(new Frame(counted, rt));
                long t1 = System.nanoTime();
                long gc1 = Memory.gcMillis();
                LogisticRegressionModel lr = model.stage(LogisticRegressionModel.class);
                double[] scale = scaleOf(model);
                emberCoefficients = withIntercept(unscale(lr.coefficients(), scale), lr.intercept());
                return Measurement.timed(t0, t1)
                    .metric(SOURCE_PASSES, counted.passes())
                    .metric(ITERATIONS, lr.summary().iterations())
                    .metric(GC_SECONDS, (gc1 - gc0) / 1e3)
                    .build();
            }
        }
    }

    /** @return the scaler's 1/std per feature, so that coefficients compare on the raw features */
    private static double[] scaleOf(PipelineModel model) {
        dev.ember.ml.algo.feature.StandardScalerModel scaler =
            model.stage(dev.ember.ml.algo.feature.StandardScalerModel.class);
        double[] std = scaler.std();
        double[] out = new double[std.length];
        for (int j = 0; j < std.length; j++) {
            out[j] = std[j] == 0 ? 0 : 1 / std[j];
        }
        return out;
    }

    private static double[] unscale(double[] coefficients, double[] scale) {
        double[] out = new double[coefficients.length];
        for (int j = 0; j < out.length; j++) {
            out[j] = coefficients[j] * scale[j];
        }
        return out;
    }

    private final class SparkPipeline implements Contender {
        @Override
        public String system() {
            return "Spark";
        }

        @Override
        public String variant() {
            return "Spark ML `Pipeline.fit`, local[" + threads + "]";
        }

        @Override
        public Measurement run(BenchContext context) {
            SparkSession spark = context.spark();
            String[] features = data.featureNames().toArray(new String[0]);
            long scan = fileBytes();
            org.apache.spark.ml.PipelineModel model;
            long t0;
            long t1;
            long gc0;
            long gc1;
            long bytes;
            try (InputBytes in = InputBytes.open(spark)) {
                gc0 = Memory.gcMillis();
                t0 = System.nanoTime();
                Dataset<Row> df = spark.read().parquet(file.toString());
                org.apache.spark.ml.Pipeline pipeline = new org.apache.spark.ml.Pipeline().setStages(
                    new PipelineStage[] {
                        new org.apache.spark.ml.feature.VectorAssembler().setInputCols(features).setOutputCol("raw"),
                        new org.apache.spark.ml.feature.StandardScaler().setInputCol("raw").setOutputCol("features"),
                        new org.apache.spark.ml.classification.LogisticRegression()
                            .setRegParam(REG_PARAM).setTol(TOL).setMaxIter(100)});
                model = pipeline.fit(df);
                t1 = System.nanoTime();
                gc1 = Memory.gcMillis();
                bytes = in.bytes();
            }
            org.apache.spark.ml.classification.LogisticRegressionModel lr =
                (org.apache.spark.ml.classification.LogisticRegressionModel) model.stages()[2];
            org.apache.spark.ml.feature.StandardScalerModel scaler =
                (org.apache.spark.ml.feature.StandardScalerModel) model.stages()[1];
            double[] std = scaler.std().toArray();
            double[] scale = new double[std.length];
            for (int j = 0; j < std.length; j++) {
                scale[j] = std[j] == 0 ? 0 : 1 / std[j];
            }
            sparkCoefficients = withIntercept(unscale(lr.coefficients().toArray(), scale), lr.intercept());
            Measurement.Builder m = Measurement.timed(t0, t1)
                .metric(SOURCE_PASSES, (double) bytes / scan)
                .metric(ITERATIONS, lr.summary().totalIterations())
                .metric(GC_SECONDS, (gc1 - gc0) / 1e3);
            if (emberCoefficients != null) {
                m.metric(COEF_NORM_REL, relativeDifference(emberCoefficients, sparkCoefficients));
            }
            return m.build();
        }

        /**
         * @return the bytes of the Parquet file: the unit of Spark's source passes (its tasks' input bytes of a
         *     scan of every column; the scan skips {@code y}, one column of 52, so a pass counts as about 0.98)
         */
        private long fileBytes() {
            if (fileBytes < 0) {
                try {
                    fileBytes = java.nio.file.Files.size(file);
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException("cannot read the size of " + file, e);
                }
            }
            return fileBytes;
        }
    }
}
