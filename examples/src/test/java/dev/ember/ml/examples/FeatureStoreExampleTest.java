package dev.ember.ml.examples;

import dev.ember.ml.core.data.Row;
import dev.ember.ml.core.runtime.Runtime;
import dev.ember.ml.core.runtime.RuntimeConfig;
import dev.ember.ml.features.materialize.RunRecord;
import dev.ember.ml.testkit.TestData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FeatureStoreExampleTest {
    @Test
    void shouldBackfillTrainFromAPointInTimeSetAndScheduleASimulatedDay(@TempDir Path tmp) throws Exception {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        FeatureStoreExample.Result r;
        try (Runtime rt = Runtime.inProcess(new RuntimeConfig().threads(2))) {
            r = FeatureStoreExample.run(TestData.repoRoot().resolve("examples/data/stocks"), tmp, rt,
                new PrintStream(buf, true));
            // the price joined at each row's time is that row's own price: nothing from the next month leaks in
            for (Row row : r.training().head(50)) {
                assertTrue((Double) row.get("price") > 0);
            }
        }
        String out = buf.toString();
        System.out.print(out);
        assertEquals(37, r.backfill().size(), "monthly intervals 2007-01 to 2010-01");
        assertTrue(r.backfill().stream().allMatch(b -> b.status().equals(RunRecord.SUCCEEDED)));
        assertTrue(r.trainingRows() > 400, "rows with a year of history: " + r.trainingRows());
        assertTrue(r.testAuc() > 0.3 && r.testAuc() < 0.9, "a real, hard target: " + r.testAuc());
        assertEquals(1, r.simulatedDay().size(), "one interval closes during the day: " + r.simulatedDay());
        RunRecord run = r.simulatedDay().get(0);
        assertEquals(Instant.parse("2010-02-01T00:00:00Z"), run.interval().start());
        assertEquals(10, run.rows(), "5 price rows of February and 5 aggregate snapshots");
        assertEquals(Instant.parse("2010-03-01T00:00:00Z"), r.status().get(0).watermark());
        assertTrue(out.contains("+  view ticker_prices@1"), out);
    }
}
