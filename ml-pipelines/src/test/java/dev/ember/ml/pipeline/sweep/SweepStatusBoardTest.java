package dev.ember.ml.pipeline.sweep;

import dev.ember.ml.core.status.StatusRegistry;
import dev.ember.ml.core.status.StatusServer;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A sweep shows on the status page with its trials by state and best value while a page is served. */
class SweepStatusBoardTest {
    @Test
    void shouldListTheSweepWithItsTrialsByState() {
        SearchSpace space = SearchSpace.builder().uniform("x", 0, 1).build();
        try (StatusServer page = StatusServer.start("127.0.0.1", 0)) {
            SweepResult r = Sweep.builder(space).name("status-sweep").sampler(new RandomSampler(space, 3))
                .budget(Budget.trials(7)).build().run(t -> {
                    double x = ((Number) t.params().get("x")).doubleValue();
                    return (x - 0.3) * (x - 0.3);
                });
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> sweeps = (List<Map<String, Object>>) ((Map<String, Object>)
                StatusRegistry.snapshot().get("sections")).get("sweeps");
            Map<String, Object> s = sweeps.get(0);
            assertEquals("status-sweep", s.get("sweep"));
            assertEquals("finished (TRIALS)", s.get("state"));
            assertEquals(7, s.get("complete"));
            assertEquals(0, s.get("running"));
            assertEquals(r.best().orElseThrow().value(), (double) s.get("best"));
            assertTrue((long) s.get("millis") >= 0);
        }
    }
}
