package dev.ember.ml.pipeline.sweep;

import dev.ember.ml.core.InvalidArgumentException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The finished trials of a sweep, with the indexes samplers and pruners read: complete trials ordered by loss,
 * each parameter's observed values in sorted order, and complete trials' intermediate values per step. Adding a
 * trial costs O(n) array copies at worst; nothing is re-sorted per suggestion. Not thread-safe: the sweep reads and
 * writes it under one lock.
 */
public final class SweepHistory {
    private final SearchSpace space;
    private final Direction direction;
    private final TreeMap<Integer, TrialRecord> finished = new TreeMap<>();
    private final Observations[] observations;
    private double[] completeLoss = new double[16];
    private int[] completeNumber = new int[16];
    private int complete;
    private int pruned;
    private int failed;
    private final Map<Integer, double[]> completeAtStep = new HashMap<>();
    private final Map<Integer, Integer> completeAtStepCount = new HashMap<>();
    private TrialRecord best;

    /**
     * @param space     the search space
     * @param direction the objective's direction
     */
    public SweepHistory(SearchSpace space, Direction direction) {
        this.space = space;
        this.direction = direction;
        this.observations = new Observations[space.size()];
        for (int i = 0; i < observations.length; i++) {
            observations[i] = new Observations();
        }
    }

    /** @return the search space */
    public SearchSpace space() {
        return space;
    }

    /** @return the direction */
    public Direction direction() {
        return direction;
    }

    /**
     * Adds a trial in a final state (complete, pruned or failed).
     *
     * @param t the trial
     */
    public void add(TrialRecord t) {
        if (!t.state().isFinal()) {
            throw new InvalidArgumentException("trial " + t.number() + " is " + t.state() + ", expected final");
        }
        if (finished.putIfAbsent(t.number(), t) != null) {
            throw new InvalidArgumentException("trial " + t.number() + " finished twice");
        }
        switch (t.state()) {
            case COMPLETE -> addComplete(t);
            case PRUNED -> pruned++;
            default -> failed++;
        }
        if (t.state() != TrialState.FAILED) {
            for (Map.Entry<String, Object> e : t.params().entrySet()) {
                int p = space.indexOf(e.getKey());
                observations[p].add(space.params().get(p).distribution().toInternal(e.getValue()), t.number());
            }
        }
    }

    private void addComplete(TrialRecord t) {
        double loss = direction.loss(t.value());
        if (complete == completeLoss.length) {
            completeLoss = Arrays.copyOf(completeLoss, complete * 2);
            completeNumber = Arrays.copyOf(completeNumber, complete * 2);
        }
        int at = Observations.upperBound(completeLoss, complete, loss);
        System.arraycopy(completeLoss, at, completeLoss, at + 1, complete - at);
        System.arraycopy(completeNumber, at, completeNumber, at + 1, complete - at);
        completeLoss[at] = loss;
        completeNumber[at] = t.number();
        complete++;
        if (best == null || direction.better(t.value(), best.value())) {
            best = t;
        }
        for (Map.Entry<Integer, Double> e : t.intermediates().entrySet()) {
            int n = completeAtStepCount.getOrDefault(e.getKey(), 0);
            double[] a = completeAtStep.computeIfAbsent(e.getKey(), k -> new double[8]);
            if (n == a.length) {
                a = Arrays.copyOf(a, n * 2);
                completeAtStep.put(e.getKey(), a);
            }
            a[n] = e.getValue();
            completeAtStepCount.put(e.getKey(), n + 1);
        }
    }

    /** @return the finished trials in trial-number order */
    public Collection<TrialRecord> trials() {
        return Collections.unmodifiableCollection(finished.values());
    }

    /**
     * @param number a trial number
     * @return the finished trial, if any
     */
    public Optional<TrialRecord> trial(int number) {
        return Optional.ofNullable(finished.get(number));
    }

    /** @return the largest finished trial number, or -1 */
    public int maxNumber() {
        return finished.isEmpty() ? -1 : finished.lastKey();
    }

    /** @return the number of finished trials */
    public int size() {
        return finished.size();
    }

    /** @return the number of complete trials */
    public int completeCount() {
        return complete;
    }

    /** @return the number of pruned trials */
    public int prunedCount() {
        return pruned;
    }

    /** @return the number of failed trials */
    public int failedCount() {
        return failed;
    }

    /** @return the best complete trial */
    public Optional<TrialRecord> best() {
        return Optional.ofNullable(best);
    }

    /**
     * @param k how many
     * @return the numbers of the k best complete trials, best first
     */
    public int[] bestNumbers(int k) {
        return Arrays.copyOf(completeNumber, Math.min(k, complete));
    }

    /**
     * @param k how many
     * @return the k best complete trials, best first
     */
    public List<TrialRecord> top(int k) {
        List<TrialRecord> out = new ArrayList<>();
        for (int n : bestNumbers(k)) {
            out.add(finished.get(n));
        }
        return out;
    }

    /**
     * @param step a step
     * @return the values complete trials reported at exactly that step (a copy)
     */
    public double[] completeValuesAtStep(int step) {
        double[] a = completeAtStep.get(step);
        return a == null ? new double[0] : Arrays.copyOf(a, completeAtStepCount.get(step));
    }

    Observations observations(int paramIndex) {
        return observations[paramIndex];
    }
}
