package dev.ember.ml.features.schedule;

import dev.ember.ml.core.InvalidArgumentException;
import java.time.Duration;

/**
 * Settings of a {@link Scheduler}.
 *
 * @param maxConcurrency views materialized at once, at least 1
 * @param maxAttempts tries per interval, at least 1
 * @param backoff the wait before the first retry; doubled per retry
 * @param maxBackoff the longest wait between retries
 * @param lease how long an interval lock stays valid without renewal
 * @param shutdownGrace how long SIGTERM waits for running intervals before abandoning them
 * @param owner this scheduler's id in lock files (host and pid by default)
 */
public record SchedulerConfig(int maxConcurrency, int maxAttempts, Duration backoff, Duration maxBackoff,
                              Duration lease, Duration shutdownGrace, String owner) {
    /** Validates the settings. */
    public SchedulerConfig {
        if (maxConcurrency < 1 || maxAttempts < 1) {
            throw new InvalidArgumentException("scheduler: found maxConcurrency " + maxConcurrency
                + " and maxAttempts " + maxAttempts + ", expected both >= 1");
        }
    }

    /** @return 2 views at once, 3 attempts, backoff 10 s doubling to 5 min, 1 h leases, 60 s grace */
    public static SchedulerConfig defaults() {
        return new SchedulerConfig(2, 3, Duration.ofSeconds(10), Duration.ofMinutes(5), Duration.ofHours(1),
            Duration.ofSeconds(60), ProcessHandle.current().pid() + "@" + host());
    }

    private static String host() {
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.net.UnknownHostException e) {
            return "localhost";
        }
    }

    /** @param n views at once @return settings with it */
    public SchedulerConfig withMaxConcurrency(int n) {
        return new SchedulerConfig(n, maxAttempts, backoff, maxBackoff, lease, shutdownGrace, owner);
    }

    /** @param n tries per interval @param first the first backoff @return settings with them */
    public SchedulerConfig withRetries(int n, Duration first) {
        return new SchedulerConfig(maxConcurrency, n, first, maxBackoff, lease, shutdownGrace, owner);
    }

    /** @param d the lease of interval locks @return settings with it */
    public SchedulerConfig withLease(Duration d) {
        return new SchedulerConfig(maxConcurrency, maxAttempts, backoff, maxBackoff, d, shutdownGrace, owner);
    }

    /** @param d the grace period at shutdown @return settings with it */
    public SchedulerConfig withShutdownGrace(Duration d) {
        return new SchedulerConfig(maxConcurrency, maxAttempts, backoff, maxBackoff, lease, d, owner);
    }

    /** @param id the owner id @return settings with it */
    public SchedulerConfig withOwner(String id) {
        return new SchedulerConfig(maxConcurrency, maxAttempts, backoff, maxBackoff, lease, shutdownGrace, id);
    }
}
