package dev.ember.ml.examples;

import dev.ember.ml.testkit.TestData;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FeatureNamesExampleTest {

    @Test
    void shouldPrintCoefficientsByMeasurementAndANamedConfusionMatrix() {
        PrintStream saved = System.out;
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(buffer, true, StandardCharsets.UTF_8));
            FeatureNamesExample.main(new String[] {
                TestData.repoRoot().resolve("examples/data/breast_cancer.csv").toString()});
        } finally {
            System.setOut(saved);
        }
        List<String> lines = buffer.toString(StandardCharsets.UTF_8).lines().toList();
        saved.println(String.join("\n", lines));
        assertEquals(8, lines.size(), "5 coefficients, the matrix header and 2 classes: " + lines);
        for (String l : lines.subList(0, 5)) {
            assertTrue(l.matches("(mean|worst)?_?[a-z_]+(_error)?\\s+[+-]\\d\\.\\d{4}"), l);
        }
        assertTrue(lines.get(5).startsWith("actual \\ predicted"), lines.get(5));
        assertTrue(lines.get(6).startsWith("benign") || lines.get(6).startsWith("malignant"), lines.get(6));
    }
}
