package dev.ember.ml.bench.features;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs {@code benchmarks/python/features_bench.py} with the project venv's python and reads its JSON answer. */
final class PythonPeer {
    private PythonPeer() {
    }

    static Path root() {
        Path p = Path.of("").toAbsolutePath();
        while (p != null && !Files.isRegularFile(p.resolve("benchmarks/python/features_bench.py"))) {
            p = p.getParent();
        }
        if (p == null) {
            throw new IllegalStateException("cannot find benchmarks/python/features_bench.py above "
                + Path.of("").toAbsolutePath());
        }
        return p;
    }

    static JsonNode run(String... args) throws IOException, InterruptedException {
        Path root = root();
        Path python = root.resolve(".venv/bin/python");
        if (!Files.isExecutable(python)) {
            throw new IllegalStateException("no venv at " + python + ": run scripts/python-env.sh");
        }
        List<String> cmd = new ArrayList<>(List.of(python.toString(),
            root.resolve("benchmarks/python/features_bench.py").toString()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(2, TimeUnit.HOURS) || p.exitValue() != 0) {
            throw new IllegalStateException("python peer " + String.join(" ", args) + " failed: " + out);
        }
        String[] lines = out.strip().split("\n");
        return new ObjectMapper().readTree(lines[lines.length - 1]);
    }
}
