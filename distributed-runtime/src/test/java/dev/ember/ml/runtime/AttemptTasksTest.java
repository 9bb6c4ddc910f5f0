package dev.ember.ml.runtime;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The driver's straggler rule: quantile, multiplier, minimum run time, queued tasks, the first copy wins. */
class AttemptTasksTest {
    static final long MS = 1_000_000L;

    @Test
    void shouldCopyARunningStragglerAndTheTaskQueuedBehindItOnceTheQuantileHasFinished() {
        // partitions 0-1 on executor 1, 2-3 on executor 2 (one thread each: 3 waits behind 2)
        AttemptTasks t = new AttemptTasks(new int[] {1, 1, 2, 2}, 0);
        t.started(0, false, 0);
        t.started(2, false, 0);
        t.finished(0, 1, false, 400 * MS, 10);
        t.started(1, false, 400 * MS);
        assertEquals(List.of(), t.speculate(900 * MS, 1.5, 0.5, 100 * MS, List.of(1, 2)), "1 of 4 < quantile 0.5");
        t.finished(1, 1, false, 420 * MS, 10);
        assertEquals(410 * MS, t.medianNanos());
        assertEquals(List.of(), t.speculate(600 * MS, 1.5, 0.5, 100 * MS, List.of(1, 2)), "600 ms < 1.5 x 410");
        List<AttemptTasks.Copy> copies = t.speculate(900 * MS, 1.5, 0.5, 100 * MS, List.of(1, 2));
        assertEquals(List.of(new AttemptTasks.Copy(2, 1), new AttemptTasks.Copy(3, 1)), copies);
        assertEquals(List.of(), t.speculate(2000 * MS, 1.5, 0.5, 100 * MS, List.of(1, 2)), "each copied once");
        assertTrue(t.finished(2, 1, true, 300 * MS, 10), "the copy finishes first");
        assertFalse(t.finished(2, 2, false, 2000 * MS, 10), "the original is dropped");
        assertTrue(t.wonBySpeculation(2));
        assertEquals(1, t.finishedBy(2));
    }

    @Test
    void shouldNotSpeculateBelowTheMinimumRuntimeOrWithOneExecutor() {
        AttemptTasks t = new AttemptTasks(new int[] {1, 2}, 0);
        t.started(0, false, 0);
        t.started(1, false, 0);
        t.finished(0, 1, false, 10 * MS, 1);
        assertEquals(List.of(), t.speculate(50 * MS, 1.5, 0.5, 100 * MS, List.of(1, 2)), "below 100 ms");
        assertEquals(List.of(), t.speculate(500 * MS, 1.5, 0.5, 100 * MS, List.of(2)), "one executor");
        assertEquals(List.of(new AttemptTasks.Copy(1, 1)), t.speculate(500 * MS, 1.5, 0.5, 100 * MS, List.of(1, 2)));
    }
}
