package dev.ember.ml.pipeline.sweep;

import java.util.Map;
import java.util.SplittableRandom;

/**
 * Proposes the setting of the next trial. A sampler keeps no state of its own that the history does not hold:
 * trial {@code k}'s randomness comes from {@link #rng(long, int)} and everything else from the
 * {@link SweepHistory}, so a resumed sweep suggests exactly what an uninterrupted one would have.
 */
public interface Sampler {
    /**
     * @param history     the finished trials (read under the sweep's lock)
     * @param trialNumber the number of the trial to suggest for
     * @return the setting: active parameters only, in declaration order
     */
    Map<String, Object> suggest(SweepHistory history, int trialNumber);

    /** @return the number of distinct settings this sampler can propose (grid), or -1 for unbounded */
    default int plannedTrials() {
        return -1;
    }

    /** @return the name and configuration, written to the journal to check that a resume uses the same sampler */
    String describe();

    /**
     * @param seed        the sweep seed
     * @param trialNumber the trial
     * @return the random source for that trial alone
     */
    static SplittableRandom rng(long seed, int trialNumber) {
        long z = seed * 0x9E3779B97F4A7C15L + (trialNumber + 1L) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return new SplittableRandom(z ^ (z >>> 31));
    }
}
