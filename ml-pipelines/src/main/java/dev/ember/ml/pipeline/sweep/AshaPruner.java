package dev.ember.ml.pipeline.sweep;

import dev.ember.ml.core.InvalidArgumentException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;

/**
 * Asynchronous successive halving (Li et al., "A System for Massively Parallel Hyperparameter Tuning", MLSys
 * 2020; Optuna's {@code SuccessiveHalvingPruner}). Rung k sits at resource {@code minResource * eta^k}. When a
 * trial first reports at or beyond a rung's resource, its value joins that rung, and the trial continues only if
 * it is in the top {@code max(1, floor(m / eta))} of the m values the rung holds (every trial that reached it,
 * running, pruned or complete). At {@code maxResource} a trial is complete; the objective should stop there.
 */
public final class AshaPruner implements Pruner {
    private final int minResource;
    private final int maxResource;
    private final int reductionFactor;
    private final Map<Integer, List<Double>> rungs = new HashMap<>();
    private final Map<Integer, Integer> rungsReached = new HashMap<>();

    /**
     * @param minResource     the first rung's resource (iterations), >= 1
     * @param maxResource     the resource a trial completes at, >= minResource
     * @param reductionFactor eta, >= 2 (Optuna: 4; Hyperband and Ray: 3)
     */
    public AshaPruner(int minResource, int maxResource, int reductionFactor) {
        if (minResource < 1 || maxResource < minResource || reductionFactor < 2) {
            throw new InvalidArgumentException("asha: found minResource " + minResource + ", maxResource "
                + maxResource + ", reductionFactor " + reductionFactor
                + ", expected 1 <= minResource <= maxResource and reductionFactor >= 2");
        }
        this.minResource = minResource;
        this.maxResource = maxResource;
        this.reductionFactor = reductionFactor;
    }

    /** @return the first rung's resource */
    public int minResource() {
        return minResource;
    }

    /** @return the full resource */
    public int maxResource() {
        return maxResource;
    }

    /** @return eta */
    public int reductionFactor() {
        return reductionFactor;
    }

    /** @return the rung resources below maxResource, ascending */
    public List<Integer> rungResources() {
        List<Integer> out = new ArrayList<>();
        for (long r = minResource; r < maxResource; r *= reductionFactor) {
            out.add((int) r);
        }
        return out;
    }

    @Override
    public boolean onReport(SweepHistory history, int trial, NavigableMap<Integer, Double> values, int step) {
        return register(history.direction(), trial, values, step);
    }

    private boolean register(Direction dir, int trial, NavigableMap<Integer, Double> values, int step) {
        List<Integer> resources = rungResources();
        int reached = rungsReached.getOrDefault(trial, 0);
        boolean prune = false;
        while (reached < resources.size() && step >= resources.get(reached) && !prune) {
            double v = values.ceilingEntry(resources.get(reached)).getValue();
            List<Double> rung = rungs.computeIfAbsent(reached, k -> new ArrayList<>());
            rung.add(v);
            int better = 0;
            for (double o : rung) {
                if (dir.better(o, v)) {
                    better++;
                }
            }
            int keep = Math.max(1, rung.size() / reductionFactor);
            prune = better >= keep;
            reached++;
        }
        rungsReached.put(trial, reached);
        return prune;
    }

    @Override
    public void onFinished(SweepHistory history, TrialRecord trial) {
        if (!trial.intermediates().isEmpty()) {
            register(history.direction(), trial.number(), trial.intermediates(), trial.lastStep());
        }
        rungsReached.remove(trial.number());
    }

    @Override
    public String describe() {
        return "asha(minResource=" + minResource + ", maxResource=" + maxResource + ", reductionFactor="
            + reductionFactor + ")";
    }
}
