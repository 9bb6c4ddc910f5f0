package dev.ember.ml.runtime;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class FairTaskQueueTest {
    private final List<String> ran = new ArrayList<>();

    private Runnable task(String name) {
        return () -> ran.add(name);
    }

    private void drain(FairTaskQueue q, int n) {
        for (int i = 0; i < n; i++) {
            q.poll().run();
        }
    }

    @Test
    void shouldAlternateBetweenRoundsInFlight() {
        FairTaskQueue q = new FairTaskQueue();
        for (int p = 0; p < 3; p++) {
            q.add(1, task("a" + p), false);
        }
        drain(q, 1);
        for (int p = 0; p < 3; p++) {
            q.add(2, task("b" + p), false);
            q.add(3, task("c" + p), false);
        }
        assertEquals(8, q.size());
        drain(q, 8);
        assertEquals(List.of("a0", "a1", "b0", "c0", "a2", "b1", "c1", "b2", "c2"), ran);
        assertNull(q.poll());
    }

    @Test
    void shouldRunASpeculativeCopyBeforeItsRoundsQueuedTasks() {
        FairTaskQueue q = new FairTaskQueue();
        q.add(1, task("a0"), false);
        q.add(1, task("a1"), false);
        q.add(1, task("copy of b3"), true);
        drain(q, 3);
        assertEquals(List.of("copy of b3", "a0", "a1"), ran);
    }
}
