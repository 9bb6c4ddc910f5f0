package dev.ember.ml.examples;

import dev.ember.ml.testkit.TestData;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertTrue;

class ClusteringAndBayesExampleTest {

    @Test
    void shouldClusterAndClassifyTheTumours() {
        PrintStream saved = System.out;
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(buffer, true, StandardCharsets.UTF_8));
            ClusteringAndBayesExample.main(new String[] {
                TestData.repoRoot().resolve("examples/data/breast_cancer.csv").toString()});
        } finally {
            System.setOut(saved);
        }
        String text = buffer.toString(StandardCharsets.UTF_8);
        assertTrue(text.contains("silhouette"), text);
        assertTrue(text.matches("(?s).*naive Bayes test accuracy: gaussian 0\\.9\\d+.*"), text);
    }
}
