package dev.ember.ml.pipeline.sweep;

import dev.ember.ml.core.InvalidArgumentException;
import java.util.Arrays;
import java.util.NavigableMap;

/**
 * Stops a trial whose best intermediate value so far is worse than the median of the values complete trials
 * reported at the same step (Google Vizier's median stopping rule, Golovin et al., KDD 2017; Optuna's
 * {@code MedianPruner} with its defaults).
 *
 * @param startupTrials no pruning until this many trials completed (Optuna: 5)
 * @param warmupSteps   no pruning before this step (Optuna: 0)
 * @param intervalSteps check only every this many steps after warm-up (Optuna: 1)
 */
public record MedianPruner(int startupTrials, int warmupSteps, int intervalSteps) implements Pruner {
    /** Validates. */
    public MedianPruner {
        if (startupTrials < 0 || warmupSteps < 0 || intervalSteps < 1) {
            throw new InvalidArgumentException("median: found startupTrials " + startupTrials + ", warmupSteps "
                + warmupSteps + ", intervalSteps " + intervalSteps + ", expected >= 0, >= 0, >= 1");
        }
    }

    /** @return Optuna's defaults: 5 startup trials, no warm-up, every step */
    public static MedianPruner defaults() {
        return new MedianPruner(5, 0, 1);
    }

    @Override
    public boolean onReport(SweepHistory history, int trial, NavigableMap<Integer, Double> values, int step) {
        if (step < warmupSteps || (step - warmupSteps) % intervalSteps != 0) {
            return false;
        }
        if (history.completeCount() < startupTrials) {
            return false;
        }
        double[] others = history.completeValuesAtStep(step);
        if (others.length == 0) {
            return false;
        }
        Direction dir = history.direction();
        double best = Double.NaN;
        for (double v : values.values()) {
            if (Double.isNaN(best) || dir.better(v, best)) {
                best = v;
            }
        }
        return dir.better(median(others), best);
    }

    static double median(double[] a) {
        double[] s = a.clone();
        Arrays.sort(s);
        int n = s.length;
        return n % 2 == 1 ? s[n / 2] : 0.5 * (s[n / 2 - 1] + s[n / 2]);
    }

    @Override
    public String describe() {
        return "median(startupTrials=" + startupTrials + ", warmupSteps=" + warmupSteps + ", intervalSteps="
            + intervalSteps + ")";
    }
}
