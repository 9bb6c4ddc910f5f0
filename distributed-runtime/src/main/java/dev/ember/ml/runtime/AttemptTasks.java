package dev.ember.ml.runtime;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The partitions' tasks of one attempt of a round, as the driver sees them through the executors' TaskStatus
 * messages: when each started (driver clock, at receipt), the kernel time of the first copy to finish, and the
 * speculative copies asked for. It decides which tasks straggle, the way Spark's {@code TaskSetManager} does:
 * once {@code quantile} of the tasks have finished, a running task slower than {@code multiplier} times the
 * median of the finished ones (and than a minimum run time) is a straggler; so are the tasks queued behind a
 * straggler on the same executor, which would wait as long. Owned by the driver's agent thread.
 */
final class AttemptTasks {
    /** A speculative copy to launch: the partition and the executor to run it. */
    record Copy(int partition, int executorId) {
    }

    private final int[] owners;
    private final long launchedNs;
    private final long[] startedNs;
    private final boolean[] started;
    private final long[] nanos;
    private final long[] rows;
    private final int[] finishedBy;
    private final boolean[] wonBySpeculation;
    private final int[] copyOn;
    private int finished;
    private long firstStartedNs = -1;
    private long lastFinishedNs = -1;

    /**
     * @param owners the executor of each partition in this attempt
     * @param launchedNs when the attempt was launched
     */
    AttemptTasks(int[] owners, long launchedNs) {
        int n = owners.length;
        this.owners = owners.clone();
        this.launchedNs = launchedNs;
        this.startedNs = new long[n];
        this.started = new boolean[n];
        this.nanos = new long[n];
        this.rows = new long[n];
        this.finishedBy = new int[n];
        this.wonBySpeculation = new boolean[n];
        this.copyOn = new int[n];
        Arrays.fill(nanos, -1);
        Arrays.fill(rows, -1);
        Arrays.fill(finishedBy, -1);
        Arrays.fill(copyOn, -1);
    }

    /** @return the number of partitions */
    int size() {
        return owners.length;
    }

    /** @return when the attempt was launched (driver clock) */
    long launchedNs() {
        return launchedNs;
    }

    /** @param partition a partition @return its original executor */
    int owner(int partition) {
        return owners[partition];
    }

    /** @param partition a partition @return the executor of its speculative copy, or -1 */
    int copyOn(int partition) {
        return copyOn[partition];
    }

    /** @param partition a partition @return the kernel nanos of its first finished copy, or -1 */
    long nanos(int partition) {
        return nanos[partition];
    }

    /** @param partition a partition @return its rows, or -1 if unfinished */
    long rows(int partition) {
        return rows[partition];
    }

    /** @param partition a partition @return the executor whose copy finished first, or -1 */
    int finishedBy(int partition) {
        return finishedBy[partition];
    }

    /** @param partition a partition @return whether its speculative copy finished first */
    boolean wonBySpeculation(int partition) {
        return wonBySpeculation[partition];
    }

    /** @param partition a partition @return whether its original has started */
    boolean started(int partition) {
        return started[partition];
    }

    /** @param partition a partition @return when its original started (driver clock), if it has */
    long startedNs(int partition) {
        return startedNs[partition];
    }

    /** @return partitions finished so far */
    int finished() {
        return finished;
    }

    /** @return when the first task of the attempt started on an executor (driver clock), or -1 */
    long firstStartedNs() {
        return firstStartedNs;
    }

    /** @return when the last partition's first copy finished (driver clock), or -1 */
    long lastFinishedNs() {
        return lastFinishedNs;
    }

    /** A partition's original task started ({@code speculative} copies do not reset its start). */
    void started(int partition, boolean speculative, long now) {
        if (valid(partition) && firstStartedNs < 0) {
            firstStartedNs = now;
        }
        if (valid(partition) && !speculative && !started[partition]) {
            started[partition] = true;
            startedNs[partition] = now;
        }
    }

    /**
     * A copy of a partition finished.
     *
     * @return whether it is the first copy of the partition to finish
     */
    boolean finished(int partition, int executorId, boolean speculative, long kernelNanos, long partitionRows) {
        return finished(partition, executorId, speculative, kernelNanos, partitionRows, System.nanoTime());
    }

