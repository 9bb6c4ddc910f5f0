package dev.ember.ml.examples;

import dev.ember.ml.core.tracking.Tracking;
import dev.ember.ml.onnx.proto.OnnxMl.ModelProto;
import dev.ember.ml.testkit.TestData;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OnnxExportExampleTest {

    @AfterEach
    void reset() {
        Tracking.setTrackingUri(null);
    }

    @Test
    void shouldWriteTheGraphAndLogTheOnnxFlavor(@TempDir Path tmp) throws Exception {
        String uri = tmp.resolve("mlruns").toUri().toString();
        Tracking.setTrackingUri(uri);
        OnnxExportExample.main(new String[] {
            TestData.repoRoot().resolve("examples/data/breast_cancer.csv").toString(), tmp.toString()});
        assertTrue(Tracking.flush(uri, 30_000), "the run's files written");
        ModelProto model = ModelProto.parseFrom(Files.readAllBytes(tmp.resolve("model.onnx")));
        assertEquals(30, model.getGraph().getInputCount(), "the 30 measurements, not the diagnosis");
        try (Stream<Path> files = Files.walk(tmp.resolve("mlruns"))) {
            assertTrue(files.anyMatch(p -> p.endsWith("model/model.onnx")), "model.onnx logged beside MLmodel");
        }
    }
}
