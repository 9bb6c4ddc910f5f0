package dev.ember.ml.runtime;

import java.util.ArrayDeque;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An executor's queued partition tasks, shared fairly between rounds: with several rounds in flight (parallel
 * trials or folds), each compute thread that frees up takes the next task of the round that has had the fewest
 * tasks taken so far (the oldest round on a tie; a round that arrives starts level with the least served one),
 * so a round that arrives while another runs gets its turn at once instead of after all of the other's tasks. Within a round tasks run in the order queued; a speculative
 * copy goes to the head of its round's queue. Thread-safe.
 */
final class FairTaskQueue {
    private static final class RoundTasks {
        final ArrayDeque<Runnable> queued = new ArrayDeque<>();
        long taken;
    }

    private final Map<Long, RoundTasks> byRound = new LinkedHashMap<>();

    /**
     * @param roundId the round the task belongs to
     * @param task the task
     * @param first whether it goes before the round's other queued tasks
     */
    synchronized void add(long roundId, Runnable task, boolean first) {
        RoundTasks q = byRound.get(roundId);
        if (q == null) {
            // a round that arrives starts level with the least served round queued, not behind or ahead of all
            q = new RoundTasks();
            q.taken = byRound.values().stream().mapToLong(r -> r.taken).min().orElse(0);
            byRound.put(roundId, q);
        }
        if (first) {
            q.queued.addFirst(task);
        } else {
            q.queued.addLast(task);
        }
    }

    /** @return the next task (of the queued round with the fewest tasks taken), or null if none is queued */
    synchronized Runnable poll() {
        Map.Entry<Long, RoundTasks> next = null;
        for (Map.Entry<Long, RoundTasks> e : byRound.entrySet()) {
            if (next == null || e.getValue().taken < next.getValue().taken) {
                next = e;
            }
        }
        if (next == null) {
            return null;
        }
        RoundTasks q = next.getValue();
        Runnable task = q.queued.pollFirst();
        q.taken++;
        if (q.queued.isEmpty()) {
            // a round with nothing queued leaves; if more of its tasks come (a speculative copy), it starts anew
            byRound.remove(next.getKey());
        }
        return task;
    }

    /** @return the tasks queued */
    synchronized int size() {
        int n = 0;
        for (RoundTasks q : byRound.values()) {
            n += q.queued.size();
        }
        return n;
    }
}
