package dev.ember.ml.registry.mlflow;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ember.ml.core.tracking.MetricPoint;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BatchesTest {

    @Test
    void shouldKeepEveryBatchWithinMlflowsLimitsAndLoseNothing() throws Exception {
        List<MetricPoint> metrics = new ArrayList<>();
        for (int i = 0; i < 2500; i++) {
            metrics.add(new MetricPoint("loss", i, 1000L + i, i));
        }
        Map<String, String> params = new LinkedHashMap<>();
        for (int i = 0; i < 250; i++) {
            params.put("p" + i, "v".repeat(5990) + i);
        }
        Map<String, String> tags = new LinkedHashMap<>();
        for (int i = 0; i < 150; i++) {
            tags.put("t" + i, "w" + i);
        }
        List<Batches.Batch> batches = Batches.split(metrics, params, tags);
        int m = 0;
        int p = 0;
        int t = 0;
        ObjectMapper json = new ObjectMapper();
        for (Batches.Batch b : batches) {
            assertTrue(b.metrics().size() <= 1000);
            assertTrue(b.params().size() <= 100);
            assertTrue(b.tags().size() <= 100);
            assertTrue(b.size() <= 1000);
            int bytes = json.writeValueAsString(Map.of("run_id", "0".repeat(32), "metrics", b.metrics(),
                "params", b.params(), "tags", b.tags())).getBytes(StandardCharsets.UTF_8).length;
            assertTrue(bytes < 1_000_000, "batch of " + bytes + " bytes");
            m += b.metrics().size();
            p += b.params().size();
            t += b.tags().size();
        }
        assertEquals(2500, m);
        assertEquals(250, p);
        assertEquals(150, t);
        assertEquals(999.0, batches.stream().flatMap(b -> b.metrics().stream()).toList().get(999).value());
    }

    @Test
    void shouldCutOverlongValuesToMlflowsLengths() {
        List<Batches.Batch> b = Batches.split(List.of(), Map.of("p", "x".repeat(7000)), Map.of("t", "y".repeat(9000)));
        assertEquals(1, b.size());
        assertEquals(6000, b.get(0).params().get("p").length());
        assertEquals(8000, b.get(0).tags().get("t").length());
    }
}
