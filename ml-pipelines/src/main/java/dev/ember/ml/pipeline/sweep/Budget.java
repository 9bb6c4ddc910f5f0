package dev.ember.ml.pipeline.sweep;

import dev.ember.ml.core.InvalidArgumentException;
import java.time.Duration;

/**
 * When a sweep stops starting trials.
 *
 * @param maxTrials       trials in total, counting those of earlier runs of the same journal (failed ones too)
 * @param maxWallTime     wall time of this run, or null for none; running trials finish after it passes
 * @param maxFailedTrials failed trials tolerated; one more stops the sweep (exit code 1 in the CLI)
 */
public record Budget(int maxTrials, Duration maxWallTime, int maxFailedTrials) {
    /** Validates. */
    public Budget {
        if (maxTrials < 1) {
            throw new InvalidArgumentException("budget.trials: found " + maxTrials + ", expected >= 1");
        }
        if (maxWallTime != null && (maxWallTime.isNegative() || maxWallTime.isZero())) {
            throw new InvalidArgumentException("budget.wallTime: found " + maxWallTime + ", expected > 0");
        }
        if (maxFailedTrials < 0) {
            throw new InvalidArgumentException("budget.maxFailedTrials: found " + maxFailedTrials
                + ", expected >= 0");
        }
    }

    /**
     * @param trials trials in total
     * @return that many trials, no time limit, any number of failures
     */
    public static Budget trials(int trials) {
        return new Budget(trials, null, Integer.MAX_VALUE);
    }
}
