package dev.ember.ml.examples;

import dev.ember.ml.core.tracking.Tracking;
import dev.ember.ml.testkit.TestData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertTrue;

class ObservabilityExampleTest {

    @Test
    void shouldServeTheFitsSeriesAfterAFit(@TempDir Path tmp) throws Exception {
        PrintStream stdout = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        Tracking.setTrackingUri(tmp.resolve("mlruns").toString());
        try {
            System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
            ObservabilityExample.main(new String[] {
                TestData.repoRoot().resolve("examples/data/breast_cancer.csv").toString(), "0"});
        } finally {
            System.setOut(stdout);
            Tracking.setTrackingUri(null);
        }
        String out = captured.toString(StandardCharsets.UTF_8);
        assertTrue(out.contains("ember_fits_total{level=\"outer\",outcome=\"success\",stage=\"Pipeline\"} 1.0"), out);
        assertTrue(out.contains("ember_jobs_total{kind=\"example\",outcome=\"success\"} 1.0"), out);
        assertTrue(out.contains("ember_pass_rows_total{executor=\"local\""), out);
    }
}
