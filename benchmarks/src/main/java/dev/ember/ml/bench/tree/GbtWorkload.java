package dev.ember.ml.bench.tree;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ember.ml.algo.evaluation.BinaryClassificationEvaluator;
import dev.ember.ml.algo.tree.GBTClassificationModel;
import dev.ember.ml.algo.tree.GBTClassifier;
import dev.ember.ml.bench.BenchContext;
import dev.ember.ml.bench.Contender;
import dev.ember.ml.bench.ContenderResult;
import dev.ember.ml.bench.Measurement;
import dev.ember.ml.bench.Memory;
import dev.ember.ml.bench.MetricColumn;
import dev.ember.ml.bench.Workload;
import dev.ember.ml.bench.data.TreeData;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.List;
import java.util.Locale;

/**
 * Histogram gradient boosting on the tree data set ({@link TreeData}: the reference shape with a non-linear
 * label, every fifth row held out): Ember's {@code GBTClassifier} (leaf-wise with 63 leaves, and depth 6) against
 * LightGBM and XGBoost {@code hist} (Python, 2 threads, reading the same Parquet file) and Spark MLlib's
 * {@code GBTClassifier} on a training subsample (its time extrapolated linearly to all training rows).
 *
 * <p>Python peers come from {@code benchmarks/python/requirements-bench.txt}, installed by {@code run.sh} into
 * {@code .venv-bench} ({@code BENCH_PYTHON} overrides the interpreter).
 */
public final class GbtWorkload implements Workload {
    static final String AUC = "auc";
    static final String TREES = "trees";
    static final String BINNED_MIB = "binnedMiB";
    static final String EXTRAPOLATED = "extrapolatedSeconds";
    static final String ROWS = "trainRows";
    private static final Logger LOG = LoggerFactory.getLogger(GbtWorkload.class);

    private final int trees = Integer.getInteger("bench.gbt.trees", 100);
    private final int sparkRows = Integer.getInteger("bench.gbt.sparkRows", 20_000);
    private TreeRows rows;
    private int threads;

    @Override
    public String id() {
        return "gbt";
    }

    @Override
    public String family() {
        return "Trees";
    }

    @Override
    public String title() {
        return "GBT, " + trees + " trees, learning rate 0.1, non-linear binary label";
    }

    @Override
    public String description() {
        return String.format(Locale.ROOT, """
            The reference shape (%s) with `TreeData`'s non-linear label; rows with index %% 5 == 0 are the test \
            set. Each system reads the same Parquet file; times are `fit` alone (binning included), with the \
            training rows already in memory. Ember: `new GBTClassifier().maxIter(%d).stepSize(0.1)` with \
            `maxLeaves(63).maxDepth(30).minInstancesPerNode(20)` (leaf-wise) or `maxDepth(6)`, `maxBins` 255, \
            float32 block, in-process, %d threads. LightGBM: `LGBMClassifier(n_estimators=%d, learning_rate=0.1, \
            num_leaves=63, min_child_samples=20, max_bin=255, n_jobs=%d)`; XGBoost: `tree_method="hist", \
            max_depth=6, eta=0.1, max_bin=256, nthread=%d`. Spark: `GBTClassifier().setMaxIter(%d)\
            .setMaxDepth(6).setStepSize(0.1)` (its default 32 bins) on a %d-row random subsample of the training \
            rows, local[%d]; `extrapolated s` scales its time linearly to all training rows. `binned MiB`: \
            Ember's packed bin block.""", rows == null ? "N x D" : rows.shape(), trees, threads,
            trees, threads, threads, trees, sparkRows, threads);
    }

    @Override
    public List<MetricColumn> metrics() {
        return List.of(new MetricColumn(AUC, "test AUC", "%.4f"), new MetricColumn(TREES, "trees", "%.0f"),
            new MetricColumn(ROWS, "training rows", "%.0f"), new MetricColumn(EXTRAPOLATED, "extrapolated s",
                "%.1f"), new MetricColumn(BINNED_MIB, "binned MiB", "%.1f"));
    }

    @Override
    public void setUp(BenchContext context) {
        threads = context.options().threads();
        rows = TreeRows.load(context, 0);
    }

    @Override
    public List<Contender> contenders() {
        return List.of(new EmberFit(true), new EmberFit(false), new PythonFit("lightgbm"), new PythonFit("xgboost"),
            new SparkFit());
    }

