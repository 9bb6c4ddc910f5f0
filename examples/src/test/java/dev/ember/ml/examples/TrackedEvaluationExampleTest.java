package dev.ember.ml.examples;

import dev.ember.ml.core.tracking.Tracking;
import dev.ember.ml.testkit.TestData;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The tracked evaluation example writes its metrics and charts into an MLflow store. */
class TrackedEvaluationExampleTest {

    @AfterEach
    void reset() {
        Tracking.setTrackingUri(null);
    }

    @Test
    void shouldLogTestMetricsAndChartsToTheRun(@TempDir Path tmp) throws IOException {
        Path mlruns = tmp.resolve("mlruns");
        PrintStream saved = System.out;
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(buffer, true, StandardCharsets.UTF_8));
            TrackedEvaluationExample.main(new String[] {
                TestData.repoRoot().resolve("examples/data/breast_cancer.csv").toString(), mlruns.toUri().toString()});
        } finally {
            System.setOut(saved);
        }
        String text = buffer.toString(StandardCharsets.UTF_8);
        assertTrue(text.matches("(?s).*test areaUnderROC 0\\.9\\d+.*"), text);
        List<String> files;
        try (Stream<Path> s = Files.walk(mlruns)) {
            files = s.filter(Files::isRegularFile).map(p -> mlruns.relativize(p).toString().replace('\\', '/'))
                .toList();
        }
        for (String want : List.of("metrics/test.BinaryClassificationEvaluator.areaUnderROC",
            "metrics/test.MulticlassClassificationEvaluator.accuracy", "metrics/LogisticRegression.loss",
            "metrics/StringIndexer.numLabels",
            "artifacts/evaluation/test/BinaryClassificationEvaluator.roc_curve.png",
            "artifacts/evaluation/test/BinaryClassificationEvaluator.precision_recall_curve.png",
            "artifacts/evaluation/test/MulticlassClassificationEvaluator.confusion_matrix.png")) {
            assertEquals(1, files.stream().filter(f -> f.endsWith(want)).count(), want + " in " + files);
        }
    }
}
