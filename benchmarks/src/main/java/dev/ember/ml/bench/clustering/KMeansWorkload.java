package dev.ember.ml.bench.clustering;

import dev.ember.ml.algo.clustering.KMeans;
import dev.ember.ml.algo.clustering.KMeansModel;
import dev.ember.ml.algo.feature.VectorAssembler;
import dev.ember.ml.bench.BenchContext;
import dev.ember.ml.bench.Contender;
import dev.ember.ml.bench.ContenderResult;
import dev.ember.ml.bench.Measurement;
import dev.ember.ml.bench.Memory;
import dev.ember.ml.bench.MetricColumn;
import dev.ember.ml.bench.Workload;
import dev.ember.ml.bench.data.SyntheticData;
import dev.ember.ml.core.data.Frame;
import dev.ember.ml.core.io.ParquetReader;
import dev.ember.ml.core.runtime.Runtime;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.mllib.linalg.Vector;
import org.apache.spark.mllib.linalg.Vectors;
import org.apache.spark.sql.Row;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * W3: k-means, {@code k = 10}, 20 iterations, on the reference data's 50 features, Ember against Spark MLlib's
 * Lloyd from the same 10 initial centers (the first 10 rows), {@code tol 1e-4} on both. Timed: {@code fit}
 * alone on data both systems cache (Ember: the float32 feature block; Spark: an {@code RDD<Vector>} of doubles,
 * what {@code ml.clustering.KMeans.fit} hands to the same MLlib code, which alone takes an initial model).
 * Quality: each model's cost at its final centers (Ember's {@code summary().trainingCost()}; Spark's
 * {@code computeCost}, untimed) and their relative difference. Both start from Ember's first 10 rows (float32
 * values widened to double), the same centers on both.
 */
public final class KMeansWorkload implements Workload {
    static final String ITERATIONS = "iterations";
    static final String COST = "cost";
    static final String COST_REL = "costRel";
    static final String GC_SECONDS = "gcSeconds";
    private static final int K = 10;
    private static final int MAX_ITER = 20;
    private static final double TOL = 1e-4;
    private static final double GOAL_SECONDS = 1.0;
    private static final double COST_TOLERANCE = 1e-4;
    private static final Logger LOG = LoggerFactory.getLogger(KMeansWorkload.class);

    private Data data;
    private int threads = 2;
    private double emberCost = Double.NaN;
    private double sparkCost = Double.NaN;

    @Override
    public String id() {
        return "kmeans";
    }

    @Override
    public String family() {
        return ClusteringFamily.NAME;
    }

    @Override
    public String title() {
        return "W3: k-means, k = 10, 20 iterations, same start";
    }

    @Override
    public String description() {
        return """
            k-means with `k = 10`, `maxIter = 20`, `tol = 1e-4` on the %s features of the reference data, both \
            systems from the same initial centers (the first 10 rows). Timed: `fit` alone on cached data. Ember: \
            `new KMeans().initialCenters(first10).maxIter(20).fit(frame)` on the float32 feature block (Lloyd with \
            Hamerly's bounds, one tree-aggregate per iteration, plus one pass for the final cost). Spark: MLlib's \
            `KMeans().setK(10).setMaxIterations(20).setEpsilon(1e-4).setInitialModel(first10).run(rdd)` on a \
            cached `RDD<Vector>` (the Lloyd code `ml.clustering.KMeans.fit` calls; only MLlib takes an initial \
            model). `cost`: the sum of squared distances to the final centers (Ember's `trainingCost`, Spark's \
            `computeCost`, untimed); `rel. Δ cost`: Ember's against Spark's."""
            .formatted(data == null ? "N x D" : data.spec);
    }

    @Override
    public List<MetricColumn> metrics() {
        return List.of(new MetricColumn(ITERATIONS, "iterations", "%.0f"),
            new MetricColumn(COST, "cost", "%.6e"),
            new MetricColumn(COST_REL, "rel. Δ cost", "%.1e"),
            new MetricColumn(GC_SECONDS, "GC s", "%.2f"));
    }

    @Override
    public void setUp(BenchContext context) {
        data = context.shared("clustering/data", Data.class, Data::new);
        threads = context.options().threads();
    }

    @Override
    public void verify(BenchContext context) {
        if (Double.isNaN(emberCost) && Double.isNaN(sparkCost)) {
            LOG.info("kmeans: no warm-up fit, nothing to verify before the timed repetitions (each timed row"
                + " still reports its cost and its relative difference)");
            return;
        }
        double rel = Math.abs(emberCost - sparkCost) / Math.abs(sparkCost);
        if (!(rel <= COST_TOLERANCE)) {
            throw new IllegalStateException(String.format(Locale.ROOT, "kmeans: Ember's cost %.10g and Spark's"
                + " %.10g differ by %.2e relative, more than %.0e", emberCost, sparkCost, rel, COST_TOLERANCE));
        }
        LOG.info("kmeans: Ember's cost {} and Spark's {} agree to {} relative", emberCost, sparkCost, rel);
    }

