package dev.ember.ml.cli;

import dev.ember.ml.testkit.TestData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code ember features plan, apply, materialize, status} on the stocks example. */
class FeaturesCommandTest {
    @TempDir
    Path dir;

    @Test
    void shouldPlanApplyMaterializeAndReportStatus() throws Exception {
        Path res = TestData.repoRoot().resolve("examples/data/stocks");
        Files.copy(res.resolve("features.yaml"), dir.resolve("features.yaml"));
        Files.copy(res.resolve("stocks.csv"), dir.resolve("stocks.csv"));
        String repo = dir.resolve("features.yaml").toString();

        Cli plan = Cli.run("features", "plan", "--repo", repo);
        assertEquals(0, plan.code(), plan.toString());
        assertTrue(plan.out().contains("+  view ticker_prices@1") && plan.out().contains("2 to add"), plan.toString());

        Cli apply = Cli.run("features", "apply", "--repo", repo);
        assertEquals(0, apply.code(), apply.toString());
        assertTrue(apply.out().contains("Applied: registry version 1."), apply.toString());
        assertTrue(Cli.run("features", "plan", "--repo", repo).out().contains("No changes"));

        Files.writeString(dir.resolve("features.yaml"), Files.readString(dir.resolve("features.yaml"))
            .replace("expr: \"ln(price)\"", "expr: \"log10(price)\""));
        Cli bad = Cli.run("features", "apply", "--repo", repo);
        assertEquals(Ember.ERROR, bad.code(), bad.toString());
        assertTrue(bad.out().contains("needs a new version"), bad.toString());

        Cli mat = Cli.run("features", "materialize", "--repo", repo, "--start", "2009-10-01", "--end", "2010-01-01");
        assertEquals(0, mat.code(), mat.toString());
        assertTrue(mat.out().contains("ticker_prices v1: 3 intervals") && mat.out()
            .contains("watermark 2010-01-01T00:00:00Z"), mat.toString());
        assertTrue(Files.isDirectory(dir.resolve(".ember/store/data/ticker_prices/v1/rows/date=2009-10-01")));

        Cli status = Cli.run("features", "status", "--repo", repo);
        assertEquals(0, status.code(), status.toString());
        assertTrue(status.out().contains("ticker_prices") && status.out().contains("100.0%"), status.toString());

        Cli wrong = Cli.run("features", "materialize", "--repo", repo, "--start", "yesterday", "--end", "2010-01-08");
        assertEquals(Ember.ERROR, wrong.code());
        assertTrue(wrong.err().contains("--start: found 'yesterday'"), wrong.toString());
    }
}
