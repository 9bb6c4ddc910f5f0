package dev.ember.ml.bench.linear;

import dev.ember.ml.algo.evaluation.RegressionEvaluator;
import dev.ember.ml.algo.regression.LinearRegression;
import dev.ember.ml.algo.regression.LinearRegressionModel;
import dev.ember.ml.bench.BenchContext;
import dev.ember.ml.bench.Contender;
import dev.ember.ml.bench.Measurement;
import dev.ember.ml.bench.Memory;
import dev.ember.ml.bench.MetricColumn;
import dev.ember.ml.bench.Workload;
import dev.ember.ml.bench.data.SyntheticData;
import dev.ember.ml.bench.spark.JobLog;
import dev.ember.ml.core.data.Frame;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Linear regression of the reference data's target {@code y = x.w + b + N(0, 0.5^2)} on the cached features,
 * {@code regParam 0.01}, Ember against Spark MLlib with the same solver:
 *
 * <ul>
 *   <li>{@code linreg-lbfgs}: solver {@code l-bfgs}, {@code elasticNetParam 0}, {@code tol 1e-6} (maxIter 100,
 *   both defaults);</li>
 *   <li>{@code linreg-normal}: solver {@code normal} (one pass for the normal equations, then a d x d solve).</li>
 * </ul>
 *
 * Timed: {@code fit} alone, on data both systems already cache ({@link LinearData}).
 */
public final class LinearRegressionWorkload implements Workload {
    static final String ITERATIONS = "iterations";
    static final String PASSES = "passes";
    static final String RMSE = "rmse";
    static final String COEF_MAX_REL = "coefMaxRel";
    static final String COEF_NORM_REL = "coefNormRel";
    static final String GC_SECONDS = "gcSeconds";
    private static final double REG_PARAM = 0.01;
    /** How far apart the two models may be, {@code max |Δ| / max |coef|}, before the workload fails. */
    private static final double VERIFY_TOLERANCE = 1e-3;
    private static final double TOL = 1e-6;
    private static final Logger LOG = LoggerFactory.getLogger(LinearRegressionWorkload.class);

    private final String solver;
    /** The call site of the Spark jobs that pass over the data for this solver. */
    private final String sparkPassSite;
    private LinearData data;
    private int threads = 2;
    private double[] emberCoefficients;
    /** Spark's coefficients (intercept last) of its latest fit. */
    private double[] sparkCoefficients;
    private boolean sparkJobsLogged;

    private LinearRegressionWorkload(String solver, String sparkPassSite) {
        this.solver = solver;
        this.sparkPassSite = sparkPassSite;
    }

    /** @return solver l-bfgs, {@code regParam 0.01, elasticNetParam 0, tol 1e-6} */
    public static LinearRegressionWorkload lbfgs() {
        return new LinearRegressionWorkload("l-bfgs", "RDDLossFunction");
    }

    /** @return solver normal, {@code regParam 0.01} */
    public static LinearRegressionWorkload normal() {
        return new LinearRegressionWorkload("normal", "WeightedLeastSquares");
    }

    private boolean lbfgsSolver() {
        return "l-bfgs".equals(solver);
    }

    @Override
    public String id() {
        return lbfgsSolver() ? "linreg-lbfgs" : "linreg-normal";
    }

    @Override
    public String family() {
        return LinearFamily.NAME;
    }

    @Override
    public String title() {
        return lbfgsSolver() ? "Linear regression, solver l-bfgs (L2 0.01, tol 1e-6)"
            : "Linear regression, solver normal (L2 0.01)";
    }

    @Override
    public String description() {
        String settings = lbfgsSolver() ? "`regParam 0.01`, `elasticNetParam 0`, `tol 1e-6` (`maxIter 100`)"
            : "`regParam 0.01`";
        String ember = lbfgsSolver()
            ? "`new LinearRegression().solver(\"l-bfgs\").regParam(0.01).elasticNetParam(0).with(TOL, 1e-6)`"
            : "`new LinearRegression().solver(\"normal\").regParam(0.01)`";
        String spark = lbfgsSolver()
            ? "`new LinearRegression().setSolver(\"l-bfgs\").setRegParam(0.01).setElasticNetParam(0).setTol(1e-6)`"
            : "`new LinearRegression().setSolver(\"normal\").setRegParam(0.01)`";
        String passes = lbfgsSolver()
            ? "loss evaluations (Ember's `summary().evaluations()`; Spark's `RDDLossFunction` jobs, counted with a"
                + " listener), not counting the one statistics pass both make first"
            : "passes over the data (Ember's `summary().evaluations()`; Spark's `WeightedLeastSquares` jobs)";
        return """
            Linear regression of `y` on the %s features, solver `%s`, %s, standardization and intercept on. Timed: \
            `fit` alone, on data both systems already cache (the same Parquet file, assembled and cached as for \
            logistic regression: float32 block on Ember, double vectors on Spark). Ember: %s (label column `y`). \
            Spark: %s (label column `y`). `iterations`: Ember's `summary().iterations()`, Spark's \
            `summary.totalIterations`. `passes`: %s. `RMSE`: on the training data, by each system's \
            `RegressionEvaluator`. `max rel. Δ coef`: the largest `|ember_j - spark_j| / |spark_j|` over the \
            coefficients and the intercept; `max |Δ| / max |coef|`: the largest difference over Spark's largest \
            coefficient."""
            .formatted(data == null ? "N x D" : data.data().spec().shape(), solver, settings, ember, spark, passes);
    }

