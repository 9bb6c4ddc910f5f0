package dev.ember.ml.bench;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ResultsReportTest {

    private static String section(String family, String body) {
        String id = ResultsReport.slug(family);
        return "<!-- bench:family " + id + " -->\n## " + family + "\n\n" + body + "\n<!-- bench:end " + id + " -->\n";
    }

    @Test
    void shouldRewriteOnlyTheMeasuredFamilyWhenUpdating(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("RESULTS.md");
        Map<String, String> first = new LinkedHashMap<>();
        first.put("Data loading", section("Data loading", "old loading"));
        first.put("Linear models", section("Linear models", "old linear"));
        ResultsReport.update(file, first);

        ResultsReport.update(file, Map.of("Data loading", section("Data loading", "new loading")));

        String text = Files.readString(file);
        assertTrue(text.startsWith("# Benchmark results"));
        assertTrue(text.contains("new loading"));
        assertFalse(text.contains("old loading"));
        assertTrue(text.contains("old linear"));
        assertTrue(text.indexOf("new loading") < text.indexOf("old linear"), "sections keep their order");
    }

    @Test
    void shouldAppendAFamilyWhenItIsNew(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("RESULTS.md");
        ResultsReport.update(file, Map.of("Data loading", section("Data loading", "loading")));
        ResultsReport.update(file, Map.of("Clustering", section("Clustering", "k-means")));
        String text = Files.readString(file);
        assertTrue(text.indexOf("loading") < text.indexOf("k-means"));
    }

    @Test
    void shouldTakeTheMedianOfTheRepetitions() {
        Contender c = new Contender() {
            @Override
            public String system() {
                return "Ember";
            }

            @Override
            public String variant() {
                return "test";
            }

            @Override
            public Measurement run(BenchContext context) {
                throw new UnsupportedOperationException();
            }
        };
        ContenderResult r = new ContenderResult(c, List.of(
            new Measurement(3.0, Map.of("m", 30.0)),
            new Measurement(1.0, Map.of("m", 10.0)),
            new Measurement(2.0, Map.of())));
        assertEquals(2.0, r.medianSeconds());
        assertEquals(1.0, r.minSeconds());
        assertEquals(3.0, r.maxSeconds());
        assertEquals(20.0, r.medianMetric("m"));
        assertEquals(null, r.medianMetric("absent"));
    }

    @Test
    void shouldMakeMarkerIdsFromFamilyNames() {
        assertEquals("data-loading", ResultsReport.slug("Data loading"));
        assertEquals("k-means-clustering", ResultsReport.slug("K-means / clustering"));
    }
}
