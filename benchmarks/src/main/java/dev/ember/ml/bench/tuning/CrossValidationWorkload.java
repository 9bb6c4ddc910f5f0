package dev.ember.ml.bench.tuning;

import dev.ember.ml.algo.classification.LogisticRegression;
import dev.ember.ml.algo.evaluation.BinaryClassificationEvaluator;
import dev.ember.ml.bench.BenchContext;
import dev.ember.ml.bench.Contender;
import dev.ember.ml.bench.ContenderResult;
import dev.ember.ml.bench.Measurement;
import dev.ember.ml.bench.Memory;
import dev.ember.ml.bench.MetricColumn;
import dev.ember.ml.bench.Workload;
import dev.ember.ml.core.param.ParamMap;
import dev.ember.ml.pipeline.tuning.CrossValidator;
import dev.ember.ml.pipeline.tuning.CrossValidatorModel;
import dev.ember.ml.pipeline.tuning.ParamGridBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * W5 of issue 8: 3-fold cross-validation of logistic regression over 6 settings (regParam {0.001, 0.01, 0.1} x
 * elasticNetParam {0, 0.5}) on the first 100,000 rows of the reference data, Ember's {@code CrossValidator}
 * against Spark MLlib's, scored by area under ROC. Timed: {@code CrossValidator.fit} alone (the 18 fold fits, their
 * evaluations and the refit of the best setting), over data both systems already cache ({@link TuningData}).
 */
public final class CrossValidationWorkload implements Workload {
    static final String BEST_REG = "bestReg";
    static final String BEST_EN = "bestEn";
    static final String BEST_AUC = "bestAuc";
    static final String AUC_SPREAD = "aucSpread";
    static final String GC_SECONDS = "gcSeconds";
    /** The ratio issue 8 asks for. */
    static final double TARGET_SPEEDUP = 20;
    static final double[] REG_PARAMS = {0.001, 0.01, 0.1};
    static final double[] ELASTIC_NET = {0.0, 0.5};
    private static final String KEY = "tuning/data";
    private static final Logger LOG = LoggerFactory.getLogger(CrossValidationWorkload.class);

    private TuningData data;
    private int threads = 2;
    private double[] emberBest;
    private double[] sparkBest;

    @Override
    public String id() {
        return "cv";
    }

    @Override
    public String family() {
        return TuningFamily.NAME;
    }

    @Override
    public String title() {
        return "3-fold cross-validation of 6 logistic-regression settings on 100,000 rows (W5)";
    }

    @Override
    public String description() {
        return """
            3-fold cross-validation of binomial logistic regression (`maxIter 100, tol 1e-6`, standardization \
            and intercept on) over regParam {0.001, 0.01, 0.1} x elasticNetParam {0, 0.5}, scored by area under \
            ROC, on the first 100,000 rows x 50 features of the reference data, cached on both systems in %d \
            partitions (Ember float32 block, Spark double vectors). Timed: `CrossValidator.fit` alone: 18 fold \
            fits, their evaluations on the held-out folds and the refit of the best setting on all rows. Ember: \
            `new CrossValidator().estimator(lr).estimatorParamMaps(grid).evaluator(new \
            BinaryClassificationEvaluator()).numFolds(3).foldCol("fold").parallelism(p)`: folds are per-fold \
            weight columns over the one cached frame (no copies of the feature block), settings differing only in \
            regParam go to the estimator's multi-setting hook from large to small regParam. Spark: \
            `org.apache.spark.ml.tuning.CrossValidator` with the same grid, `setFoldCol("fold")`. Both systems \
            score the same folds: the column `fold` is the row's index in the file modulo 3 on both (the rows are \
            i.i.d.). `best`: the setting with the best mean AUC and that AUC. \
            `AUC spread`: best minus worst mean AUC over the settings, how far apart the settings are."""
            .formatted(data == null ? 2 * threads : data.partitions());
    }

    @Override
    public List<MetricColumn> metrics() {
        return List.of(new MetricColumn(BEST_REG, "best regParam", "%.3g"),
            new MetricColumn(BEST_EN, "best elasticNet", "%.1f"),
            new MetricColumn(BEST_AUC, "best mean AUC", "%.6f"),
            new MetricColumn(AUC_SPREAD, "AUC spread", "%.1e"),
            new MetricColumn(GC_SECONDS, "GC s", "%.2f"));
    }

    @Override
    public void setUp(BenchContext context) {
        threads = context.options().threads();
        data = context.shared(KEY, TuningData.class, TuningData::new);
    }

    @Override
    public List<Contender> contenders() {
        return List.of(new EmberCv(threads), new EmberCv(1), new SparkCv(1), new SparkCv(threads));
    }

    @Override
    public void verify(BenchContext context) {
        LOG.info("cv: best setting Ember {} Spark {}", Arrays.toString(emberBest), Arrays.toString(sparkBest));
    }

