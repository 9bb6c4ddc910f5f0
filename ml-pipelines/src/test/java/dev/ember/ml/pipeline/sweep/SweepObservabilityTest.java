package dev.ember.ml.pipeline.sweep;

import dev.ember.ml.core.observe.MetricNames;
import dev.ember.ml.core.observe.TraceScope;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Trials are counted by state, and trials on worker threads continue the sweep's trace. */
@Timeout(60)
class SweepObservabilityTest {

    private static double count(SimpleMeterRegistry r, String state) {
        Counter c = r.find(MetricNames.SWEEP_TRIALS).tags("state", state).counter();
        return c == null ? 0 : c.count();
    }

    @Test
    void shouldCountTrialsByStateAndShareTheSweepsTraceId() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        Metrics.addRegistry(registry);
        Set<String> traces = ConcurrentHashMap.newKeySet();
        try (TraceScope command = TraceScope.open()) {
            SearchSpace space = SearchSpace.builder().integer("k", 0, 9).build();
            Sweep.builder(space).seed(3).parallel(2).budget(Budget.trials(10)).build().run(t -> {
                traces.add(String.valueOf(TraceScope.currentTraceId()));
                int k = t.getInt("k");
                if (k % 3 == 0) {
                    throw new TrialPruned("pruned " + k);
                }
                if (k % 3 == 1) {
                    throw new IllegalStateException("failed " + k);
                }
                return k;
            });
            assertEquals(Set.of(command.traceId()), traces, "every trial thread continues the command's trace");
        } finally {
            Metrics.removeRegistry(registry);
        }
        assertEquals(10, count(registry, "running"));
        assertEquals(10, count(registry, "complete") + count(registry, "pruned") + count(registry, "failed"));
    }
}