    @Override
    public List<MetricColumn> metrics() {
        return List.of(
            new MetricColumn(ITERATIONS, "iterations", "%.0f"),
            new MetricColumn(PASSES, "passes", "%.0f"),
            new MetricColumn(RMSE, "RMSE", "%.6f"),
            new MetricColumn(COEF_MAX_REL, "max rel. Δ coef", "%.1e"),
            new MetricColumn(COEF_NORM_REL, "max |Δ| / max |coef|", "%.1e"),
            new MetricColumn(GC_SECONDS, "GC s", "%.2f"));
    }

    @Override
    public void setUp(BenchContext context) {
        data = LinearData.get(context);
        threads = context.options().threads();
    }

    @Override
    public void verify(BenchContext context) {
        Verify.sameModel(id(), emberCoefficients, sparkCoefficients, VERIFY_TOLERANCE);
    }

    @Override
    public List<Contender> contenders() {
        return List.of(new EmberFit(), new SparkFit());
    }

    private final class EmberFit implements Contender {
        private final QualityCache quality = new QualityCache();

        @Override
        public String system() {
            return "Ember";
        }

        @Override
        public String variant() {
            return "`LinearRegression.fit`, solver " + solver + ", float32 block";
        }

        @Override
        public Measurement run(BenchContext context) {
            Frame frame = data.frame();
            LinearRegression lr = new LinearRegression().solver(solver).regParam(REG_PARAM)
                .with(LinearRegression.LABEL_COL, SyntheticData.TARGET);
            if (lbfgsSolver()) {
                lr = lr.elasticNetParam(0).with(LinearRegression.TOL, TOL);
            }
            long gc0 = Memory.gcMillis();
            long t0 = System.nanoTime();
            LinearRegressionModel model = lr.fit(frame);
            long t1 = System.nanoTime();
            long gc1 = Memory.gcMillis();
            double[] coef = Quality.withIntercept(model.coefficients(), model.intercept());
            emberCoefficients = coef;
            Measurement.Builder m = Measurement.timed(t0, t1)
                .metric(ITERATIONS, model.summary().iterations())
                .metric(PASSES, model.summary().evaluations())
                .metric(GC_SECONDS, (gc1 - gc0) / 1e3);
            quality.get(coef, () -> {
                LOG.info("{}: Ember coefficients {}, intercept {}", id(), Arrays.toString(model.coefficients()),
                    model.intercept());
                return Map.of(RMSE, new RegressionEvaluator().with(RegressionEvaluator.LABEL_COL,
                    SyntheticData.TARGET).evaluate(model.transform(frame)));
            }).forEach(m::metric);
            return m.build();
        }
    }

    private final class SparkFit implements Contender {
        private final QualityCache quality = new QualityCache();

        @Override
        public String system() {
            return "Spark";
        }

        @Override
        public String variant() {
            return "`LinearRegression.fit`, solver " + solver + ", local[" + threads + "]";
        }

        @Override
        public Measurement run(BenchContext context) {
            Dataset<Row> df = data.dataset();
            org.apache.spark.ml.regression.LinearRegression lr = new org.apache.spark.ml.regression.LinearRegression()
                .setSolver(solver).setRegParam(REG_PARAM).setLabelCol(SyntheticData.TARGET);
            if (lbfgsSolver()) {
                lr = lr.setElasticNetParam(0).setTol(TOL);
            }
            org.apache.spark.ml.regression.LinearRegressionModel model;
            long t0;
            long t1;
            long gc0;
            long gc1;
            int passes;
            try (JobLog log = JobLog.open(context.spark())) {
                gc0 = Memory.gcMillis();
                t0 = System.nanoTime();
                model = lr.fit(df);
                t1 = System.nanoTime();
                gc1 = Memory.gcMillis();
                passes = log.count(sparkPassSite);
                if (!sparkJobsLogged) {
                    LOG.info("{}: Spark's jobs during fit, by call site: {}", id(), log.countsByCallSite());
                    sparkJobsLogged = true;
                }
            }
            double[] coef = Quality.withIntercept(model.coefficients().toArray(), model.intercept());
            Measurement.Builder m = Measurement.timed(t0, t1)
                .metric(ITERATIONS, model.summary().totalIterations())
                .metric(PASSES, passes)
                .metric(GC_SECONDS, (gc1 - gc0) / 1e3);
            sparkCoefficients = coef;
            if (emberCoefficients != null) {
                m.metric(COEF_MAX_REL, Quality.maxRelativeDifference(emberCoefficients, coef))
                    .metric(COEF_NORM_REL, Quality.normRelativeDifference(emberCoefficients, coef));
            }
            org.apache.spark.ml.regression.LinearRegressionModel fitted = model;
            quality.get(coef, () -> {
                LOG.info("{}: Spark coefficients {}, intercept {}", id(),
                    Arrays.toString(fitted.coefficients().toArray()), fitted.intercept());
                return Map.of(RMSE, new org.apache.spark.ml.evaluation.RegressionEvaluator()
                    .setLabelCol(SyntheticData.TARGET).evaluate(fitted.transform(df)));
            }).forEach(m::metric);
            return m.build();
        }
    }
}