    @Override
    public String summary(List<ContenderResult> results) {
        ContenderResult ember = results.get(0).medianSeconds() <= results.get(1).medianSeconds() ? results.get(0)
            : results.get(1);
        double bestSpark = Double.MAX_VALUE;
        for (ContenderResult r : results.subList(2, results.size())) {
            bestSpark = Math.min(bestSpark, r.medianSeconds());
        }
        double slowSpark = results.get(2).medianSeconds();
        double ratio = bestSpark / ember.medianSeconds();
        boolean same = emberBest != null && sparkBest != null && emberBest[0] == sparkBest[0]
            && emberBest[1] == sparkBest[1];
        return String.format(Locale.ROOT, "Target (issue 8, W5): at least %.0fx faster than Spark's CrossValidator:"
                + " **%.1fx** between each system's faster variant (Ember %.3f s, Spark %.3f s), %.1fx against Spark's"
                + " default parallelism 1 (%.3f s), %s. Same best setting: %s (Ember regParam %s elasticNet %s,"
                + " Spark regParam %s elasticNet %s).", TARGET_SPEEDUP, ratio, ember.medianSeconds(), bestSpark,
            slowSpark / ember.medianSeconds(), slowSpark, ratio >= TARGET_SPEEDUP ? "met" : "**missed**",
            same ? "yes" : "**no**", emberBest == null ? "?" : emberBest[0], emberBest == null ? "?" : emberBest[1],
            sparkBest == null ? "?" : sparkBest[0], sparkBest == null ? "?" : sparkBest[1]);
    }

    private static double spread(double[] avg) {
        return Arrays.stream(avg).max().orElse(0) - Arrays.stream(avg).min().orElse(0);
    }

    private final class EmberCv implements Contender {
        private final int parallelism;

        EmberCv(int parallelism) {
            this.parallelism = parallelism;
        }

        @Override
        public String system() {
            return "Ember";
        }

        @Override
        public String variant() {
            return "`CrossValidator`, parallelism " + parallelism;
        }

        @Override
        public Measurement run(BenchContext context) {
            LogisticRegression lr = new LogisticRegression();
            List<ParamMap> grid = new ParamGridBuilder()
                .addGrid(lr, LogisticRegression.REG_PARAM, box(REG_PARAMS))
                .addGrid(lr, LogisticRegression.ELASTIC_NET_PARAM, box(ELASTIC_NET))
                .build();
            CrossValidator cv = new CrossValidator().estimator(lr).estimatorParamMaps(grid)
                .evaluator(new BinaryClassificationEvaluator()).numFolds(TuningData.FOLDS).foldCol(TuningData.FOLD)
                .parallelism(parallelism);
            long gc0 = Memory.gcMillis();
            long t0 = System.nanoTime();
            CrossValidatorModel model = cv.fit(data.frame());
            long t1 = System.nanoTime();
            long gc1 = Memory.gcMillis();
            ParamMap best = grid.get(model.bestIndex());
            double reg = best.get(lr, LogisticRegression.REG_PARAM).orElseThrow();
            double en = best.get(lr, LogisticRegression.ELASTIC_NET_PARAM).orElseThrow();
            if (parallelism == threads) {
                emberBest = new double[] {reg, en};
            }
            LOG.info("cv: Ember (parallelism {}) mean AUCs {} for {}", parallelism,
                Arrays.toString(model.avgMetrics()), model.settings());
            return Measurement.timed(t0, t1).metric(BEST_REG, reg).metric(BEST_EN, en)
                .metric(BEST_AUC, model.avgMetrics()[model.bestIndex()]).metric(AUC_SPREAD, spread(model.avgMetrics()))
                .metric(GC_SECONDS, (gc1 - gc0) / 1e3).build();
        }
    }

    private static Double[] box(double[] v) {
        return Arrays.stream(v).boxed().toArray(Double[]::new);
    }

    private final class SparkCv implements Contender {
        private final int parallelism;

        SparkCv(int parallelism) {
            this.parallelism = parallelism;
        }

        @Override
        public String system() {
            return "Spark";
        }

        @Override
        public String variant() {
            return "`CrossValidator`, parallelism " + parallelism + ", local[" + threads + "]";
        }

        @Override
        public Measurement run(BenchContext context) {
            org.apache.spark.ml.classification.LogisticRegression lr =
                new org.apache.spark.ml.classification.LogisticRegression();
            org.apache.spark.ml.param.ParamMap[] grid = new org.apache.spark.ml.tuning.ParamGridBuilder()
                .addGrid(lr.regParam(), REG_PARAMS).addGrid(lr.elasticNetParam(), ELASTIC_NET).build();
            org.apache.spark.ml.tuning.CrossValidator cv = TuningData.sparkCrossValidator(lr, grid, parallelism);
            long gc0 = Memory.gcMillis();
            long t0 = System.nanoTime();
            org.apache.spark.ml.tuning.CrossValidatorModel model = cv.fit(data.dataset());
            long t1 = System.nanoTime();
            long gc1 = Memory.gcMillis();
            double[] avg = model.avgMetrics();
            int best = TuningData.best(avg);
            org.apache.spark.ml.param.ParamMap bestMap = model.getEstimatorParamMaps()[best];
            double reg = (Double) bestMap.apply(lr.regParam());
            double en = (Double) bestMap.apply(lr.elasticNetParam());
            if (parallelism == threads) {
                sparkBest = new double[] {reg, en};
            }
            LOG.info("cv: Spark (parallelism {}) mean AUCs {} for {}", parallelism, Arrays.toString(avg),
                Arrays.toString(model.getEstimatorParamMaps()));
            return Measurement.timed(t0, t1).metric(BEST_REG, reg).metric(BEST_EN, en).metric(BEST_AUC, avg[best])
                .metric(AUC_SPREAD, spread(avg)).metric(GC_SECONDS, (gc1 - gc0) / 1e3).build();
        }
    }
}
