package dev.ember.ml.pipeline.sweep;

import java.util.List;
import java.util.Optional;

/**
 * The outcome of {@link Sweep#run}.
 *
 * @param trials          every trial that reached a final state, by number
 * @param best            the best complete trial, if any
 * @param stopReason      why the sweep stopped starting trials
 * @param elapsedMillis   wall time of this run
 * @param engineNanos     time spent suggesting and bookkeeping (journal writes included) in this run
 * @param syncNanos       of which waiting for the disk to confirm journal writes (fdatasync)
 * @param trialsThisRun   trials finished (or interrupted) in this run
 * @param failedOverLimit whether more trials failed than the budget allows
 */
public record SweepResult(List<TrialRecord> trials, Optional<TrialRecord> best, StopReason stopReason,
                          long elapsedMillis, long engineNanos, long syncNanos, int trialsThisRun, boolean failedOverLimit) {
    /** Copies. */
    public SweepResult {
        trials = List.copyOf(trials);
    }

    /** @return the disk's share of {@link #engineMillisPerTrial()}: fdatasync per trial, in milliseconds */
    public double syncMillisPerTrial() {
        return trialsThisRun == 0 ? 0 : syncNanos / 1e6 / trialsThisRun;
    }

    /** @return the engine's overhead per trial of this run, in milliseconds */
    public double engineMillisPerTrial() {
        return trialsThisRun == 0 ? 0 : engineNanos / 1e6 / trialsThisRun;
    }

    /**
     * @param state a state
     * @return how many trials ended in it
     */
    public long count(TrialState state) {
        return trials.stream().filter(t -> t.state() == state).count();
    }

    /** Why a sweep stopped. */
    public enum StopReason {
        /** The trial budget (or the grid) is used up. */
        TRIALS,
        /** The wall-time budget passed. */
        WALL_TIME,
        /** More trials failed than allowed. */
        FAILED_TRIALS,
        /** {@link Sweep#stop()} or a stop file asked to stop after the running trials. */
        STOPPED,
        /** {@link Sweep#interrupt()} (Ctrl-C) stopped running trials. */
        INTERRUPTED
    }
}
