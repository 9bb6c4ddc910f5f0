package dev.ember.ml.bench.sweep;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ember.ml.bench.BenchContext;
import dev.ember.ml.bench.Contender;
import dev.ember.ml.bench.Measurement;
import dev.ember.ml.bench.MetricColumn;
import dev.ember.ml.bench.PeerPython;
import dev.ember.ml.bench.Workload;
import dev.ember.ml.pipeline.sweep.Budget;
import dev.ember.ml.pipeline.sweep.Objective;
import dev.ember.ml.pipeline.sweep.RandomSampler;
import dev.ember.ml.pipeline.sweep.Sampler;
import dev.ember.ml.pipeline.sweep.SearchSpace;
import dev.ember.ml.pipeline.sweep.Sweep;
import dev.ember.ml.pipeline.sweep.TpeSampler;
import dev.ember.ml.pipeline.sweep.Trial;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;

/**
 * Issue 10's quality check: median best value after 100 trials over 20 seeds on Branin, Hartmann-6 and a noisy
 * quadratic (all minimized), Ember's TPE and random search against Optuna's TPE (5.0.0, defaults, from the venv
 * {@code benchmarks/sweep-venv.sh} makes; skipped with a message if it is missing).
 */
public final class SweepQualityWorkload implements Workload {
    static final int SEEDS = 20;
    static final int TRIALS = 100;
    static final long SEED0 = 100;
    private static final List<String> FUNCTIONS = List.of("branin", "hartmann6", "noisyQuadratic");

    @Override
    public String id() {
        return "sweep-quality";
    }

    @Override
    public String family() {
        return "Sweeps";
    }

    @Override
    public String title() {
        return "TPE quality: median best after 100 trials over 20 seeds, Ember vs Optuna";
    }

    @Override
    public String description() {
        return """
            Minimize Branin (optimum 0.3979) on [-5,10]x[0,15], Hartmann-6 (optimum -3.3224) on [0,1]^6 and \
            (a-0.5)^2+(b+0.25)^2+(c-1)^2 plus N(0, 0.05^2) noise on [-2,2]^3, 100 trials each, seeds 100..119; \
            each cell is the median over the 20 seeds of the best value found (lower is better). Ember: \
            `TpeSampler` with its defaults (Optuna 5's: 10 startup trials, 24 candidates, multivariate) and \
            `RandomSampler`; Optuna 5.0.0: `TPESampler(seed=s)` with its defaults, in-memory study. The noise \
            draws differ between the systems (same distribution). Time: the whole grid of 60 sweeps.""";
    }

    @Override
    public List<MetricColumn> metrics() {
        return List.of(new MetricColumn("branin", "Branin median best", "%.4f"),
            new MetricColumn("hartmann6", "Hartmann-6 median best", "%.4f"),
            new MetricColumn("noisyQuadratic", "noisy quadratic median best", "%.4f"));
    }

    @Override
    public List<Contender> contenders() {
        return List.of(new EmberRun("TPE", (s, seed) -> new TpeSampler(s, seed, TpeSampler.Options.defaults())),
            new EmberRun("random", RandomSampler::new), new OptunaRun());
    }

    static SearchSpace space(String f) {
        SearchSpace.Builder b = SearchSpace.builder();
        switch (f) {
            case "branin" -> b.uniform("x1", -5, 10).uniform("x2", 0, 15);
            case "hartmann6" -> {
                for (int i = 1; i <= 6; i++) {
                    b.uniform("x" + i, 0, 1);
                }
            }
            default -> b.uniform("a", -2, 2).uniform("b", -2, 2).uniform("c", -2, 2);
        }
        return b.build();
    }

    static Objective objective(String f, long seed) {
        return switch (f) {
            case "branin" -> SweepQualityWorkload::branin;
            case "hartmann6" -> SweepQualityWorkload::hartmann6;
            default -> t -> quadratic(t, seed);
        };
    }

    static double branin(Trial t) {
        double x1 = t.getDouble("x1");
        double x2 = t.getDouble("x2");
        double a = x2 - 5.1 / (4 * Math.PI * Math.PI) * x1 * x1 + 5 / Math.PI * x1 - 6;
        return a * a + 10 * (1 - 1 / (8 * Math.PI)) * Math.cos(x1) + 10;
    }

