package dev.ember.ml.examples;

import dev.ember.ml.pipeline.sweep.AshaPruner;
import dev.ember.ml.pipeline.sweep.Budget;
import dev.ember.ml.pipeline.sweep.Direction;
import dev.ember.ml.pipeline.sweep.SearchSpace;
import dev.ember.ml.pipeline.sweep.Sweep;
import dev.ember.ml.pipeline.sweep.SweepResult;
import dev.ember.ml.pipeline.sweep.TpeSampler;
import dev.ember.ml.pipeline.sweep.Trial;

import java.nio.file.Path;

/**
 * The sweep engine's Java API on a function with a known optimum (Branin, minimum 0.397887), as
 * {@code docs/Sweeps.md} shows it: TPE, ASHA on a simulated learning curve, and a journal that makes the sweep
 * resumable.
 */
public final class SweepExample {
    private SweepExample() {
    }

    /**
     * @param args optional journal path
     */
    public static void main(String[] args) {
        SweepResult r = run(args.length > 0 ? Path.of(args[0]) : null, 100);
        System.out.printf("best %.4f at %s after %d trials (%d pruned)%n", r.best().orElseThrow().value(),
            r.best().orElseThrow().params(), r.trials().size(), r.count(dev.ember.ml.pipeline.sweep.TrialState.PRUNED));
    }

    /**
     * @param journal the journal file, or null
     * @param trials  the trial budget
     * @return the result
     */
    public static SweepResult run(Path journal, int trials) {
        // $example on$
        SearchSpace space = SearchSpace.builder()
            .uniform("x1", -5, 10)
            .uniform("x2", 0, 15)
            .build();
        Sweep sweep = Sweep.builder(space)
            .name("branin")
            .direction(Direction.MINIMIZE)
            .sampler(new TpeSampler(space, 42, TpeSampler.Options.defaults()))  // 10 startup, 24 candidates
            .pruner(new AshaPruner(1, 27, 3))                                    // rungs at 1, 3, 9 steps
            .budget(Budget.trials(trials))
            .parallel(1)
            .journal(journal)                                // null: in memory; a file: crash-safe, resumable
            .build();
        SweepResult result = sweep.run(trial -> {
            double value = Double.NaN;
            for (int step = 1; step <= 27; step++) {        // a learning curve converging to branin(x1, x2)
                value = branin(trial) + 5.0 / step;
                trial.reportAndPrune(step, value);           // throws TrialPruned when ASHA says stop
            }
            return value;
        });
        // $example off$
        return result;
    }

    static double branin(Trial t) {
        double x1 = t.getDouble("x1");
        double x2 = t.getDouble("x2");
        double a = x2 - 5.1 / (4 * Math.PI * Math.PI) * x1 * x1 + 5 / Math.PI * x1 - 6;
        return a * a + 10 * (1 - 1 / (8 * Math.PI)) * Math.cos(x1) + 10;
    }
}
