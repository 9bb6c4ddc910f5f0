package dev.ember.ml.bench.tree;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ember.ml.bench.PeerPython;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs {@code benchmarks/python/tree_peers.py}, the Python peers of the tree workloads (LightGBM, XGBoost,
 * scikit-learn), in the bench venv ({@code .venv-bench}, made by {@code run.sh}; {@code BENCH_PYTHON} overrides
 * the interpreter).
 */
final class TreePeers {
    private static final Logger LOG = LoggerFactory.getLogger(TreePeers.class);

    private TreePeers() {
    }

    /**
     * @param library the script's {@code --library}
     * @param parquet the workload's Parquet file
     * @param args further arguments ({@code --threads}, {@code --trees}, ...)
     * @return the script's JSON line: {@code library, seconds, auc, trainRows}
     * @throws IOException if the script cannot start
     * @throws InterruptedException if interrupted while it runs
     */
    static JsonNode run(String library, Path parquet, String... args) throws IOException, InterruptedException {
        Path root = PeerPython.repoRoot();
        String python = System.getenv().getOrDefault("BENCH_PYTHON",
            root.resolve(".venv-bench/bin/python").toString());
        List<String> command = new ArrayList<>(List.of(python, root.resolve("benchmarks/python/tree_peers.py")
            .toString(), "--library", library, "--parquet", parquet.toString()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IllegalStateException(library + " peer failed (" + python + "):\n" + out);
        }
        String[] lines = out.strip().split("\n");
        LOG.info("{}: {}", library, lines[lines.length - 1]);
        return new ObjectMapper().readTree(lines[lines.length - 1]);
    }
}
