package dev.ember.ml.bench.sweep;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ember.ml.algo.classification.LogisticRegression;
import dev.ember.ml.algo.evaluation.BinaryClassificationEvaluator;
import dev.ember.ml.bench.BenchContext;
import dev.ember.ml.bench.Contender;
import dev.ember.ml.bench.ContenderResult;
import dev.ember.ml.bench.Measurement;
import dev.ember.ml.bench.MetricColumn;
import dev.ember.ml.bench.PeerPython;
import dev.ember.ml.bench.Workload;
import dev.ember.ml.bench.tuning.TuningData;
import dev.ember.ml.core.param.ParamMap;
import dev.ember.ml.pipeline.sweep.Budget;
import dev.ember.ml.pipeline.sweep.Direction;
import dev.ember.ml.pipeline.sweep.RandomSampler;
import dev.ember.ml.pipeline.sweep.SearchSpace;
import dev.ember.ml.pipeline.sweep.Sweep;
import dev.ember.ml.pipeline.sweep.SweepResult;
import dev.ember.ml.pipeline.sweep.TrialRecord;
import dev.ember.ml.pipeline.tuning.FoldedFrame;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Row;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Issue 10's end-to-end sweep benchmark: 24 random-search trials over regParam log-uniform [1e-4, 1] x
 * elasticNetParam uniform [0, 1], each scored by 3-fold cross-validation AUC of logistic regression on the first
 * 100,000 rows of the reference data ({@link TuningData}, cached once on both systems). Ember: the sweep engine
 * ({@link Sweep} with {@link RandomSampler}, seed {@value #SEED}) whose objective runs Ember's
 * {@link FoldedFrame} over the shared cached frame (folds, weights and statistics made once). Spark: one
 * {@code CrossValidator} over the same 24 settings (the ones Ember's sampler draws), {@code local[threads]}.
 * Optuna 5.0.0 + scikit-learn 1.9.1: 24 trials of Optuna's {@code RandomSampler} (same space, its own draws)
 * over {@code LogisticRegression(solver="saga")} scored by {@code cross_val_score} on the same folds, from the
 * venv {@code benchmarks/sweep-venv.sh} makes.
 */
public final class SweepCvWorkload implements Workload {
    static final String SECONDS_PER_TRIAL = "secondsPerTrial";
    static final String BEST_REG = "bestReg";
    static final String BEST_EN = "bestEn";
    static final String BEST_AUC = "bestAuc";
    static final String ENGINE_MS = "engineMs";
    /** Trials per sweep. */
    static final int TRIALS = 24;
    /** The samplers' seed (Ember's and Optuna's). */
    static final long SEED = 42;
    static final double TARGET_SPARK = 20;
    static final double TARGET_AUC = 1e-3;
    private static final String KEY = "sweep/tuning-data";
    private static final String REG = "regParam";
    private static final String EN = "elasticNetParam";
    private static final Logger LOG = LoggerFactory.getLogger(SweepCvWorkload.class);

    private TuningData data;
    private int threads = 2;
    private final List<double[]> settings = new ArrayList<>();
    private Path npyDir;
    private final double[][] best = new double[3][];

    @Override
    public String id() {
        return "sweep-cv";
    }

    @Override
    public String family() {
        return "Sweeps";
    }

    @Override
    public String title() {
        return "24 random-search trials of 3-fold CV logistic regression on 100,000 rows: Ember vs Spark vs Optuna";
    }

    @Override
    public String description() {
        return """
            24 trials over regParam log-uniform [1e-4, 1] x elasticNetParam uniform [0, 1], each scored by the \
            mean area under ROC of 3-fold cross-validation of binomial logistic regression, on the first 100,000 \
            rows x 50 features of the reference data, cached once on both JVM systems (`TuningData`: %d \
            partitions, fold = row index mod 3; Ember float32 block, Spark double vectors). Ember: \
            `Sweep` with `RandomSampler(space, 42)`, in memory, one trial at a time or %d at once (`Sweep.parallel`) on the one runtime; the objective is \
            `folds.meanScore(lr, setting, new BinaryClassificationEvaluator())` over one \
            `FoldedFrame.fromColumn(frame, "fold", 3)` that all trials share (`maxIter 100, tol 1e-6`): the fold \
            weight columns and the folds' statistics pass are made once, for the first trial, and each trial fits \
            its setting on the three training sets and scores it (CrossValidator's numbers for the same folds); \
            after the last trial the best setting is refitted on all rows, as Spark's `CrossValidator` does. `engine ms/trial` is the sweep engine's own time (suggestion and bookkeeping). Spark 4: one \
            `CrossValidator` (parallelism 1 and %d, `setFoldCol("fold")`) over the 24 (regParam, elasticNetParam) pairs \
            Ember's sampler drew, as explicit `ParamMap`s, `BinaryClassificationEvaluator` (area under ROC). \
            Optuna 5.0.0 + scikit-learn 1.9.1 (`.venv-bench-sweep`, script `sweep/optuna_sklearn_cv.py`): 24 \
            trials of `RandomSampler(seed=42)` (its own draws from the same space), \
            `LogisticRegression(C=1/(n_train*regParam), l1_ratio=elasticNetParam, solver="saga", max_iter=1000)` \
            scored by `cross_val_score(scoring="roc_auc", n_jobs=2)` on the same folds (`PredefinedSplit`), \
            data as float64 `.npy` written from Spark's cached rows; its time is the script's own, from the data \
            in memory to the best trial (not the Python start-up or loading). `best`: the best trial's setting \
            and mean AUC.""".formatted(data == null ? 2 * threads : data.partitions(), threads, threads);
    }

    @Override
    public List<MetricColumn> metrics() {
        return List.of(new MetricColumn(SECONDS_PER_TRIAL, "s/trial", "%.3f"),
            new MetricColumn(BEST_REG, "best regParam", "%.3g"),
            new MetricColumn(BEST_EN, "best elasticNet", "%.3f"),
            new MetricColumn(BEST_AUC, "best mean AUC", "%.6f"),
            new MetricColumn(ENGINE_MS, "engine ms/trial", "%.3f"));
    }

    static SearchSpace space() {
        return SearchSpace.builder().loguniform(REG, 1e-4, 1).uniform(EN, 0, 1).build();
    }

    @Override
    public void setUp(BenchContext context) throws IOException {
        threads = context.options().threads();
        data = context.shared(KEY, TuningData.class, TuningData::new);
        settings.clear();
        RandomSampler sampler = new RandomSampler(space(), SEED);
        for (int k = 0; k < TRIALS; k++) {
            // the random sampler ignores the history: trial k's draw depends on (seed, k) alone
            Map<String, Object> p = sampler.suggest(null, k);
            settings.add(new double[] {((Number) p.get(REG)).doubleValue(), ((Number) p.get(EN)).doubleValue()});
        }
        npyDir = Files.createTempDirectory("sweep-cv");
        List<Row> rows = data.dataset().select(TuningData.FEATURES, "label", TuningData.FOLD).collectAsList();
        int n = rows.size();
        int d = ((Vector) rows.get(0).get(0)).size();
        double[] x = new double[n * d];
        double[] y = new double[n];
        int[] fold = new int[n];
        for (int r = 0; r < n; r++) {
            Row row = rows.get(r);
            double[] v = ((Vector) row.get(0)).toArray();
            System.arraycopy(v, 0, x, r * d, d);
            y[r] = row.getDouble(1);
            fold[r] = row.getInt(2);
        }
        writeNpy(npyDir.resolve("x.npy"), "<f8", new int[] {n, d}, x, null);
        writeNpy(npyDir.resolve("y.npy"), "<f8", new int[] {n}, y, null);
        writeNpy(npyDir.resolve("fold.npy"), "<i4", new int[] {n}, null, fold);
    }

    /** Writes a C-order little-endian .npy file (format 1.0) of doubles or ints. */
    private static void writeNpy(Path file, String dtype, int[] shape, double[] doubles, int[] ints)
        throws IOException {
        String shapeText = shape.length == 1 ? "(" + shape[0] + ",)" : "(" + shape[0] + ", " + shape[1] + ")";
        StringBuilder header = new StringBuilder("{'descr': '" + dtype + "', 'fortran_order': False, 'shape': "
            + shapeText + ", }");
        while ((10 + header.length() + 1) % 64 != 0) {
            header.append(' ');
        }
        header.append('\n');
        int count = doubles != null ? doubles.length : ints.length;
        ByteBuffer body = ByteBuffer.allocate(count * (doubles != null ? 8 : 4)).order(ByteOrder.LITTLE_ENDIAN);
        if (doubles != null) {
            body.asDoubleBuffer().put(doubles);
        } else {
            body.asIntBuffer().put(ints);
        }
        try (OutputStream out = Files.newOutputStream(file); DataOutputStream o = new DataOutputStream(out)) {
            o.write(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0});
            byte[] h = header.toString().getBytes(StandardCharsets.US_ASCII);
            o.write(h.length & 0xff);
            o.write((h.length >> 8) & 0xff);
            o.write(h);
            o.write(body.array());
        }
    }

    @Override
    public List<Contender> contenders() {
        return List.of(new EmberSweep(1), new EmberSweep(threads), new SparkCv(1), new SparkCv(threads),
            new OptunaSklearn());
    }

    @Override
    public void verify(BenchContext context) {
        LOG.info("sweep-cv: the {} settings Ember's sampler draws (and Spark scores): {}", settings.size(),
            settings.stream().map(Arrays::toString).toList());
    }

    @Override
    public String summary(List<ContenderResult> results) {
        double ember = Math.min(results.get(0).medianSeconds(), results.get(1).medianSeconds());
        double spark = Math.min(results.get(2).medianSeconds(), results.get(3).medianSeconds());
        double optuna = results.get(4).medianSeconds();
        double vsSpark = spark / ember;
        double vsOptuna = optuna / ember;
        String same = best[0] == null || best[1] == null ? "?"
            : best[0][0] == best[1][0] && best[0][1] == best[1][1] ? "yes" : "**no**";
        double dSpark = best[0] == null || best[1] == null ? Double.NaN : Math.abs(best[0][2] - best[1][2]);
        double dOptuna = best[0] == null || best[2] == null ? Double.NaN : Math.abs(best[0][2] - best[2][2]);
        return String.format(Locale.ROOT, "Targets (issue 10), each system's faster variant: at least %.0fx faster"
                + " than Spark's CrossValidator: **%.1fx** (Ember %.3f s, Spark %.3f s), %s. Faster than Optuna + scikit-learn: **%.1fx** (%.3f s),"
                + " %s. Same best setting within noise (best mean AUC within %.0e): Spark scored the same 24"
                + " settings and picked the same one: %s, |AUC difference| %.1e (%s); Optuna drew its own 24 settings,"
                + " |best AUC difference| %.1e (%s).", TARGET_SPARK, vsSpark, ember, spark,
            vsSpark >= TARGET_SPARK ? "met" : "**missed**", vsOptuna, optuna, vsOptuna > 1 ? "met" : "**missed**",
            TARGET_AUC, same, dSpark, dSpark <= TARGET_AUC ? "met" : "**missed**", dOptuna,
            dOptuna <= TARGET_AUC ? "met" : "**missed**");
    }

    /** Ember's sweep engine, each trial one {@link CrossValidator} fit. */
    private final class EmberSweep implements Contender {
        private final int parallel;

        EmberSweep(int parallel) {
            this.parallel = parallel;
        }

        @Override
        public String system() {
            return "Ember";
        }

        @Override
        public String variant() {
            return "`Sweep` + `RandomSampler`, folds shared by the trials (`FoldedFrame`), " + parallel + " trial(s) at once";
        }

        @Override
        public Measurement run(BenchContext context) {
            SearchSpace space = space();
            LogisticRegression lr = new LogisticRegression();
            BinaryClassificationEvaluator auc = new BinaryClassificationEvaluator();
            long t0 = System.nanoTime();
            SweepResult r;
            try (FoldedFrame folds = FoldedFrame.fromColumn(data.frame(), TuningData.FOLD, TuningData.FOLDS)) {
                r = Sweep.builder(space).direction(Direction.MAXIMIZE).sampler(new RandomSampler(space, SEED))
                    .budget(Budget.trials(TRIALS)).parallel(parallel).build()
                    .run(t -> folds.meanScore(lr, setting(lr, t.getDouble(REG), t.getDouble(EN)), auc));
            }
            // the best setting refitted on all rows, as Spark's CrossValidator does
            TrialRecord top = r.best().orElseThrow();
            lr.fit(data.frame(), setting(lr, ((Number) top.params().get(REG)).doubleValue(),
                ((Number) top.params().get(EN)).doubleValue()));
            long t1 = System.nanoTime();
            TrialRecord b = r.best().orElseThrow();
            double[] mine = new double[] {((Number) b.params().get(REG)).doubleValue(),
                ((Number) b.params().get(EN)).doubleValue(), b.value()};
            if (parallel == 1 || best[0] == null) {
                best[0] = mine;
            }
            for (TrialRecord t : r.trials()) {
                double[] s = settings.get(t.number());
                if (s[0] != ((Number) t.params().get(REG)).doubleValue()) {
                    throw new IllegalStateException("trial " + t.number() + " drew " + t.params()
                        + ", not the setting given to Spark " + Arrays.toString(s));
                }
            }
            LOG.info("sweep-cv: Ember trials {}", r.trials().stream().map(t -> t.params() + "=" + t.value()).toList());
            return Measurement.timed(t0, t1).metric(SECONDS_PER_TRIAL, (t1 - t0) / 1e9 / TRIALS)
                .metric(BEST_REG, mine[0]).metric(BEST_EN, mine[1]).metric(BEST_AUC, mine[2])
                .metric(ENGINE_MS, r.engineMillisPerTrial()).build();
        }
    }

    private static ParamMap setting(LogisticRegression lr, double reg, double en) {
        return ParamMap.empty().put(lr, LogisticRegression.REG_PARAM, reg)
            .put(lr, LogisticRegression.ELASTIC_NET_PARAM, en);
    }

    /** Spark ML's CrossValidator over the 24 settings Ember's sampler drew. */
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
            return "`CrossValidator` over the 24 settings, parallelism " + parallelism + ", local[" + threads + "]";
        }

        @Override
        public Measurement run(BenchContext context) {
            org.apache.spark.ml.classification.LogisticRegression lr =
                new org.apache.spark.ml.classification.LogisticRegression();
            org.apache.spark.ml.param.ParamMap[] grid = new org.apache.spark.ml.param.ParamMap[settings.size()];
            for (int i = 0; i < grid.length; i++) {
                grid[i] = new org.apache.spark.ml.param.ParamMap().put(lr.regParam(), settings.get(i)[0])
                    .put(lr.elasticNetParam(), settings.get(i)[1]);
            }
            org.apache.spark.ml.tuning.CrossValidator cv = TuningData.sparkCrossValidator(lr, grid, parallelism);
            long t0 = System.nanoTime();
            org.apache.spark.ml.tuning.CrossValidatorModel model = cv.fit(data.dataset());
            long t1 = System.nanoTime();
            double[] avg = model.avgMetrics();
            int b = TuningData.best(avg);
            double[] mine = {settings.get(b)[0], settings.get(b)[1], avg[b]};
            if (parallelism == 1 || best[1] == null) {
                best[1] = mine;
            }
            LOG.info("sweep-cv: Spark mean AUCs {}", Arrays.toString(avg));
            return Measurement.timed(t0, t1).metric(SECONDS_PER_TRIAL, (t1 - t0) / 1e9 / TRIALS)
                .metric(BEST_REG, mine[0]).metric(BEST_EN, mine[1]).metric(BEST_AUC, mine[2]).build();
        }
    }

    /** Optuna's RandomSampler over scikit-learn, through the pinned venv; its own timing. */
    private final class OptunaSklearn implements Contender {
        @Override
        public String system() {
            return "Optuna 5.0.0 + scikit-learn 1.9.1";
        }

        @Override
        public String variant() {
            return "`RandomSampler`, saga, `cross_val_score` n_jobs=2";
        }

        @Override
        public Measurement run(BenchContext context) throws Exception {
            Path python = PeerPython.venv(".venv-bench-sweep", "benchmarks/sweep-venv.sh");
            Path script = npyDir.resolve("optuna_sklearn_cv.py");
            try (InputStream in = SweepCvWorkload.class.getResourceAsStream("/sweep/optuna_sklearn_cv.py")) {
                Files.write(script, in.readAllBytes());
            }
            Process p = new ProcessBuilder(python.toString(), script.toString(), npyDir.resolve("x.npy").toString(),
                npyDir.resolve("y.npy").toString(), npyDir.resolve("fold.npy").toString(), Integer.toString(TRIALS),
                Long.toString(SEED)).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.MINUTES) || p.exitValue() != 0) {
                throw new IllegalStateException("optuna_sklearn_cv.py failed: " + err);
            }
            JsonNode json = new ObjectMapper().readTree(out);
            double seconds = json.path("seconds").asDouble();
            best[2] = new double[] {json.path(REG).asDouble(), json.path(EN).asDouble(),
                json.path("bestValue").asDouble()};
            LOG.info("sweep-cv: Optuna trials {} values {}", json.path("params"), json.path("values"));
            return Measurement.timed(0, Math.round(seconds * 1e9)).metric(SECONDS_PER_TRIAL, seconds / TRIALS)
                .metric(BEST_REG, best[2][0]).metric(BEST_EN, best[2][1]).metric(BEST_AUC, best[2][2]).build();
        }
    }
}
