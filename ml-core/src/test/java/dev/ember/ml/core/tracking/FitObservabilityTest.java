package dev.ember.ml.core.tracking;

import dev.ember.ml.core.data.ColumnBuilder;
import dev.ember.ml.core.data.DataType;
import dev.ember.ml.core.data.Field;
import dev.ember.ml.core.data.Frame;
import dev.ember.ml.core.observe.TraceScope;
import dev.ember.ml.core.runtime.Runtime;
import dev.ember.ml.core.runtime.RuntimeConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A fit's ids become run tags and its runtime figures MLflow system metrics. */
@Timeout(30)
class FitObservabilityTest {

    @Test
    void shouldTagTheRunWithTheFitAndTraceIdsAndLogSystemMetrics() {
        String uri = "recording:observability";
        Tracking.setTrackingUri(uri);
        try (Runtime rt = Runtime.inProcess(new RuntimeConfig().threads(2));
             TraceScope trace = TraceScope.open()) {
            ColumnBuilder x = new ColumnBuilder(Field.of("x", DataType.DOUBLE, false), 4);
            for (int i = 0; i < 8; i++) {
                x.appendDouble(i);
            }
            Frame f = Frame.ofColumns(rt, x.build());
            MeanEstimator est = new MeanEstimator();
            String runId;
            try (Run run = Tracking.newRun().name("obs").start()) {
                runId = run.id();
                try (FitScope scope = Tracking.enterFit(est)) {
                    est.fit(f);
                }
            }
            RecordingStore store = (RecordingStore) Tracking.store(uri);
            Map<String, String> tags = store.tags.get(runId);
            assertTrue(tags.get("ember.fitId").matches("[0-9a-f]{16}"), tags.toString());
            assertEquals(trace.traceId(), tags.get("ember.traceId"));
            Map<String, Double> m = store.metrics.get(runId).stream()
                .collect(Collectors.toMap(MetricPoint::key, MetricPoint::value, (a, b) -> b));
            assertTrue(m.get("system/ember_passes_total") >= 1, m.toString());
            assertEquals(8.0 * m.get("system/ember_passes_total"), m.get("system/ember_pass_rows_total"), 0.0,
                "each pass folds the 8 rows once");
            assertTrue(m.get("system/ember_fit_duration_seconds") > 0);
            for (String k : List.of("system/ember_task_duration_seconds_sum", "system/ember_kernel_time_seconds_sum",
                "system/ember_task_gc_pause_seconds_sum", "system/ember_task_retries_total")) {
                assertTrue(m.containsKey(k), k);
            }
        } finally {
            Tracking.setTrackingUri(null);
        }
    }
}