    /**
     * A copy of a partition finished, as the driver heard at {@code now}.
     *
     * @return whether it is the first copy of the partition to finish
     */
    boolean finished(int partition, int executorId, boolean speculative, long kernelNanos, long partitionRows,
                     long now) {
        if (!valid(partition) || nanos[partition] >= 0) {
            return false;
        }
        lastFinishedNs = now;
        nanos[partition] = Math.max(0, kernelNanos);
        rows[partition] = partitionRows;
        finishedBy[partition] = executorId;
        wonBySpeculation[partition] = speculative;
        finished++;
        return true;
    }

    /** @return the median kernel time of the finished tasks (ns), or -1 if none */
    long medianNanos() {
        long[] done = Arrays.stream(nanos).filter(v -> v >= 0).sorted().toArray();
        if (done.length == 0) {
            return -1;
        }
        int mid = done.length / 2;
        return done.length % 2 == 1 ? done[mid] : (done[mid - 1] + done[mid]) / 2;
    }

    /**
     * The speculative copies to launch now, each marked as launched.
     *
     * @param now the driver's clock
     * @param multiplier how many times the median makes a straggler
     * @param quantile the fraction of tasks that must have finished
     * @param minRuntimeNs the shortest run time that can be speculated
     * @param live the executors that can run a copy, in id order
     * @return copies to send, with their executors (none while fewer than two executors are live)
     */
    List<Copy> speculate(long now, double multiplier, double quantile, long minRuntimeNs, List<Integer> live) {
        int n = owners.length;
        int minFinished = Math.max(1, (int) Math.floor(quantile * n));
        if (finished < minFinished || finished == n || live.size() < 2) {
            return List.of();
        }
        long threshold = Math.max((long) (multiplier * medianNanos()), minRuntimeNs);
        Set<Integer> slow = new HashSet<>();
        List<Integer> stragglers = new ArrayList<>();
        for (int p = 0; p < n; p++) {
            if (nanos[p] < 0 && started[p] && now - startedNs[p] > threshold) {
                slow.add(owners[p]);
                if (copyOn[p] < 0) {
                    stragglers.add(p);
                }
            }
        }
        for (int p = 0; p < n; p++) {
            if (nanos[p] < 0 && !started[p] && copyOn[p] < 0 && slow.contains(owners[p])) {
                stragglers.add(p);
            }
        }
        List<Copy> out = new ArrayList<>();
        for (int p : stragglers) {
            int target = leastLoaded(live, slow, owners[p]);
            if (target >= 0) {
                copyOn[p] = target;
                out.add(new Copy(p, target));
            }
        }
        return out;
    }

    /** The live executor, other than the owner and the slow ones, with the fewest unfinished tasks. */
    private int leastLoaded(List<Integer> live, Set<Integer> slow, int owner) {
        int best = -1;
        int bestLoad = Integer.MAX_VALUE;
        for (int e : live) {
            if (e == owner || slow.contains(e)) {
                continue;
            }
            int load = 0;
            for (int p = 0; p < owners.length; p++) {
                if (nanos[p] < 0 && (owners[p] == e || copyOn[p] == e)) {
                    load++;
                }
            }
            if (load < bestLoad) {
                best = e;
                bestLoad = load;
            }
        }
        return best;
    }

    /**
     * Whether losing these executors loses work of this attempt: one of them owns a partition (so a leaf or a
     * tree node), or an owner has not started any partition yet (the task may not have reached it through the
     * relay tree). Rounds that do not need them keep running when an executor is lost.
     *
     * @param lost executors lost or excluded
     * @return whether the attempt must be re-run
     */
    boolean needs(Set<Integer> lost) {
        Set<Integer> owning = new HashSet<>();
        Set<Integer> begun = new HashSet<>();
        for (int p = 0; p < owners.length; p++) {
            if (lost.contains(owners[p])) {
                return true;
            }
            owning.add(owners[p]);
            if (started[p] || nanos[p] >= 0) {
                begun.add(owners[p]);
            }
        }
        return !begun.containsAll(owning);
    }

    private boolean valid(int partition) {
        return partition >= 0 && partition < owners.length;
    }
}
