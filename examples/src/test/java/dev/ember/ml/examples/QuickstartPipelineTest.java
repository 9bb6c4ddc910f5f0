package dev.ember.ml.examples;

import dev.ember.ml.testkit.TestData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertTrue;

class QuickstartPipelineTest {

    @Test
    void shouldRunEndToEndAndSaveALoadableModel(@TempDir Path tmp) throws Exception {
        Path model = tmp.resolve("model");
        QuickstartPipeline.main(new String[] {
            TestData.repoRoot().resolve("examples/data/breast_cancer.csv").toString(), model.toString()});
        assertTrue(Files.isRegularFile(model.resolve("metadata.json")));
        try (var s = Files.list(model.resolve("stages"))) {
            assertTrue(s.count() == 4, "pipeline model must hold its four stages");
        }
    }
}
