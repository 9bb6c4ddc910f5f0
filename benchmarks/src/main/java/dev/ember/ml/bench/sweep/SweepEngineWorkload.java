package dev.ember.ml.bench.sweep;

import dev.ember.ml.bench.BenchContext;
import dev.ember.ml.bench.Contender;
import dev.ember.ml.bench.Measurement;
import dev.ember.ml.bench.MetricColumn;
import dev.ember.ml.bench.Workload;
import dev.ember.ml.pipeline.sweep.Budget;
import dev.ember.ml.pipeline.sweep.SearchSpace;
import dev.ember.ml.pipeline.sweep.Sweep;
import dev.ember.ml.pipeline.sweep.SweepListener;
import dev.ember.ml.pipeline.sweep.SweepResult;
import dev.ember.ml.pipeline.sweep.TpeSampler;
import dev.ember.ml.pipeline.sweep.TrialRecord;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Issue 10's scale check: 10,000 TPE trials of a cheap objective (Branin plus a 3-way choice), so the time is the
 * engine's: suggestion, pruner and history bookkeeping, journal writes. Reports the mean wall time per trial over
 * the whole sweep and over its last 1,000 trials (where TPE's densities hold ~10,000 kernels), and the time spent
 * inside the engine's lock. Target: under 5 ms per trial at 10,000 trials.
 */
public final class SweepEngineWorkload implements Workload {
    static final String MS_PER_TRIAL = "msPerTrial";
    static final String MS_LAST_1000 = "msLast1000";
    static final String ENGINE_MS = "engineMs";
    static final String SYNC_MS = "syncMs";
    static final String BEST = "best";
    private static final int TRIALS = 10_000;

    @Override
    public String id() {
        return "sweep-engine";
    }

    @Override
    public String family() {
        return "Sweeps";
    }

    @Override
    public String title() {
        return "10,000 TPE trials of a cheap objective: the sweep engine's overhead per trial";
    }

    @Override
    public String description() {
        return """
            `Sweep` with `TpeSampler` (its defaults, Optuna 5's: 10 startup trials, 24 candidates, multivariate) over \
            x1 uniform(-5, 10), x2 uniform(0, 15), c choice(a, b, c); the objective is Branin(x1, x2) + (c != b), \
            microseconds per call, so the time is the engine's. `in-memory`: no journal. `journal`: every event \
            appended to the JSON-lines journal and forced to disk (fdatasync) before the sweep goes on, two \
            events per trial. Columns: mean wall ms per trial over all 10,000 trials and over the last 1,000, and \
            ms per trial spent inside the engine's lock (suggestion, bookkeeping, journal writes), and of that the wait \
            for the disk to confirm the journal writes (fdatasync).""";
    }

    @Override
    public List<MetricColumn> metrics() {
        return List.of(new MetricColumn(MS_PER_TRIAL, "ms/trial", "%.2f"),
            new MetricColumn(MS_LAST_1000, "ms/trial, last 1000", "%.2f"),
            new MetricColumn(ENGINE_MS, "engine ms/trial", "%.2f"),
            new MetricColumn(SYNC_MS, "of which fdatasync ms/trial", "%.2f"),
            new MetricColumn(BEST, "best", "%.4f"));
    }

    @Override
    public List<Contender> contenders() {
        return List.of(new EngineRun(false), new EngineRun(true));
    }

    private static double objective(dev.ember.ml.pipeline.sweep.Trial t) {
        double x1 = t.getDouble("x1");
        double x2 = t.getDouble("x2");
        double a = x2 - 5.1 / (4 * Math.PI * Math.PI) * x1 * x1 + 5 / Math.PI * x1 - 6;
        return a * a + 10 * (1 - 1 / (8 * Math.PI)) * Math.cos(x1) + 10 + (t.get("c").equals("b") ? 0 : 1);
    }

    /** One engine configuration. */
    private record EngineRun(boolean journal) implements Contender {
        @Override
        public String system() {
            return "Ember";
        }

        @Override
        public String variant() {
            return journal ? "TPE, journal fsynced per event" : "TPE, in-memory";
        }

        @Override
        public Measurement run(BenchContext context) throws Exception {
            SearchSpace space = SearchSpace.builder().uniform("x1", -5, 10).uniform("x2", 0, 15)
                .choice("c", "a", "b", "c").build();
            Path dir = Files.createTempDirectory("sweep-engine");
            long[] lastStart = new long[1];
            SweepListener marks = new SweepListener() {
                @Override
                public void onTrialFinished(TrialRecord trial, TrialRecord best) {
                    if (trial.number() == TRIALS - 1000) {
                        lastStart[0] = System.nanoTime();
                    }
                }
            };
            long t0 = System.nanoTime();
            SweepResult r = Sweep.builder(space).sampler(new TpeSampler(space, 7, TpeSampler.Options.defaults()))
                .budget(Budget.trials(TRIALS)).journal(journal ? dir.resolve("sweep.journal") : null)
                .listener(marks).build().run(SweepEngineWorkload::objective);
            long t1 = System.nanoTime();
            return Measurement.timed(t0, t1)
                .metric(MS_PER_TRIAL, (t1 - t0) / 1e6 / TRIALS)
                .metric(MS_LAST_1000, (t1 - lastStart[0]) / 1e6 / 999)
                .metric(ENGINE_MS, r.engineMillisPerTrial())
                .metric(SYNC_MS, r.syncMillisPerTrial())
                .metric(BEST, r.best().orElseThrow().value())
                .build();
        }
    }
}
