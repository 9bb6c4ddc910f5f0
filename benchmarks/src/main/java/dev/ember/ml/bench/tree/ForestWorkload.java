package dev.ember.ml.bench.tree;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ember.ml.algo.evaluation.BinaryClassificationEvaluator;
import dev.ember.ml.algo.tree.RandomForestClassificationModel;
import dev.ember.ml.algo.tree.RandomForestClassifier;
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
import java.util.Map;

/**
 * Random forests on the tree data set ({@link TreeData}): Ember's {@code RandomForestClassifier} against Spark
 * MLlib's and scikit-learn's {@code RandomForestClassifier} (Python, 2 jobs, reading the same Parquet file), each
 * at its defaults besides the number of trees and the depth, all on the same first training rows (scikit-learn's
 * exact splitter needs minutes per fit on all 800,000).
 */
public final class ForestWorkload implements Workload {
    private static final Logger LOG = LoggerFactory.getLogger(ForestWorkload.class);

    private final int trees = Integer.getInteger("bench.forest.trees", 100);
    private final int depth = Integer.getInteger("bench.forest.depth", 10);
    private final int trainLimit = Integer.getInteger("bench.forest.rows", 200_000);
    private TreeRows rows;
    private int threads;

    @Override
    public String id() {
        return "forest";
    }

    @Override
    public String family() {
        return "Forests";
    }

    @Override
    public String title() {
        return "Random forest, " + trees + " trees, depth " + depth + ", non-linear binary label";
    }

    @Override
    public String description() {
        return String.format(Locale.ROOT, """
            The GBT workload's data (%s, `TreeData`'s non-linear label, rows with index %% 5 == 0 held out for \
            the test AUC); every system trains on the same first %,d training rows of the same Parquet file, \
            already in memory; times are `fit` alone (binning included). Ember: `new RandomForestClassifier()\
            .numTrees(%d).maxDepth(%d).seed(42)` (defaults: `featureSubsetStrategy` auto, i.e. sqrt, Poisson \
            bootstrap, `maxBins` 255), float32 block, in-process, %d threads. Spark: `RandomForestClassifier()\
            .setNumTrees(%d).setMaxDepth(%d).setSeed(42)` (its defaults: sqrt features, 32 bins), local[%d]. \
            scikit-learn: `RandomForestClassifier(n_estimators=%d, max_depth=%d, max_features="sqrt", n_jobs=%d)` \
            (exact splits). `binned MiB`: Ember's packed bin block.""",
            rows == null ? "N x D" : rows.shape(), trainLimit, trees, depth, threads, trees, depth, threads,
            trees, depth, threads);
    }

    @Override
    public List<MetricColumn> metrics() {
        return List.of(new MetricColumn(GbtWorkload.AUC, "test AUC", "%.4f"),
            new MetricColumn(GbtWorkload.TREES, "trees", "%.0f"),
            new MetricColumn(GbtWorkload.ROWS, "training rows", "%.0f"),
            new MetricColumn(GbtWorkload.BINNED_MIB, "binned MiB", "%.1f"));
    }

    @Override
    public void setUp(BenchContext context) {
        threads = context.options().threads();
        rows = TreeRows.load(context, trainLimit);
    }

    @Override
    public List<Contender> contenders() {
        return List.of(new EmberFit(), new SparkFit(), new SklearnFit());
    }

    @Override
    public String summary(List<ContenderResult> results) {
        ContenderResult ember = results.get(0);
        StringBuilder sb = new StringBuilder("Against Ember (issue #12 asks for the comparison, no target):");
        for (ContenderResult other : results.subList(1, results.size())) {
            sb.append(String.format(Locale.ROOT, " %s %.1f s, **%.1fx** Ember's %.1f s, test AUC %+.4f of Ember's;",
                other.contender().system(), other.medianSeconds(), other.medianSeconds() / ember.medianSeconds(),
                ember.medianSeconds(), other.medianMetric(GbtWorkload.AUC) - ember.medianMetric(GbtWorkload.AUC)));
        }
        sb.setLength(sb.length() - 1);
        return sb.append('.').toString();
    }

    private final class EmberFit implements Contender {
        @Override
        public String system() {
            return "Ember";
        }

        @Override
        public String variant() {
            return "`RandomForestClassifier`, float32 block, " + threads + " threads";
        }

        @Override
        public Measurement run(BenchContext context) {
            RandomForestClassifier rf = new RandomForestClassifier().numTrees(trees).maxDepth(depth).seed(42);
            long t0 = System.nanoTime();
            RandomForestClassificationModel model = rf.fit(rows.train());
            long t1 = System.nanoTime();
            double auc = new BinaryClassificationEvaluator().evaluate(model.transform(rows.test()));
            LOG.info("Ember forest: {} s, AUC {}, {}", (t1 - t0) / 1e9, auc, model.provenance().metrics());
            return Measurement.timed(t0, t1).metric(GbtWorkload.AUC, auc)
                .metric(GbtWorkload.TREES, model.getNumTrees()).metric(GbtWorkload.ROWS, rows.trainRows())
                .metric(GbtWorkload.BINNED_MIB, model.provenance().metrics().getOrDefault("binnedBytes", 0.0)
                    / Memory.MIB).build();
        }
    }

    private final class SparkFit implements Contender {
        @Override
        public String system() {
            return "Spark";
        }

        @Override
        public String variant() {
            return "`RandomForestClassifier`, local[" + threads + "]";
        }

        @Override
        public Measurement run(BenchContext context) {
            SparkSession spark = context.spark();
            Dataset<Row> all = rows.spark(spark);
            Dataset<Row> sparkTrain = all.filter(functions.col(TreeData.TEST).equalTo(0)).limit(trainLimit).cache();
            Dataset<Row> sparkTest = all.filter(functions.col(TreeData.TEST).equalTo(1)).cache();
            long n = sparkTrain.count();
            sparkTest.count();
            org.apache.spark.ml.classification.RandomForestClassifier rf = new org.apache.spark.ml.classification
                .RandomForestClassifier().setNumTrees(trees).setMaxDepth(depth).setSeed(42);
            long t0 = System.nanoTime();
            org.apache.spark.ml.classification.RandomForestClassificationModel model = rf.fit(sparkTrain);
            long t1 = System.nanoTime();
            double auc = new org.apache.spark.ml.evaluation.BinaryClassificationEvaluator()
                .evaluate(model.transform(sparkTest));
            sparkTrain.unpersist(true);
            sparkTest.unpersist(true);
            return Measurement.timed(t0, t1).metric(GbtWorkload.AUC, auc).metric(GbtWorkload.TREES,
                model.getNumTrees()).metric(GbtWorkload.ROWS, n).build();
        }
    }

    private final class SklearnFit implements Contender {
        @Override
        public String system() {
            return "scikit-learn";
        }

        @Override
        public String variant() {
            return "`RandomForestClassifier`, Python, " + threads + " jobs";
        }

        @Override
        public Measurement run(BenchContext context) throws IOException, InterruptedException {
            JsonNode r = TreePeers.run("sklearn-forest", rows.file(), "--threads", Integer.toString(threads), "--trees",
                Integer.toString(trees), "--depth", Integer.toString(depth), "--rows", Integer.toString(trainLimit));
            return new Measurement(r.path("seconds").asDouble(), Map.of(GbtWorkload.AUC, r.path("auc").asDouble(),
                GbtWorkload.TREES, (double) trees, GbtWorkload.ROWS, r.path("trainRows").asDouble()));
        }
    }
}