    @Override
    public String summary(List<ContenderResult> results) {
        ContenderResult ember = results.get(0);
        ContenderResult lgb = results.get(2);
        ContenderResult spark = results.get(4);
        double ratio = ember.medianSeconds() / lgb.medianSeconds();
        double dAuc = ember.medianMetric(AUC) - lgb.medianMetric(AUC);
        return String.format(Locale.ROOT, "Targets (issue #12): within 1.5x of LightGBM's time: Ember leaf-wise"
                + " %.1f s vs LightGBM %.1f s, **%.2fx** (%s); test AUC within 0.002: %+.4f (%s); at least 50x"
                + " faster than Spark: Spark depth 6 extrapolated %.0f s vs Ember depth 6 %.1f s, **%.0fx** (%s).",
            ember.medianSeconds(), lgb.medianSeconds(), ratio, ratio <= 1.5 ? "met" : "**missed**", dAuc,
            Math.abs(dAuc) <= 0.002 ? "met" : "**missed**", spark.medianMetric(EXTRAPOLATED),
            results.get(1).medianSeconds(), spark.medianMetric(EXTRAPOLATED) / results.get(1).medianSeconds(),
            spark.medianMetric(EXTRAPOLATED) / results.get(1).medianSeconds() >= 50 ? "met" : "**missed**");
    }

    private final class EmberFit implements Contender {
        private final boolean leafWise;

        EmberFit(boolean leafWise) {
            this.leafWise = leafWise;
        }

        @Override
        public String system() {
            return "Ember";
        }

        @Override
        public String variant() {
            return leafWise ? "`GBTClassifier`, 63 leaves (leaf-wise)" : "`GBTClassifier`, depth 6";
        }

        @Override
        public Measurement run(BenchContext context) {
            GBTClassifier gbt = new GBTClassifier().maxIter(trees).stepSize(0.1).minInstancesPerNode(20);
            gbt = leafWise ? gbt.maxLeaves(63).maxDepth(30) : gbt.maxDepth(6);
            long t0 = System.nanoTime();
            GBTClassificationModel model = gbt.fit(rows.train());
            long t1 = System.nanoTime();
            double auc = new BinaryClassificationEvaluator().evaluate(model.transform(rows.test()));
            LOG.info("Ember {}: {} s, AUC {}, {}", variant(), (t1 - t0) / 1e9, auc, model.provenance().metrics());
            return Measurement.timed(t0, t1).metric(AUC, auc).metric(TREES, model.getNumTrees())
                .metric(ROWS, rows.trainRows())
                .metric(BINNED_MIB, model.provenance().metrics().getOrDefault("binnedBytes", 0.0) / Memory.MIB)
                .build();
        }
    }

    private final class PythonFit implements Contender {
        private final String library;

        PythonFit(String library) {
            this.library = library;
        }

        @Override
        public String system() {
            return library.equals("lightgbm") ? "LightGBM" : "XGBoost";
        }

        @Override
        public String variant() {
            return library.equals("lightgbm") ? "63 leaves, Python, " + threads + " threads"
                : "`hist`, depth 6, Python, " + threads + " threads";
        }

        @Override
        public Measurement run(BenchContext context) throws IOException, InterruptedException {
            JsonNode r = TreePeers.run(library, rows.file(), "--threads", Integer.toString(threads), "--trees",
                Integer.toString(trees));
            return new Measurement(r.path("seconds").asDouble(), java.util.Map.of(AUC, r.path("auc").asDouble(),
                TREES, (double) trees, ROWS, r.path("trainRows").asDouble()));
        }
    }

    private final class SparkFit implements Contender {
        @Override
        public String system() {
            return "Spark";
        }

        @Override
        public String variant() {
            return "`GBTClassifier`, depth 6, " + sparkRows + "-row subsample, local[" + threads + "]";
        }

        @Override
        public Measurement run(BenchContext context) {
            SparkSession spark = context.spark();
            Dataset<Row> all = rows.spark(spark);
            Dataset<Row> sparkTrain = all.filter(functions.col(TreeData.TEST).equalTo(0))
                .sample(false, Math.min(1.0, sparkRows * 1.05 / rows.trainRows()), 42).limit(sparkRows).cache();
            Dataset<Row> sparkTest = all.filter(functions.col(TreeData.TEST).equalTo(1)).cache();
            long sampled = sparkTrain.count();
            sparkTest.count();
            org.apache.spark.ml.classification.GBTClassifier gbt = new org.apache.spark.ml.classification
                .GBTClassifier().setMaxIter(trees).setMaxDepth(6).setStepSize(0.1).setSeed(42);
            long t0 = System.nanoTime();
            org.apache.spark.ml.classification.GBTClassificationModel model = gbt.fit(sparkTrain);
            long t1 = System.nanoTime();
            double auc = new org.apache.spark.ml.evaluation.BinaryClassificationEvaluator()
                .evaluate(model.transform(sparkTest));
            sparkTrain.unpersist(true);
            sparkTest.unpersist(true);
            double seconds = (t1 - t0) / 1e9;
            return Measurement.timed(t0, t1).metric(AUC, auc).metric(TREES, model.getNumTrees()).metric(ROWS, sampled)
                .metric(EXTRAPOLATED, seconds * rows.trainRows() / sampled).build();
        }
    }
}
