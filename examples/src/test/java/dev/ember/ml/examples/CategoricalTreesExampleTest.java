package dev.ember.ml.examples;

import dev.ember.ml.testkit.TestData;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertTrue;

class CategoricalTreesExampleTest {

    @Test
    void shouldSplitOnSetsOfSpeciesNamedInTheFirstTree() {
        PrintStream saved = System.out;
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(buffer, true, StandardCharsets.UTF_8));
            CategoricalTreesExample.main(new String[] {TestData.repoRoot().resolve("examples/data/iris.csv").toString()});
        } finally {
            System.setOut(saved);
        }
        List<String> lines = buffer.toString(StandardCharsets.UTF_8).lines().toList();
        saved.println(String.join("\n", lines));
        double rmse = Double.parseDouble(lines.get(0).split(" ")[2]);
        assertTrue(rmse < 0.3, "test RMSE " + rmse);
        // the root splits the species: petal width is mostly the species
        assertTrue(lines.get(1).matches("\\s+If \\(feature 2 in \\{[a-z,]+}( or missing)?\\)"), lines.get(1));
        assertTrue(lines.stream().anyMatch(l -> l.contains("setosa")), "species named");
    }
}