    private static final double[] H_ALPHA = {1.0, 1.2, 3.0, 3.2};
    private static final double[][] H_A = {
        {10, 3, 17, 3.5, 1.7, 8}, {0.05, 10, 17, 0.1, 8, 14}, {3, 3.5, 1.7, 10, 17, 8}, {17, 8, 0.05, 10, 0.1, 14}};
    private static final double[][] H_P = {
        {1312, 1696, 5569, 124, 8283, 5886}, {2329, 4135, 8307, 3736, 1004, 9991},
        {2348, 1451, 3522, 2883, 3047, 6650}, {4047, 8828, 8732, 5743, 1091, 381}};

    static double hartmann6(Trial t) {
        double outer = 0;
        for (int i = 0; i < 4; i++) {
            double inner = 0;
            for (int j = 0; j < 6; j++) {
                double d = t.getDouble("x" + (j + 1)) - H_P[i][j] * 1e-4;
                inner += H_A[i][j] * d * d;
            }
            outer += H_ALPHA[i] * Math.exp(-inner);
        }
        return -outer;
    }

    static double quadratic(Trial t, long seed) {
        double a = t.getDouble("a") - 0.5;
        double b = t.getDouble("b") + 0.25;
        double c = t.getDouble("c") - 1;
        SplittableRandom r = new SplittableRandom(seed * 1_000_003L + t.number());
        double u;
        double v;
        double s;
        do {
            u = 2 * r.nextDouble() - 1;
            v = 2 * r.nextDouble() - 1;
            s = u * u + v * v;
        } while (s >= 1 || s == 0);
        return a * a + b * b + c * c + 0.05 * u * Math.sqrt(-2 * Math.log(s) / s);
    }

    static double median(double[] a) {
        double[] s = a.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : 0.5 * (s[s.length / 2 - 1] + s[s.length / 2]);
    }

    /** Ember's engine with one sampler. */
    private record EmberRun(String name, BiFunction<SearchSpace, Long, Sampler> sampler) implements Contender {
        @Override
        public String system() {
            return "Ember";
        }

        @Override
        public String variant() {
            return name;
        }

        @Override
        public Measurement run(BenchContext context) {
            long t0 = System.nanoTime();
            double[][] best = new double[FUNCTIONS.size()][SEEDS];
            for (int f = 0; f < FUNCTIONS.size(); f++) {
                SearchSpace space = space(FUNCTIONS.get(f));
                for (int s = 0; s < SEEDS; s++) {
                    long seed = SEED0 + s;
                    best[f][s] = Sweep.builder(space).sampler(sampler.apply(space, seed))
                        .budget(Budget.trials(TRIALS)).build().run(objective(FUNCTIONS.get(f), seed))
                        .best().orElseThrow().value();
                }
            }
            Measurement.Builder m = Measurement.timed(t0, System.nanoTime());
            for (int f = 0; f < FUNCTIONS.size(); f++) {
                m.metric(FUNCTIONS.get(f), median(best[f]));
            }
            return m.build();
        }
    }

    /** Optuna's TPE through the pinned venv. */
    private static final class OptunaRun implements Contender {
        @Override
        public String system() {
            return "Optuna 5.0.0";
        }

        @Override
        public String variant() {
            return "TPE (defaults)";
        }

        @Override
        public Measurement run(BenchContext context) throws Exception {
            Path python = PeerPython.venv(".venv-bench-sweep", "benchmarks/sweep-venv.sh");
            Path script = Files.createTempFile("optuna_tpe", ".py");
            try (InputStream in = SweepQualityWorkload.class.getResourceAsStream("/sweep/optuna_tpe.py")) {
                Files.write(script, in.readAllBytes());
            }
            long t0 = System.nanoTime();
            Process p = new ProcessBuilder(python.toString(), script.toString(), Long.toString(SEED0),
                Integer.toString(SEEDS), Integer.toString(TRIALS)).redirectErrorStream(false).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(30, TimeUnit.MINUTES) || p.exitValue() != 0) {
                throw new IllegalStateException("optuna_tpe.py failed: " + err);
            }
            long t1 = System.nanoTime();
            JsonNode json = new ObjectMapper().readTree(out);
            Measurement.Builder m = Measurement.timed(t0, t1);
            for (String f : FUNCTIONS) {
                double[] v = new double[SEEDS];
                for (int s = 0; s < SEEDS; s++) {
                    v[s] = json.path(f).get(s).asDouble();
                }
                m.metric(f, median(v));
            }
            return m.build();
        }
    }
}