    @Override
    public String summary(List<ContenderResult> results) {
        double ember = results.get(0).medianSeconds();
        return String.format(Locale.ROOT, "Goal: Ember at most %.1f s with the same cost within %.0e relative:"
            + " median %.3f s (%s).", GOAL_SECONDS, COST_TOLERANCE, ember, ember <= GOAL_SECONDS ? "met" : "missed");
    }

    @Override
    public List<Contender> contenders() {
        return List.of(new EmberFit(), new SparkFit());
    }

    private final class EmberFit implements Contender {
        @Override
        public String system() {
            return "Ember";
        }

        @Override
        public String variant() {
            return "`KMeans.fit` from given centers, float32 block";
        }

        @Override
        public Measurement run(BenchContext context) {
            KMeans km = new KMeans().initialCenters(data.start).maxIter(MAX_ITER).tol(TOL);
            long gc0 = Memory.gcMillis();
            long t0 = System.nanoTime();
            KMeansModel model = km.fit(data.frame);
            long t1 = System.nanoTime();
            long gc1 = Memory.gcMillis();
            emberCost = model.summary().trainingCost();
            Measurement.Builder m = Measurement.timed(t0, t1).metric(ITERATIONS, model.summary().numIter())
                .metric(COST, emberCost).metric(GC_SECONDS, (gc1 - gc0) / 1e3);
            if (!Double.isNaN(sparkCost)) {
                m.metric(COST_REL, Math.abs(emberCost - sparkCost) / Math.abs(sparkCost));
            }
            return m.build();
        }
    }

    private final class SparkFit implements Contender {
        @Override
        public String system() {
            return "Spark";
        }

        @Override
        public String variant() {
            return "MLlib `KMeans.run` from the same centers, local[" + threads + "]";
        }

        @Override
        public Measurement run(BenchContext context) {
            Vector[] centers = new Vector[data.start.length];
            for (int c = 0; c < centers.length; c++) {
                centers[c] = Vectors.dense(data.start[c]);
            }
            org.apache.spark.mllib.clustering.KMeans km = new org.apache.spark.mllib.clustering.KMeans().setK(K)
                .setMaxIterations(MAX_ITER).setEpsilon(TOL)
                .setInitialModel(new org.apache.spark.mllib.clustering.KMeansModel(centers));
            long gc0 = Memory.gcMillis();
            long t0 = System.nanoTime();
            org.apache.spark.mllib.clustering.KMeansModel model = km.run(data.rdd.rdd());
            long t1 = System.nanoTime();
            long gc1 = Memory.gcMillis();
            sparkCost = model.computeCost(data.rdd.rdd());
            Measurement.Builder m = Measurement.timed(t0, t1).metric(ITERATIONS, model.numIter())
                .metric(COST, sparkCost).metric(GC_SECONDS, (gc1 - gc0) / 1e3);
            if (!Double.isNaN(emberCost)) {
                m.metric(COST_REL, Math.abs(emberCost - sparkCost) / Math.abs(sparkCost));
            }
            return m.build();
        }
    }

    /** The features cached once on both systems, and the shared start (the first 10 rows, as doubles). */
    static final class Data implements AutoCloseable {
        final String spec;
        final Runtime runtime;
        final Frame frame;
        final JavaRDD<Vector> rdd;
        final double[][] start;

        Data(BenchContext context) {
            SyntheticData synthetic = SyntheticData.of(context.options().data());
            spec = synthetic.spec().shape();
            Path file = context.parquet(synthetic);
            String[] features = synthetic.featureNames().toArray(new String[0]);
            runtime = context.newEmberRuntime();
            frame = new VectorAssembler().inputCols(features).outputCol("features")
                .transform(ParquetReader.options().runtime(runtime).read(file)).select("features").cacheNow();
            double[][] first = frame.limit(K).collectVectors("features");
            start = first;
            rdd = new org.apache.spark.ml.feature.VectorAssembler().setInputCols(features).setOutputCol("features")
                .transform(context.spark().read().parquet(file.toString())).select("features").javaRDD()
                .map((Row r) -> Vectors.fromML(r.getAs(0))).cache();
            long rows = rdd.count();
            List<Vector> sparkFirst = rdd.take(K);
            for (int c = 0; c < K; c++) {
                double[] s = sparkFirst.get(c).toArray();
                for (int j = 0; j < s.length; j++) {
                    // Ember holds float32, Spark doubles: the same row agrees to float rounding
                    if (Math.abs(s[j] - start[c][j]) > 1e-6 * Math.max(1, Math.abs(s[j]))) {
                        throw new IllegalStateException("kmeans: Spark's row " + c + " differs from Ember's at " + j
                            + " (" + s[j] + " vs " + start[c][j] + "); the systems would not start alike");
                    }
                }
            }
            LOG.info("cached {} rows for k-means on both systems; start = the first {} rows", rows, K);
        }

        @Override
        public void close() {
            try {
                rdd.unpersist(true);
                frame.unpersist();
            } finally {
                runtime.close();
            }
        }
    }
}
