package dev.ember.ml.bench.features;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ember.ml.bench.PeerPython;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs the Python peers of the feature-store benchmarks ({@code benchmarks/python/features_bench.py} with the
 * project venv's python, {@code feast_bench.py} with Feast's venv) and reads their JSON answer.
 */
final class PythonPeer {
    private PythonPeer() {
    }

    static Path root() {
        return PeerPython.repoRoot();
    }

    static JsonNode run(String... args) throws IOException, InterruptedException {
        Path python = root().resolve(".venv/bin/python");
        if (!Files.isExecutable(python)) {
            throw new IllegalStateException("no venv at " + python + ": run scripts/python-env.sh");
        }
        return runScript(python, "features_bench.py", args);
    }

    /**
     * Runs Feast's point-in-time join ({@code benchmarks/python/feast_bench.py}) in the venv that
     * {@code benchmarks/feast-venv.sh} makes (created or brought up to date first).
     */
    static JsonNode runFeast(String... args) throws IOException, InterruptedException {
        Process venv = new ProcessBuilder(root().resolve("benchmarks/feast-venv.sh").toString())
            .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String python = new String(venv.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        if (!venv.waitFor(30, TimeUnit.MINUTES) || venv.exitValue() != 0) {
            throw new IllegalStateException("benchmarks/feast-venv.sh failed (exit " + venv.exitValue() + ")");
        }
        return runScript(Path.of(python), "feast_bench.py", args);
    }

    private static JsonNode runScript(Path python, String script, String... args)
        throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(python.toString(),
            root().resolve("benchmarks/python").resolve(script).toString()));
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
